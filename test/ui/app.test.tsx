import {afterEach, describe, expect, test} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {images} from '../fixtures/scene';
import {keyBindings} from '../../source/ui/keymap';
import {connected, renderApp, settle} from './render';

afterEach(() => cleanup());

const lines = (frame: string | undefined) => (frame ?? '').split('\n');

describe('images pane', () => {
	test('draws header, one row per repository:tag with the 12-character ID, and the key line at 80x24', async () => {
		const app = renderApp({columns: 80, rows: 24, actions: [...connected]});
		await settle();
		const frame = app.lastFrame()!;
		expect(lines(frame)[0]).toContain('Docker 20.10.24 (API 1.41)');
		expect(frame).toContain('1 Images 7');
		const row = lines(frame).find(line => /app\s+1\.1\.0/.test(line))!;
		expect(row).toContain(images[1]!.id.slice(0, 12));
		expect(row).toContain('2 stop');
		expect(lines(frame).every(line => line.length <= 80)).toBe(true);
		expect(lines(frame).length).toBeLessThanOrEqual(23);
		expect(frame).toContain('? help');
	});

	test("the header names the engine's own product: Podman Engine 4.3.1", async () => {
		const podman = {...connected[0], engineVersion: '4.3.1', product: 'Podman Engine'};
		const app = renderApp({columns: 80, rows: 24, actions: [podman, connected[1]]});
		await settle();
		expect(lines(app.lastFrame())[0]).toContain('Podman Engine 4.3.1 (API 1.41)');
		expect(lines(app.lastFrame())[0]).not.toContain('Docker');
	});

	test('only the visible window of rows is drawn', async () => {
		const many = Array.from({length: 500}, (_, i) => ({...images[0]!, id: `${i}`.padStart(64, 'f'), repoTags: [`bulk:${i}`], created: 1_000_000 + i}));
		const app = renderApp({columns: 100, rows: 20, actions: [connected[0], {type: 'lists', images: many, containers: []}]});
		await settle();
		const rows = lines(app.lastFrame()).filter(line => line.includes('bulk'));
		expect(rows).toHaveLength(14);
		expect(rows[0]).toMatch(/bulk\s+499/);
		app.stdin.write('G');
		await settle();
		expect(
			lines(app.lastFrame())
				.filter(line => line.includes('bulk'))
				.at(-1),
		).toMatch(/bulk\s+0\s/);
	});

	test('space marks rows and the status line counts marks hidden by a filter', async () => {
		const app = renderApp({actions: [...connected]});
		await settle();
		app.stdin.write(' ');
		await settle();
		expect(lines(app.lastFrame()).filter(line => line.startsWith('● '))).toHaveLength(1);
		app.stdin.write('/');
		await settle();
		app.stdin.write('web');
		await settle();
		app.stdin.write('\r');
		await settle();
		expect(app.lastFrame()).toContain('1 marked (1 hidden by filter)');
	});

	test('? opens the help overlay and Esc closes it', async () => {
		const app = renderApp({actions: [...connected]});
		await settle();
		app.stdin.write('?');
		await settle();
		expect(app.lastFrame()).toContain('mark row, mark all visible, clear marks');
		// Esc arriving alone is Esc at once: no wait for a sequence that might follow.
		app.stdin.write('\u001B');
		await settle();
		expect(app.lastFrame()).not.toContain('mark row, mark all visible');
	});

	test('the help lists every key binding at 80x24', async () => {
		const app = renderApp({columns: 80, rows: 24, actions: [...connected]});
		await settle();
		app.stdin.write('?');
		await settle();
		const frame = app.lastFrame()!;
		for (const binding of keyBindings) {
			expect(frame).toContain(binding.label);
			expect(frame).toContain(binding.help.slice(0, 40));
		}
		expect(frame).toContain('Esc or ? closes this help.');
	});

	test('q quits', async () => {
		const app = renderApp({actions: [...connected]});
		await settle();
		app.stdin.write('q');
		await settle();
		expect(app.quits).toEqual([0]);
	});
});

describe('other screens', () => {
	test('containers pane shows name, image, state', async () => {
		const app = renderApp({actions: [...connected]});
		await settle();
		app.stdin.write('2');
		await settle();
		const row = lines(app.lastFrame()).find(line => line.includes('web-1'))!;
		expect(row).toContain('running');
		expect(row).toContain('Up 2 hours');
	});

	test('a dead engine shows what was tried and how to retry, and nothing else', async () => {
		const app = renderApp({actions: [{type: 'connection-failed', host: 'unix:///dead.sock', error: 'No engine socket at unix:///dead.sock (from DOCKER_HOST).', hint: 'Is dockerd running?'}]});
		await settle();
		expect(app.lastFrame()).toContain('Cannot connect to the Docker engine');
		expect(app.lastFrame()).toContain('unix:///dead.sock');
		expect(app.lastFrame()).toContain('r retry');
	});

	test('an engine that answered and is still listing says so, not "connecting"', async () => {
		const app = renderApp({actions: [{type: 'connecting', host: 'unix:///big.sock', listing: true}]});
		await settle();
		expect(app.lastFrame()).toContain('unix:///big.sock answered; listing its images and containers…');
		expect(app.lastFrame()).not.toContain('connecting to');
	});

	test('a terminal too small says so', async () => {
		const app = renderApp({columns: 40, rows: 10, actions: [...connected]});
		await settle();
		expect(app.lastFrame()).toContain('Terminal too small: 40x10');
	});
});
