import {afterEach, beforeAll, describe, expect, test} from 'vitest';
import {docker, seedSandbox, startTui, waitFor, type Tui} from './harness';

let tui: Tui | null = null;
beforeAll(seedSandbox);
afterEach(async () => {
	await tui?.stop();
	tui = null;
});

// sleep as PID 1 ignores SIGTERM and `docker stop` would wait its 10 s grace period.
const stoppable = ['sh', '-c', 'trap "exit 0" TERM; sleep 1000000 & wait'];
const state = (name: string) => docker('inspect', '--format', '{{.State.Status}}', name);

describe('containers pane actions on the engine', () => {
	test('stop, start and remove go through a confirmation and change the engine', async () => {
		await docker('create', '--network', 'none', '--name', 'action-probe', 'web:2.0.0', ...stoppable);
		tui = await startTui({columns: 120, rows: 30});
		await tui.waitForText('Images');
		await tui.keys('2');
		await tui.filterTo('action-probe');
		await tui.keys('r');
		await tui.waitForText('Start 1 container');
		await tui.keys('y');
		await tui.waitForText('1 done · 0 failed');
		expect(await state('action-probe')).toBe('running');
		await tui.keys('Enter');
		await tui.keys('d');
		const plan = await tui.waitForText('Remove 1 container');
		expect(plan).toMatch(/skip\s+action-probe\s+running: stop it first/);
		await tui.keys('y');
		await tui.waitForText(/0 done · 1 failed[\s\S]*action-probe\s+running: stop it first/);
		expect(await state('action-probe')).toBe('running');
		await tui.keys('Enter', 'x');
		await tui.waitForText('Stop 1 container');
		await tui.keys('y');
		await tui.waitForText('1 done · 0 failed');
		expect(await state('action-probe')).toBe('exited');
		await tui.keys('Enter', 'd');
		await tui.waitForText('Remove 1 container');
		await tui.keys('y');
		await tui.waitForText('1 done · 0 failed');
		await waitFor(async () => !(await docker('ps', '-a', '--format', '{{.Names}}')).includes('action-probe'), 'the container to be gone');
	});

	test('a running container is removed only after its name is typed', async () => {
		await docker('run', '-d', '--network', 'none', '--name', 'typed-probe', 'web:2.0.0', ...stoppable);
		tui = await startTui({columns: 120, rows: 30});
		await tui.waitForText('Images');
		await tui.keys('2');
		await tui.filterTo('typed-probe');
		await tui.keys('d', 'f');
		await tui.waitForText('Type typed-probe to confirm');
		await tui.type('typed-prob');
		// Enter in the same read as the last letters would rightly be refused as typed ahead.
		await tui.waitForText('confirm: typed-prob');
		await tui.keys('Enter');
		await tui.waitForText('the name does not match');
		expect(await state('typed-probe')).toBe('running');
		await tui.keys('f');
		await tui.waitForText('Type typed-probe to confirm');
		await tui.type('typed-probe');
		await tui.waitForText('confirm: typed-probe');
		await tui.keys('Enter');
		await tui.waitForText('1 done · 0 failed');
		await waitFor(async () => !(await docker('ps', '-a', '--format', '{{.Names}}')).includes('typed-probe'), 'the container to be gone');
	});

	test('Enter on a container jumps to its image', async () => {
		tui = await startTui({columns: 120, rows: 30});
		await tui.waitForText('Images');
		await tui.keys('2');
		await tui.filterTo('web-1');
		await tui.keys('Enter');
		// Jumping clears the filter and marks nothing: the image pane is back, and Space marks the image row.
		await tui.waitForText('REPOSITORY');
		await tui.keys('Space');
		const screen = await tui.waitForText('1 marked');
		expect(screen.split('\n').find(line => line.startsWith('● '))).toMatch(/web\s+2\.1\.0/);
	});
});

test('a container created between plan and confirm makes that removal fail, never forced', async () => {
	await docker('tag', 'app:1.1.0', 'race-probe:1.0');
	await docker('rmi', 'app:1.1.0');
	tui = await startTui({columns: 120, rows: 30});
	await tui.waitForText(/race-probe\s+1\.0/);
	await tui.keys('/');
	await tui.type('race-probe');
	await tui.waitForText('/race-probe');
	await tui.keys('Enter', 'd');
	const plan = await tui.waitForText('Delete 1 reference');
	expect(plan).toMatch(/delete\s+race-probe:1\.0/);
	await docker('create', '--network', 'none', '--name', 'late-comer', 'race-probe:1.0', 'true');
	await tui.keys('y');
	const done = await tui.waitForText('0 done · 1 failed');
	expect(done).toMatch(/✗ race-probe:1\.0\s+used by container late-comer/);
	expect(await docker('image', 'inspect', '--format', '{{.RepoTags}}', 'race-probe:1.0')).toContain('race-probe:1.0');
	expect(await state('late-comer')).toBe('created');
});
