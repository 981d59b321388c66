// "Nothing runs that was not on screen": keys typed ahead or pasted never confirm a plan that was
// not yet drawn, Enter alone never confirms, and d in a details view plans the image it shows.
// The docker CLI is the oracle.
import {afterEach, beforeAll, describe, expect, test} from 'vitest';
import {docker, seedSandbox, startTui, tmux, waitFor, type Tui} from './harness';

let tui: Tui | null = null;

beforeAll(seedSandbox);

afterEach(async () => {
	await tui?.stop();
	tui = null;
});

async function open(columns = 120, rows = 36): Promise<Tui> {
	tui = await startTui({columns, rows});
	await tui.waitForText('app');
	return tui;
}

const exists = async (reference: string) =>
	docker('image', 'inspect', '--format', '{{.Id}}', reference).then(
		() => true,
		() => false,
	);
const imageList = async () => (await docker('images', '-a', '--no-trunc', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}')).split('\n').sort().join('\n');
const containerList = async () => (await docker('ps', '-a', '--no-trunc', '--format', '{{.ID}} {{.Names}} {{.State}}')).split('\n').sort().join('\n');

/** The plan is on screen, still waiting for a confirm: nothing was started. */
const planWaiting = /Delete \(\d+ steps?\)\s+Cancel/;

describe('keys that arrive in one read', () => {
	test('dy in one write shows the plan and deletes nothing; y after the plan was drawn deletes', async () => {
		await docker('tag', 'app:1.0.0', 'safety:typed-ahead');
		const session = await open();
		await session.filterTo('^safety:typed-ahead');
		await session.write('dy');
		// Both keys were handled before this frame was drawn: a confirmed plan would show progress or results.
		const plan = await session.waitForText(planWaiting);
		expect(plan).toContain('Delete 1 reference');
		expect(plan).not.toMatch(/removing…|done ·/);
		expect(await exists('safety:typed-ahead')).toBe(true);
		await session.keys('y');
		await session.waitForText(/1 done · 0 failed/);
		expect(await exists('safety:typed-ahead')).toBe(false);
		expect(await exists('app:1.0.0')).toBe(true);
	});

	test('keys typed while dockswab starts wait for its UI, are handled then, and confirm nothing', async () => {
		await docker('tag', 'app:1.0.0', 'safety:at-start');
		// Sent at once, while the first frame is at most being drawn and the UI is still loading.
		tui = await startTui({columns: 120, rows: 36});
		await tui.write('/^safety:at-start\rdy');
		const plan = await tui.waitForText(planWaiting);
		expect(plan).toContain('Delete 1 reference');
		expect(plan).toContain('safety:at-start');
		expect(plan).not.toMatch(/removing…|done ·/);
		expect(await exists('safety:at-start')).toBe(true);
		await tui.keys('Escape');
		await tui.waitForNoText(planWaiting);
		expect(await tui.screen()).toContain('filter: ^safety:at-start');
		await docker('rmi', 'safety:at-start');
	});

	test('h2⏎y in one write opens the remove-unused plan and removes nothing', async () => {
		const before = await imageList();
		const session = await open();
		await session.write('h2\ry');
		// The menu names the choice too: wait for the plan's own buttons.
		const plan = await session.waitForText(planWaiting);
		expect(plan).toContain('Remove all unused images');
		expect(plan).not.toMatch(/removing…|done ·/);
		expect(await imageList()).toBe(before);
		await session.keys('Escape');
		await session.waitForNoText(planWaiting);
		expect(await imageList()).toBe(before);
	});

	test('*dy in one write in the containers pane removes no container', async () => {
		const before = await containerList();
		const session = await open();
		await session.keys('2');
		await session.waitForText('worker-old-1');
		await session.write('*dy');
		const plan = await session.waitForText(/ Remove \s+ Cancel /);
		expect(plan).toMatch(/Remove \d+ containers/);
		expect(plan).not.toMatch(/remove… |done ·/);
		expect(await containerList()).toBe(before);
		await session.keys('Escape');
		await session.waitForNoText(/Remove \d+ containers/);
		expect(await containerList()).toBe(before);
	});

	test('a pasted "docker rmi x⏎" is not read as commands', async () => {
		await docker('tag', 'app:1.0.0', 'safety:pasted');
		const before = await imageList();
		const session = await open();
		await session.filterTo('^safety:pasted');
		await session.paste('docker rmi safety:pasted\n');
		// Keys are handled in order: help opening proves the paste was handled, and opened no dialog
		// (in a dialog ? does nothing).
		await session.keys('?');
		await session.waitForText('Esc or ? closes this help.');
		expect(await imageList()).toBe(before);
		await session.keys('Escape');
		await session.waitForNoText('Esc or ? closes this help.');
		// A paste into the filter is text: the pasted line becomes the filter, control characters dropped.
		await session.keys('/', 'C-u');
		await session.paste('safety:pasted\n');
		await session.waitForText('/safety:pasted █');
		expect(await imageList()).toBe(before);
	});
});

describe('Enter alone never confirms', () => {
	test('Enter on a freshly opened plan closes it (focus on Cancel) and changes nothing', async () => {
		await docker('tag', 'app:1.0.0', 'safety:enter');
		const session = await open();
		await session.filterTo('^safety:enter');
		await session.keys('d');
		await session.waitForText(planWaiting);
		await session.keys('Enter');
		await session.waitForNoText('Delete 1 reference');
		expect(await exists('safety:enter')).toBe(true);
		// Tab moves the focus to the confirm button; Enter then confirms.
		await session.keys('d');
		await session.waitForText(planWaiting);
		await session.keys('Tab');
		await waitFor(async () => (await tmux('capture-pane', '-e', '-p', '-t', session.name)).includes('7m Delete (1 step) '), 'the focus on the confirm button');
		await session.keys('Enter');
		await session.waitForText(/1 done · 0 failed/);
		expect(await exists('safety:enter')).toBe(false);
	});
});

describe('a flow acts on the object its view shows', () => {
	test('a reference moved to another image between plan and confirm is skipped; neither image is touched', async () => {
		await docker('tag', 'app:1.0.0', 'safety:moving');
		const planned = await docker('image', 'inspect', '--format', '{{.Id}}', 'app:1.0.0');
		const other = await docker('image', 'inspect', '--format', '{{.Id}}', 'app:1.3.0');
		const session = await open();
		await session.filterTo('^safety:moving');
		await session.keys('d');
		await session.waitForText(planWaiting);
		// CI retags while the plan is on screen.
		await docker('tag', 'app:1.3.0', 'safety:moving');
		await session.keys('y');
		const done = await session.waitForText(/\d+ done · \d+ failed · 1 skipped/);
		expect(done).toContain(`safety:moving now points at ${other.replace('sha256:', '').slice(0, 12)} (not in the plan)`);
		expect(await docker('image', 'inspect', '--format', '{{.Id}}', 'safety:moving')).toBe(other);
		expect(await docker('image', 'inspect', '--format', '{{.Id}}', 'app:1.0.0')).toBe(planned);
		expect(await exists('app:1.3.0')).toBe(true);
	});

	test('d in the details view plans the image shown, not the images pane cursor', async () => {
		const session = await open();
		await session.filterTo('^web:2.1.0');
		await session.keys('v');
		await session.waitForText('Versions by repository');
		await session.keys('Enter');
		const details = await session.waitForText(/ID\s+[0-9a-f]{64}/);
		const id = /ID\s+([0-9a-f]{64})/.exec(details)![1]!;
		const tags = (await docker('image', 'inspect', '--format', '{{join .RepoTags "\\n"}}', id)).split('\n').filter(Boolean);
		await session.keys('d');
		const screen = await session.waitForText(`Delete image ${id.slice(0, 12)}`);
		const plan = screen.slice(screen.indexOf('╭'), screen.indexOf('╰'));
		const planned = [...plan.matchAll(/(?:untag|delete|blocked)\s+(\S+:\S+)/g)].map(match => match[1]);
		expect(planned.length).toBeGreaterThan(0);
		for (const reference of planned) expect(tags).toContain(reference);
		// The versions view opens on its first row, another image than the images pane's cursor
		// (web:2.1.0): a plan of the cursor's image would name web:2.1.0.
		expect(tags).not.toContain('web:2.1.0');
		expect(plan).not.toContain('web:2.1.0');
		await session.keys('Escape');
	});
});
