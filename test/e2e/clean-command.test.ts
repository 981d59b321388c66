// `dockswab plan/clean` with policy rules on the sandbox; the docker CLI and /system/df are the oracle.
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {beforeEach, expect, test} from 'vitest';
import Docker from 'dockerode';
import {listAll} from '../../source/engine/lists';
import {docker, sandboxEnv, seedSandbox} from './harness';
import {tempDir} from '../fixtures/temp-dir';

const run = promisify(execFile);
// Each test changes the scene: each starts from the seed.
beforeEach(seedSandbox);

type Outcome = {stdout: string; stderr: string; code: number};
async function dockswab(...args: string[]): Promise<Outcome> {
	return run('node', ['dist/cli.js', ...args], {env: sandboxEnv()}).then(
		({stdout, stderr}) => ({stdout, stderr, code: 0}),
		(error: Outcome) => error,
	);
}

type Json = {
	version: number;
	engines: {ok: boolean; items: {reference: string | null; imageId: string; action: string}[]; totals: {bytesReclaimed: number}; bytesExact: boolean; budget: {after: number; holds: boolean} | null}[];
};

const engine = () => new Docker({socketPath: new URL(sandboxEnv().DOCKER_HOST!).pathname});
const tags = async () =>
	(await docker('images', '--format', '{{.Repository}}:{{.Tag}}'))
		.split('\n')
		.filter(line => !line.includes('<none>'))
		.sort();
const ids = async () => (await docker('images', '-a', '-q', '--no-trunc')).split('\n').sort();
const layersSize = async () => ((await engine().df()) as {LayersSize: number}).LayersSize;

test('plan --keep 2 --repo app lists the two oldest app versions by their engine IDs; clean without --yes changes nothing', async () => {
	const result = await dockswab('plan', '--keep', '2', '--repo', 'app', '--json');
	expect(result.code).toBe(0);
	const json = JSON.parse(result.stdout) as Json;
	expect(json.version).toBe(1);
	// The seed's app versions are 1.0.0 to 1.3.0 (1.3.0 also tagged latest, dev not a version):
	// keeping the newest two leaves 1.1.0 and 1.0.0, newest first, with the IDs the engine gives them.
	const id = async (reference: string) => (await docker('image', 'inspect', '--format', '{{.Id}}', reference)).replace('sha256:', '');
	const expected = [
		{imageId: await id('app:1.1.0'), reference: 'app:1.1.0'},
		{imageId: await id('app:1.0.0'), reference: 'app:1.0.0'},
	];
	expect(json.engines[0]!.items.map(item => ({imageId: item.imageId, reference: item.reference}))).toEqual(expected);

	const before = {tags: await tags(), ids: await ids()};
	const dry = await dockswab('clean', '--keep', '2', '--repo', 'app');
	expect(dry.code).toBe(0);
	expect(dry.stdout).toContain('Nothing was changed: add --yes to carry out this plan.');
	expect({tags: await tags(), ids: await ids()}).toEqual(before);
});

test('clean --keep 2 --repo app --yes leaves the planned state, and frees exactly the bytes the plan announced', async () => {
	const plan = JSON.parse((await dockswab('plan', '--keep', '2', '--repo', 'app', '--json')).stdout) as Json;
	const announced = plan.engines[0]!.totals.bytesReclaimed;
	expect(plan.engines[0]!.bytesExact).toBe(true);
	const before = await tags();
	const bytesBefore = await layersSize();
	const result = await dockswab('clean', '--keep', '2', '--repo', 'app', '--yes');
	expect(result.code).toBe(0);
	expect(result.stdout).toMatch(/^deleted\s+app:1\.1\.0 deleted$/m);
	expect(result.stdout).toMatch(/^deleted\s+app:1\.0\.0 deleted$/m);
	expect(await tags()).toEqual(before.filter(tag => tag !== 'app:1.1.0' && tag !== 'app:1.0.0'));
	// app:dev and app:latest are not versions: they survive keep-N.
	expect(await tags()).toEqual(expect.arrayContaining(['app:dev', 'app:latest', 'app:1.3.0', 'app:1.2.0']));
	expect(bytesBefore - (await layersSize())).toBe(announced);
});

test("--unused with --protect keeps what the patterns name; the running container's image survives; exact bytes", async () => {
	const plan = JSON.parse((await dockswab('plan', '--unused', '--protect', 'app:*', '--protect', 'sandbox', '--json')).stdout) as Json;
	const bytesBefore = await layersSize();
	const result = await dockswab('clean', '--unused', '--protect', 'app:*', '--protect', 'sandbox', '--yes', '--remove-stopped');
	expect(result.code).toBe(0);
	const left = await tags();
	expect(left).toEqual(expect.arrayContaining(['app:1.0.0', 'app:1.3.0', 'app:dev', 'app:latest', 'busybox:sandbox', 'web:2.1.0', 'worker:0.9.0']));
	expect(left).not.toContain('web:2.0.0');
	expect(left).not.toContain('base/service:1.0');
	expect(await docker('ps', '--format', '{{.Names}}')).toBe('web-1');
	expect(bytesBefore - (await layersSize())).toBe(plan.engines[0]!.totals.bytesReclaimed);
});

