// The BuildKit build cache on Docker 26 with the containerd image store, filled by real
// `docker buildx build --load` runs. The engine's own /system/df and /build/prune answers are
// the oracle. This file picks the containerd engine itself, whatever engine the project runs.
import {execFile} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {request} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, afterEach, beforeAll, beforeEach, expect, test} from 'vitest';
import {formatBytes} from '../../source/domain/format';
import {docker, seedSandbox, startTui, type Tui} from './harness';

const run = promisify(execFile);
const saved = {host: process.env.DOCKER_HOST, engine: process.env.DOCKSWAB_SANDBOX_ENGINE};
let context = '';

beforeAll(async () => {
	const host = process.env.DOCKSWAB_CONTAINERD_HOST;
	if (!host) throw new Error('the sandbox has no containerd-store engine (DOCKSWAB_CONTAINERD_HOST)');
	// seedSandbox, docker() and the dockswab runs below all read these.
	process.env.DOCKER_HOST = host;
	process.env.DOCKSWAB_SANDBOX_ENGINE = 'containerd';
	await seedSandbox();
	context = mkdtempSync(join(tmpdir(), 'dockswab-build-cache-'));
});

afterAll(() => {
	process.env.DOCKER_HOST = saved.host;
	if (saved.engine === undefined) delete process.env.DOCKSWAB_SANDBOX_ENGINE;
	else process.env.DOCKSWAB_SANDBOX_ENGINE = saved.engine;
	if (context) rmSync(context, {recursive: true, force: true});
});

type CacheRow = {ID: string; Size: number; InUse: boolean; Shared: boolean};

/** The engine's own answer, read from its socket, by ID (the engine's order varies between answers). */
function engineBuildCache(): Promise<CacheRow[]> {
	const socketPath = new URL(process.env.DOCKER_HOST!).pathname;
	return new Promise((resolve, reject) => {
		request({socketPath, path: '/v1.45/system/df'}, response => {
			let body = '';
			response.on('data', chunk => (body += String(chunk)));
			response.on('end', () => resolve(((JSON.parse(body) as {BuildCache: CacheRow[] | null}).BuildCache ?? []).sort((a, b) => a.ID.localeCompare(b.ID))));
		})
			.on('error', reject)
			.end();
	});
}

/** What the cache holds alone, as `docker system df` counts it (shared entries are image layers). */
const ownBytes = (rows: readonly CacheRow[]) => rows.filter(row => !row.Shared).reduce((sum, row) => sum + row.Size, 0);

let nonce = 0;

/**
 * Two real BuildKit builds of random bytes. The second image is removed again, so its RUN results
 * stay in the cache alone (what users run out of disk on); the first's are shared with its image
 * and, being older, are the first a capped prune picks.
 */
async function fillCache(): Promise<void> {
	const tag = `${process.pid}-${++nonce}`;
	for (const [name, bytes] of [
		['kept', 600_000],
		['gone', 600_000],
	] as const) {
		writeFileSync(join(context, `${name}.Dockerfile`), `FROM busybox:sandbox\nRUN echo ${tag} && head -c ${bytes} /dev/urandom > /${name}\nRUN head -c ${bytes / 2} /dev/urandom > /${name}-2\n`);
		await docker('buildx', 'build', '--load', '--network', 'none', '-f', join(context, `${name}.Dockerfile`), '-t', `cache-test/${name}:${tag}`, context);
	}
	await docker('rmi', `cache-test/gone:${tag}`);
}

type CacheJson = {
	engines: {
		ok: boolean;
		buildCache: {entries: number; bytes: number; reclaimableBytes: number; sharedBytes: number} | null;
		plan: {frees: number} | null;
		result?: {cachesDeleted: number; spaceReclaimed: number; bytesAfter: number | null} | null;
	}[];
	executed: boolean;
};

async function dockswab(...args: string[]): Promise<{stdout: string; code: number}> {
	return run('node', ['dist/cli.js', ...args], {env: process.env}).then(
		({stdout}) => ({stdout, code: 0}),
		(error: {stdout: string; code: number}) => error,
	);
}

beforeEach(async () => {
	// Each test starts from an empty cache and fills it itself.
	await docker('builder', 'prune', '--all', '--force');
	await fillCache();
});

