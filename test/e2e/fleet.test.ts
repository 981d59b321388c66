// The fleet pane over two sandbox engines and one that accepts connections and never answers.
import {execFileSync} from 'node:child_process';
import {rmSync} from 'node:fs';
import {createServer, type Server, type Socket} from 'node:net';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, test} from 'vitest';
import {docker, imageStore, sandboxEnv, seedSandbox, startTui, type Tui} from './harness';
import {tempDir} from '../fixtures/temp-dir';

let tui: Tui | null = null;
let configDir = '';
let dead: Server;
const held: Socket[] = [];

/** Engine 2 of the sandbox, refused unless it carries the sandbox labels. */
function engine2Host(): string {
	const host = sandboxEnv().DOCKSWAB_ENGINE2_HOST ?? '';
	const labels = execFileSync('docker', ['-H', host, 'info', '--format', '{{json .Labels}}'], {encoding: 'utf8', env: sandboxEnv()});
	if (!labels.includes('dockswab.sandbox=true')) throw new Error(`refusing to use ${host}: not a dockswab sandbox engine`);
	return host;
}

const onEngine = async (host: string, ...args: string[]) => docker('-H', host, ...args);
const references = async (host: string) => new Set((await onEngine(host, 'images', '--format', '{{.Repository}}:{{.Tag}}')).split('\n').filter(line => line && !line.includes('<none>')));

// Each test starts from the seeded scenes (the keep-N test cleans both engines); the seed only
// runs again when the scene changed.
beforeEach(seedSandbox);

beforeAll(async () => {
	dead = createServer(socket => void held.push(socket));
	await new Promise<void>(resolve => dead.listen(0, '127.0.0.1', resolve));
	const port = (dead.address() as {port: number}).port;
	configDir = tempDir('dsw-fleet-');
	const contexts = {one: sandboxEnv().DOCKER_HOST!, two: engine2Host(), dead: `tcp://127.0.0.1:${port}`};
	for (const [name, host] of Object.entries(contexts)) {
		execFileSync('docker', ['--config', configDir, 'context', 'create', name, '--docker', `host=${host}`], {stdio: 'ignore', env: sandboxEnv()});
	}
});

afterAll(async () => {
	for (const socket of held) socket.destroy();
	await new Promise(resolve => dead.close(resolve));
	rmSync(configDir, {recursive: true, force: true});
});

afterEach(async () => {
	await tui?.stop();
	tui = null;
});

const timeoutSeconds = 4;

async function openFleet(): Promise<Tui> {
	tui = await startTui({columns: 120, rows: 40, env: {DOCKER_CONFIG: configDir, DOCKSWAB_FLEET_TIMEOUT: String(timeoutSeconds)}});
	await tui.waitForText(/app\s+1\.3\.0/);
	await tui.keys('4');
	return tui;
}

/** The screen line of a reference in the fleet pane: its cells. */
function fleetCells(screen: string, reference: string): string[] | undefined {
	const line = screen.split('\n').find(candidate => candidate.trim().split(/\s+/)[0] === reference);
	return line?.trim().split(/\s+/);
}

