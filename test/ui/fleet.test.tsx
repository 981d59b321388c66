import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {createHash} from 'node:crypto';
import {join} from 'node:path';
import {afterEach, describe, expect, test, vi} from 'vitest';
import {cleanup} from 'ink-testing-library';
import type {EngineLists} from '../../source/engine/fleet';
import type {EngineTarget} from '../../source/engine/target';
import {createFleetActions} from '../../source/services/fleet';
import {container, image} from '../fixtures/scene';
import {renderApp, settle} from './render';
import {tempDir} from '../fixtures/temp-dir';

let dir = '';
afterEach(() => {
	cleanup();
	rmSync(dir, {recursive: true, force: true});
});

function contexts(entries: Record<string, string>): string {
	dir = tempDir('dsw-fleet-ui-');
	for (const [name, host] of Object.entries(entries)) {
		const meta = join(dir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
		mkdirSync(meta, {recursive: true});
		writeFileSync(join(meta, 'meta.json'), JSON.stringify({Name: name, Endpoints: {docker: {Host: host}}}));
	}
	return dir;
}

const lists: Record<string, EngineLists> = {
	'unix:///one.sock': {images: [image('a1', ['app:1.0.0']), image('a2', ['app:1.1.0'])], containers: [container('c1', 'web-1', 'a2', 'running')]},
	'unix:///two.sock': {images: [image('a1', ['app:1.0.0']), image('b2', ['app:1.1.0'])], containers: [container('c2', 'api-1', 'a1', 'running')]},
};

/** Waits for `probe` to hold (vitest polls it), failing with `what` after `timeoutMs`. */
const until = (probe: () => boolean, what: string, timeoutMs = 3000) =>
	vi.waitFor(
		() => {
			if (!probe()) throw new Error(`timed out waiting for ${what}`);
		},
		{timeout: timeoutMs, interval: 10},
	);

describe('fleet pane', () => {
	test('two live engines are listed while the dead one is still being asked; then it shows as unreachable', async () => {
		const configDir = contexts({one: 'unix:///one.sock', two: 'unix:///two.sock', dead: 'tcp://127.0.0.1:9'});
		const asked: string[] = [];
		let failDead: (error: Error) => void = () => undefined;
		const query = (target: EngineTarget, timeoutMs: number) => {
			asked.push(target.host);
			if (target.host === 'tcp://127.0.0.1:9') return new Promise<EngineLists>((_, reject) => (failDead = reject));
			expect(timeoutMs).toBe(3000);
			return Promise.resolve(lists[target.host]!);
		};
		const app = renderApp({
			columns: 100,
			rows: 20,
			actions: [{type: 'connected', host: 'unix:///one.sock', engineVersion: '20.10', apiVersion: '1.41', images: [], containers: []}],
			fleet: store => createFleetActions(store, {env: {DOCKER_CONFIG: configDir, DOCKER_HOST: 'unix:///one.sock', DOCKSWAB_FLEET_TIMEOUT: '3'}, query}),
		});
		await settle();
		// Nothing is asked before the pane opens.
		expect(asked).toEqual([]);
		expect(app.lastFrame()).toMatch(/ 4 Fleet\s*$/m);
		app.stdin.write('4');
		await until(() => /app:1\.1\.0/.test(app.lastFrame() ?? ''), "the live engines' rows");
		const frame = app.lastFrame()!;
		expect(asked.sort()).toEqual(['tcp://127.0.0.1:9', 'unix:///one.sock', 'unix:///two.sock']);
		expect(frame).toContain('2/3 engines live: one, two · dead: asking… (up to 3 s)');
		expect(frame).toMatch(/app:1\.0\.0\s+2\/2\s+two\s+5MB same/);
		expect(frame).toMatch(/app:1\.1\.0\s+2\/2\s+one\s+5MB differs/);
		expect(frame).toContain('4 Fleet 2');
		failDead(new Error('the engine did not answer within 3 s'));
		await until(() => (app.lastFrame() ?? '').includes('dead: no answer within 3 s'), "the dead engine's status");

		// Enter: the row on every engine; e asks to switch to the engine under the cursor.
		app.stdin.write('\r');
		await until(() => (app.lastFrame() ?? '').includes('app:1.0.0 on each engine'), 'the detail dialog');
		const detail = app.lastFrame()!;
		expect(detail).toMatch(/dead\s+unreachable: no answer within 3 s/);
		expect(detail).toMatch(/one\s+a10000000000\s+5MB\s+no running container/);
		expect(detail).toMatch(/two\s+a10000000000\s+5MB\s+running: api-1/);
		app.stdin.write('j');
		await settle();
		app.stdin.write('j');
		await settle();
		app.stdin.write('e');
		await settle();
		// e asks for every pane to move to that engine (the context switcher does it).
		expect(app.calls).toContainEqual({name: 'switchEngine', argument: {context: 'two', endOperations: undefined}});
		// r asks every engine again.
		asked.length = 0;
		app.stdin.write('r');
		await settle();
		expect(asked.sort()).toEqual(['tcp://127.0.0.1:9', 'unix:///one.sock', 'unix:///two.sock']);
	});
});