let tui: Tui | null = null;
afterEach(async () => {
	await tui?.stop();
	tui = null;
});

test('plan --build-cache shows the figures the engine reports and changes nothing', async () => {
	const before = await engineBuildCache();
	expect(ownBytes(before)).toBeGreaterThan(0);
	const result = await dockswab('plan', '--build-cache', '--json');
	expect(result.code).toBe(0);
	const json = JSON.parse(result.stdout) as CacheJson;
	expect(json.executed).toBe(false);
	expect(json.engines[0]!.buildCache).toEqual({
		entries: before.length,
		bytes: ownBytes(before),
		reclaimableBytes: ownBytes(before.filter(row => !row.InUse)),
		sharedBytes: before.filter(row => row.Shared).reduce((sum, row) => sum + row.Size, 0),
	});
	const text = await dockswab('plan', '--build-cache');
	expect(text.stdout).toContain(`build cache: ${formatBytes(ownBytes(before))} in `);
	expect(await engineBuildCache()).toEqual(before);
});

test('clean --build-cache --keep-storage X --yes leaves at most X and reports what the engine reclaimed', async () => {
	const before = await engineBuildCache();
	const cap = Math.floor(ownBytes(before) / 3);
	const result = await dockswab('clean', '--build-cache', '--keep-storage', String(cap), '--yes', '--json');
	expect(result.code).toBe(0);
	const after = await engineBuildCache();
	expect(ownBytes(after)).toBeLessThanOrEqual(cap);
	const json = JSON.parse(result.stdout) as CacheJson;
	const gone = before.filter(row => !after.some(still => still.ID === row.ID));
	expect(json.engines[0]!.result).toEqual({cachesDeleted: gone.length, spaceReclaimed: gone.reduce((sum, row) => sum + row.Size, 0), bytesAfter: ownBytes(after)});
});

test('clean --build-cache --unused-for spares entries used within that time', async () => {
	const before = await engineBuildCache();
	const result = await dockswab('clean', '--build-cache', '--unused-for', '1h', '--yes');
	expect(result.code).toBe(0);
	expect(result.stdout).toContain('nothing pruned: nothing to free');
	expect(await engineBuildCache()).toEqual(before);
});

test('the housekeeping menu shows the cache, and its entry prunes it after y', async () => {
	const before = await engineBuildCache();
	tui = await startTui({columns: 140, rows: 30});
	await tui.waitForText('cache-test/kept');
	await tui.keys('h');
	await tui.waitForText(`build cache ${formatBytes(ownBytes(before))} (${formatBytes(ownBytes(before.filter(row => !row.InUse)))} reclaimable)`);
	await tui.keys('4', 'Enter');
	await tui.waitForText('Prune the build cache');
	// y confirms the plan once it is drawn; while the cache is still being measured it does nothing.
	await tui.waitForText(/prune: frees about .*, leaving about/);
	await tui.keys('y');
	await tui.waitForText(/removed \d+ build cache entries; build cache took .*, now 0B/, 30_000);
	expect(ownBytes(await engineBuildCache())).toBe(0);
});

const imageList = async () => (await docker('images', '-a', '--no-trunc', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}')).split('\n').sort();

test('clean --budget counts the cache with the images and prunes the cache first, leaving images that fit', async () => {
	const before = await engineBuildCache();
	const images = await imageList();
	const cap = Math.floor(ownBytes(before) / 3);
	const planned = JSON.parse((await dockswab('plan', '--budget', '1TB', '--json')).stdout) as {engines: {imagesBytes: number}[]};
	const budget = planned.engines[0]!.imagesBytes + cap;
	const result = await dockswab('clean', '--budget', String(budget), '--yes', '--json');
	expect(result.code).toBe(0);
	const json = JSON.parse(result.stdout) as {engines: {buildCache: {prune: {keepBytes: number}}; results: {label: string; status: string}[]}[]};
	expect(json.engines[0]!.buildCache.prune.keepBytes).toBe(cap);
	expect(json.engines[0]!.results).toEqual([expect.objectContaining({label: 'build cache', status: 'pruned'})]);
	expect(ownBytes(await engineBuildCache())).toBeLessThanOrEqual(cap);
	expect(await imageList()).toEqual(images);
});