describe('fleet pane', () => {
	test('lists both live engines with their presence counts while the dead one is still being asked, then names it unreachable', async () => {
		const e2 = engine2Host();
		const one = await references(sandboxEnv().DOCKER_HOST!);
		const two = await references(e2);
		const session = await openFleet();
		const shown = await session.waitForText('2/3 engines live: one, two', 10_000);
		// The live engines are on screen while the dead one is still being asked, i.e. before its
		// time is up (how soon is the bench's question, not a test's).
		expect(shown).toContain(`dead: asking… (up to ${timeoutSeconds} s)`);
		for (const reference of new Set([...one, ...two])) {
			const cells = fleetCells(shown, reference);
			expect(cells, reference).toBeDefined();
			const count = Number(one.has(reference)) + Number(two.has(reference));
			expect(cells![1], reference).toBe(`${count}/2`);
		}
		// api-1 runs app:1.0.0 on engine 2; save/load kept the image, a second build did not. From
		// the containerd store to the classic one save/load changes the ID (manifest digest there,
		// config digest here): the same creation time and layers still make it the same image.
		const ids = [
			await docker('image', 'inspect', '--format', '{{.Id}}', 'app:1.0.0'),
			execFileSync('docker', ['-H', e2, 'image', 'inspect', '--format', '{{.Id}}', 'app:1.0.0'], {env: sandboxEnv(), encoding: 'utf8'}).trim(),
		];
		expect(ids[0] === ids[1]).toBe(imageStore() === 'classic');
		expect(fleetCells(shown, 'app:1.0.0')).toEqual(['app:1.0.0', '2/2', 'two', imageStore() === 'containerd' ? '3.13MB' : '1.98MB', 'same']);
		expect(fleetCells(shown, 'app:1.2.0')?.at(-1)).toBe('differs');
		expect(fleetCells(shown, 'web:2.1.0')?.[2]).toBe('one');
		const unreachable = await session.waitForText(`dead: no answer within ${timeoutSeconds} s`, (timeoutSeconds + 3) * 1000);
		expect(unreachable).toContain('2/3 engines live: one, two');

		await session.filterTo('app:1.0.0');
		await session.keys('Enter');
		const detail = await session.waitForText('app:1.0.0 on each engine');
		const short = (id: string) => id.replace('sha256:', '').slice(0, 12);
		const id = short(await onEngine(e2, 'image', 'inspect', '--format', '{{.Id}}', 'app:1.0.0'));
		const ownId = short(await docker('image', 'inspect', '--format', '{{.Id}}', 'app:1.0.0'));
		const ownSize = imageStore() === 'containerd' ? '3\\.13MB' : '1\\.98MB';
		expect(detail).toMatch(new RegExp(`one\\s+${ownId}\\s+${ownSize}\\s+no running container`));
		expect(detail).toMatch(new RegExp(`two\\s+${id}\\s+1\\.98MB\\s+running: api-1`));
		expect(detail).toMatch(/dead\s+unreachable: no answer within 4 s/);
	});

	test('keep-N removes old versions on both engines in one confirmation and keeps what running containers use', async () => {
		const e2 = engine2Host();
		const session = await openFleet();
		await session.waitForText('2/3 engines live: one, two', 10_000);
		await session.filterTo('app:');
		await session.keys('h');
		await session.waitForText('Fleet: keep the newest 2 versions');
		await session.keys('1');
		await session.waitForText('Fleet: keep the newest 1 versions');
		await session.keys('Enter');
		const plan = await session.waitForText('Run on 2 engines');
		// On two, api-1 runs app:1.0.0: the policy never selects it, so two's plan does not name it.
		const twoSection = plan.slice(plan.indexOf('two: '));
		expect(twoSection).toMatch(/app:1\.1\.0/);
		expect(twoSection).not.toMatch(/app:1\.0\.0/);
		// Enter on the Cancel button that has the focus cancels: the engines are unchanged.
		await session.keys('Enter');
		await session.waitForNoText('Run on 2 engines');
		expect((await references(e2)).has('app:1.1.0')).toBe(true);
		await session.keys('h');
		await session.waitForText('Fleet: keep the newest 2 versions');
		await session.keys('1', 'Enter');
		await session.waitForText('Run on 2 engines');
		await session.keys('y');
		await session.waitForText('done · Enter or Esc closes', 20_000);
		const one = await references(sandboxEnv().DOCKER_HOST!);
		const two = await references(e2);
		for (const gone of ['app:1.0.0', 'app:1.1.0', 'app:1.2.0']) expect(one.has(gone), gone).toBe(false);
		// The newest version, its floating tag, a non-version tag and another repository stay.
		for (const kept of ['app:1.3.0', 'app:latest', 'app:dev', 'web:2.0.0']) expect(one.has(kept), kept).toBe(true);
		expect([...two].filter(reference => reference.startsWith('app:')).sort()).toEqual(['app:1.0.0', 'app:1.2.0']);
		expect(await onEngine(e2, 'ps', '--format', '{{.Names}} {{.Image}}')).toBe('api-1 app:1.0.0');
	});
});

describe('headless, across the contexts', () => {
	test('plan --all-contexts --keep 1 --repo app: one plan per live engine, the dead one reported, running images never selected', async () => {
		const {execFile} = await import('node:child_process');
		const result = await new Promise<{code: number; stdout: string}>(resolve =>
			execFile(
				'node',
				['dist/cli.js', 'plan', '--all-contexts', '--keep', '1', '--repo', 'app', '--json'],
				{env: {...sandboxEnv(), DOCKER_CONFIG: configDir, DOCKSWAB_FLEET_TIMEOUT: String(timeoutSeconds)}, timeout: 60_000},
				(error, stdout) => resolve({code: error ? ((error as {code?: number}).code ?? -1) : 0, stdout}),
			),
		);
		// The readme: 1 when an engine did not answer (2 only when none did).
		expect(result.code).toBe(1);
		type Engine = {engine: string; ok: boolean; error?: string; items?: {reference: string | null; action: string}[]};
		const report = JSON.parse(result.stdout) as {version: number; engines: Engine[]};
		expect(report.version).toBe(1);
		const byName = new Map(report.engines.map(engine => [engine.engine, engine]));
		expect(byName.get('dead')?.ok).toBe(false);
		// One engine of several gets the fleet's time limit to answer, not the 10 s of one alone.
		expect(byName.get('dead')?.error).toContain(`within ${timeoutSeconds} s`);
		for (const [name, host, newest] of [
			['one', sandboxEnv().DOCKER_HOST!, 'app:1.3.0'],
			['two', engine2Host(), 'app:1.2.0'],
		] as const) {
			const engine = byName.get(name)!;
			expect(engine.ok).toBe(true);
			const selected = engine.items!.map(item => item.reference);
			expect(selected.length).toBeGreaterThan(0);
			expect(selected).not.toContain(newest);
			for (const reference of selected) expect(reference).toMatch(/^app:/);
			// The images running containers use are never selected, on either engine.
			const running = new Set((await onEngine(host, 'ps', '--format', '{{.Image}}')).split('\n').filter(Boolean));
			for (const reference of selected) expect(running.has(reference!)).toBe(false);
		}
	});
});