test("every rule at once removes every version but what containers use; the running container's image survives", async () => {
	const result = await dockswab('clean', '--keep', '0', '--older-than', '0s', '--unused-for', '0s', '--yes');
	// worker:0.9.0 is blocked by its stopped containers (no --remove-stopped): exit 1, as the readme says.
	expect(result.code).toBe(1);
	expect(result.stdout).toMatch(/worker:0\.9\.0/);
	// Every version tag of the seed is older than 0 s and unused for 0 s, so app 1.0.0 to 1.3.0 and
	// web:2.0.0 go; latest, dev, sandbox and 1.0 (not x.y.z) are not versions, web:2.1.0 runs, and
	// worker:0.9.0 is blocked.
	expect(await tags()).toEqual(['app:dev', 'app:latest', 'base/runtime:1.0', 'base/service:1.0', 'busybox:sandbox', 'web:2.1.0', 'worker:0.9.0']);
	expect(await docker('ps', '--format', '{{.Names}}')).toBe('web-1');
});

test('--budget removes least recently used unused images until the budget holds, no more', async () => {
	const now = await layersSize();
	// Room for all but a little: the oldest unused images go first, and only as many as needed.
	const budget = now - 60;
	const plan = JSON.parse((await dockswab('plan', '--budget', `${budget}`, '--json')).stdout) as Json;
	const engineJson = plan.engines[0]!;
	expect(engineJson.budget?.holds).toBe(true);
	const planned = engineJson.items.map(item => item.reference);
	const {images, containers} = await listAll(engine());
	const used = new Set(containers.map(container => container.imageId));
	const created = new Map(images.map(image => [image.id, image.created]));
	// Least recently used first among unused images: the later of creation and the engine's last tag time.
	const lastUse = async (id: string) => {
		const tagged = Date.parse(JSON.parse(await docker('image', 'inspect', '--format', '{{json .Metadata.LastTagTime}}', id)) as string) / 1000;
		return Math.max(created.get(id)!, tagged > 0 ? tagged : 0);
	};
	const order = await Promise.all(engineJson.items.map(item => lastUse(item.imageId)));
	expect(order).toEqual([...order].sort((a, b) => a - b));
	expect(engineJson.items.every(item => !used.has(item.imageId))).toBe(true);
	const result = await dockswab('clean', '--budget', `${budget}`, '--yes');
	expect(result.code).toBe(0);
	const after = await layersSize();
	expect(after).toBeLessThanOrEqual(budget);
	expect(now - after).toBe(engineJson.totals.bytesReclaimed);
	// No more than needed: a budget already met selects nothing.
	expect(planned.length).toBeGreaterThan(0);
	const met = JSON.parse((await dockswab('plan', '--budget', `${after}`, '--json')).stdout) as Json;
	expect(met.engines[0]!.items).toEqual([]);
});

test('--host twice gives one labelled plan per engine; a dead engine is reported and the other goes on (exit 1)', async () => {
	const host = sandboxEnv().DOCKER_HOST!;
	const dead = `unix://${sandboxEnv().DOCKSWAB_SANDBOX_DIR}/no-such.sock`;
	const result = await dockswab('plan', '--keep', '2', '--repo', 'app', '-H', host, '-H', dead);
	expect(result.code).toBe(1);
	expect(result.stdout).toContain(`== ${host} (${host})`);
	expect(result.stdout).toMatch(/delete\s+app:1\.1\.0/);
	expect(result.stderr).toContain(`${dead}: No engine socket`);
	const none = await dockswab('plan', '--unused', '-H', dead);
	expect(none.code).toBe(2);
});

test("the config file's protect patterns hold for plan and clean too, with --protect", async () => {
	const home = tempDir('dsw-protect-');
	mkdirSync(join(home, 'dockswab'));
	writeFileSync(join(home, 'dockswab', 'config.json'), '{"protect": ["app:1.0.*"]}\n');
	const withConfig = (...args: string[]) => run('node', ['dist/cli.js', ...args], {env: {...sandboxEnv(), XDG_CONFIG_HOME: home}}).then(({stdout}) => stdout);
	const selected = (json: string) => (JSON.parse(json) as Json).engines[0]!.items.map(item => item.reference);
	const plain = selected((await dockswab('plan', '--keep', '1', '--repo', 'app', '--json')).stdout);
	expect(plain).toContain('app:1.0.0');
	const protectedByConfig = selected(await withConfig('plan', '--keep', '1', '--repo', 'app', '--json'));
	expect(protectedByConfig).not.toContain('app:1.0.0');
	expect(protectedByConfig).toContain('app:1.1.0');
	const both = selected(await withConfig('plan', '--keep', '1', '--repo', 'app', '--protect', '1.1.0', '--json'));
	expect(both).not.toContain('app:1.0.0');
	expect(both).not.toContain('app:1.1.0');
	await withConfig('clean', '--keep', '1', '--repo', 'app', '--yes');
	expect(await tags()).toContain('app:1.0.0');
});
