// `dockswab layers` and `dockswab diff` on images the engine builds here, whose every layer is
// known: a file overwritten later, a file deleted (whiteout), a directory emptied and made again
// (opaque), hard and symbolic links, a 10,000-file layer and a package cache removed by a later
// RUN. The expected bytes are written out by hand below; the same figures must come out of the
// classic store's archive (manifest.json + layer.tar) and the containerd store's (OCI blobs).
import {execFile, execFileSync} from 'node:child_process';
import {chmodSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {docker, sandboxEnv} from './harness';
import {tempDir} from '../fixtures/temp-dir';

const run = promisify(execFile);

const repository = 'dockswab-e2e/layers';

/** The statically linked busybox the sandbox installs (busybox-static): it runs in an image of its own. */
function staticBusybox(): string {
	const listed = execFileSync('dpkg', ['-L', 'busybox-static'], {encoding: 'utf8'}).split('\n');
	const path = listed.find(line => line.endsWith('/bin/busybox'));
	if (!path) throw new Error('busybox-static is not installed (scripts/sandbox install)');
	return path;
}

const busybox = staticBusybox();
const passwd = 'root:x:0:0:root:/root:/bin/sh\n';

const instructions = [
	'FROM scratch',
	'COPY rootfs/ /',
	'COPY files/ /data/',
	'COPY over/overwritten.bin /data/overwritten.bin',
	// The tag fixture:1 ends here; fixture:2 goes on from the same cached layers.
	'RUN rm /data/deleted.bin',
	'RUN rm -rf /data/opaque && mkdir /data/opaque && head -c 1000 /dev/zero > /data/opaque/c',
	'RUN mkdir /links && head -c 6000 /dev/zero > /links/a && ln /links/a /links/b && ln -s a /links/sym',
	'RUN rm /links/a',
	'RUN mkdir /many && cd /many && i=0 && while [ $i -lt 10000 ]; do echo -n x > f$i; i=$((i+1)); done',
	'RUN mkdir -p /var/cache/pkg && head -c 50000 /dev/zero > /var/cache/pkg/index.bin && head -c 25000 /dev/zero > /var/cache/pkg/p.deb',
	'RUN rm -rf /var/cache/pkg',
	'CMD ["sh"]',
];

function makeContext(dockerfile: string): string {
	const context = tempDir('dockswab-layers-');
	const put = (path: string, content: string | Buffer) => {
		mkdirSync(dirname(join(context, path)), {recursive: true});
		writeFileSync(join(context, path), content);
	};
	put('Dockerfile', `${dockerfile}\n`);
	put('rootfs/bin/busybox', readFileSync(busybox));
	chmodSync(join(context, 'rootfs/bin/busybox'), 0o755);
	for (const applet of ['sh', 'rm', 'ln', 'mkdir', 'head']) symlinkSync('busybox', join(context, 'rootfs/bin', applet));
	put('rootfs/etc/passwd', passwd);
	put('files/overwritten.bin', Buffer.alloc(30_000));
	put('files/deleted.bin', Buffer.alloc(20_000));
	put('files/opaque/a', Buffer.alloc(5000));
	put('files/opaque/b', Buffer.alloc(3000));
	put('over/overwritten.bin', Buffer.alloc(10_000));
	return context;
}

/** The classic builder, as the sandbox's seed builds; dockerd 20.10 now and then loses a step, so up to three tries. */
async function build(reference: string, dockerfile: string): Promise<void> {
	const context = makeContext(dockerfile);
	for (let attempt = 1; ; attempt++) {
		try {
			await run('docker', ['build', '--network', 'none', '--force-rm', '-q', '-t', reference, context], {env: {...sandboxEnv(), DOCKER_BUILDKIT: '0'}});
			return;
		} catch (error) {
			if (attempt === 3) throw error;
		}
	}
}

async function dockswab(...args: string[]): Promise<{stdout: string; stderr: string; code: number}> {
	return run('node', ['dist/cli.js', ...args], {env: sandboxEnv(), maxBuffer: 64 << 20}).then(
		({stdout, stderr}) => ({stdout, stderr, code: 0}),
		(error: {stdout: string; stderr: string; code: number}) => error,
	);
}

beforeAll(async () => {
	await build(`${repository}:1`, instructions.slice(0, 4).join('\n'));
	await build(`${repository}:2`, instructions.join('\n'));
});

afterAll(async () => {
	// What the builds made (a failed build may have made only one).
	const made = (await docker('images', '--format', '{{.Repository}}:{{.Tag}}', repository)).split('\n').filter(Boolean);
	if (made.length > 0) await docker('rmi', ...made);
});

type LayersJson = {
	totalBytes: number;
	wastedBytes: number;
	efficiency: number;
	layers: {layer: number; bytes: number; wastedBytes: number; added: {count: number; bytes: number}; removed: {count: number; bytes: number}; createdBy: string | null}[];
	wastedFiles: {path: string; bytes: number; storedIn: number[]; supersededIn: number[]}[];
};

test("layers: each layer's bytes, the wasted bytes of overwrites, deletes, an opaque directory and a removed cache", async () => {
	const result = await dockswab('layers', '--json', `${repository}:2`);
	expect(result.stderr).toBe('');
	expect(result.code).toBe(0);
	const json = JSON.parse(result.stdout) as LayersJson;
	const base = statSync(busybox).size + passwd.length;
	// Layer by layer: rootfs, /data, the overwrite, rm, the opaque remake, links, rm a link, 10,000 files, cache, rm cache.
	expect(json.layers.map(layer => layer.bytes)).toEqual([base, 58_000, 10_000, 0, 1000, 6000, 0, 10_000, 75_000, 0]);
	// 30,000 overwritten + 20,000 deleted + 5,000 + 3,000 under the opaque directory + 75,000 of cache; the
	// hard link keeps /links/a's bytes alive after its first name went.
	expect(json.wastedBytes).toBe(133_000);
	expect(json.layers.map(layer => layer.wastedBytes)).toEqual([0, 58_000, 0, 0, 0, 0, 0, 0, 75_000, 0]);
	expect(json.totalBytes).toBe(base + 160_000);
	expect(json.efficiency).toBeCloseTo(1 - 133_000 / (base + 160_000), 10);
	expect(json.wastedFiles).toEqual([
		{path: 'var/cache/pkg/index.bin', bytes: 50_000, storedIn: [9], supersededIn: [10]},
		{path: 'data/overwritten.bin', bytes: 30_000, storedIn: [2], supersededIn: [3]},
		{path: 'var/cache/pkg/p.deb', bytes: 25_000, storedIn: [9], supersededIn: [10]},
		{path: 'data/deleted.bin', bytes: 20_000, storedIn: [2], supersededIn: [4]},
		{path: 'data/opaque/a', bytes: 5000, storedIn: [2], supersededIn: [5]},
		{path: 'data/opaque/b', bytes: 3000, storedIn: [2], supersededIn: [5]},
	]);
	// The 10,000 files and their directory, every one read.
	expect(json.layers[7]!.added).toEqual({count: 10_001, bytes: 10_000});
	expect(json.layers[9]!.removed).toEqual({count: 1, bytes: 75_000});
	expect(json.layers[8]!.createdBy).toMatch(/mkdir -p \/var\/cache\/pkg/);
});

test('layers --max-wasted/--min-efficiency: exit 1 when the image is worse, 0 when it is within them', async () => {
	const over = await dockswab('layers', '--max-wasted', '132kB', `${repository}:2`);
	expect(over.code).toBe(1);
	expect(over.stderr).toBe('dockswab: wasted 133kB is more than --max-wasted 132kB\n');
	expect(over.stdout).toMatch(/wasted 133kB/);
	const within = await dockswab('layers', '--max-wasted', '133kB', '--min-efficiency', '0.9', `${repository}:2`);
	expect([within.code, within.stderr]).toEqual([0, '']);
	const strict = await dockswab('layers', '--min-efficiency', '0.99', `${repository}:2`);
	expect(strict.code).toBe(1);
});

test('diff: what version 2 adds over version 1, and the layers only it has', async () => {
	const result = await dockswab('diff', '--json', `${repository}:1`, `${repository}:2`);
	expect(result.code).toBe(0);
	const json = JSON.parse(result.stdout) as {
		sharedLayers: number;
		layersOnlyBefore: unknown[];
		layersOnlyAfter: {layer: number}[];
		added: {path: string}[];
		removed: {path: string; size: number}[];
		changed: unknown[];
	};
	expect(json.sharedLayers).toBe(3);
	expect(json.layersOnlyBefore).toEqual([]);
	expect(json.layersOnlyAfter.map(layer => layer.layer)).toEqual([4, 5, 6, 7, 8, 9, 10]);
	expect(json.removed.map(file => [file.path, file.size])).toEqual([
		['data/deleted.bin', 20_000],
		['data/opaque/a', 5000],
		['data/opaque/b', 3000],
	]);
	const added = json.added.map(file => file.path);
	expect(added).toHaveLength(10_003);
	expect(added.filter(path => !path.startsWith('many/'))).toEqual(['data/opaque/c', 'links/b', 'links/sym']);
	expect(json.changed).toEqual([]);
});

test('an image the engine does not have: exit 2, one line', async () => {
	expect(await dockswab('layers', `${repository}:none`)).toMatchObject({code: 2, stdout: '', stderr: `dockswab: no such image: ${repository}:none\n`});
});
