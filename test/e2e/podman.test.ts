// The same checks against Podman's Docker-compatible socket (scripts/sandbox start-podman): its
// own storage under the sandbox dir, a private socket. The podman CLI on that storage is the oracle.
import {execFile, execFileSync} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import {request} from 'node:http';
import {promisify} from 'node:util';
import {afterAll, afterEach, beforeAll, describe, expect, test} from 'vitest';
import {imageLine, sandboxEnv, startTui, waitFor, type Tui} from './harness';

const run = promisify(execFile);
const dir = () => `${process.env.DOCKSWAB_SANDBOX_DIR}/pm`;
const socket = () => `${dir()}/podman.sock`;
const podmanEnv = () => ({DOCKER_HOST: `unix://${socket()}`});
let tui: Tui | null = null;

/** The podman CLI on the sandbox's Podman storage only. */
async function podman(...args: string[]): Promise<string> {
	const root = dir();
	const flags = ['--root', `${root}/root`, '--runroot', `${root}/run`, '--tmpdir', `${root}/tmp`, '--cgroup-manager', 'cgroupfs', '--events-backend', 'file'];
	const {DOCKER_CONFIG: _config, DOCKER_HOST: _host, ...env} = process.env;
	const {stdout} = await run('podman', [...flags, ...args], {env});
	return stdout.trim();
}

/** GET on the sandbox's Podman socket, as JSON. */
function api<T>(path: string): Promise<T> {
	return new Promise((resolve, reject) => {
		const req = request({socketPath: socket(), path, method: 'GET'}, response => {
			let body = '';
			response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
			response.on('end', () => (response.statusCode === 200 ? resolve(JSON.parse(body) as T) : reject(new Error(`${path}: ${response.statusCode} ${body}`))));
		});
		req.on('error', reject);
		req.end();
	});
}

const sandbox = (command: string) => execFileSync('bash', ['scripts/sandbox', command], {stdio: 'ignore', env: sandboxEnv()});

beforeAll(async () => {
	sandbox('start-podman');
	sandbox('seed-podman');
	// Only the sandbox's own Podman service: its socket under the sandbox dir, and it says it is Podman.
	const version = await api<{Components: {Name: string}[]}>('/version');
	if (!version.Components.some(component => component.Name === 'Podman Engine')) throw new Error(`refusing ${socket()}: not the sandbox's Podman service`);
});

afterAll(() => sandbox('stop-podman'));

afterEach(async () => {
	await tui?.stop();
	tui = null;
});

async function open(columns = 120, rows = 36): Promise<Tui> {
	tui = await startTui({columns, rows, env: podmanEnv()});
	await tui.waitForText(/localhost\/demo\/app\s+1\.1\.0/);
	return tui;
}

const imageId = async (reference: string) => (await podman('image', 'inspect', '--format', '{{.Id}}', reference)).replace('sha256:', '');
const exists = async (reference: string) =>
	podman('image', 'exists', reference).then(
		() => true,
		() => false,
	);

async function plan(...args: string[]): Promise<{stdout: string; stderr: string; code: number}> {
	return run('node', ['dist/cli.js', 'plan', ...args], {env: {...sandboxEnv(), ...podmanEnv()}}).then(
		({stdout, stderr}) => ({stdout, stderr, code: 0}),
		(error: {stdout: string; stderr: string; code: number}) => error,
	);
}

type DfImage = {Id: string; Size: number; SharedSize: number; Containers: number};

type StoredLayer = {readonly id: string; readonly parent?: string; readonly 'diff-size': number};

type StoredImage = {readonly id: string; readonly layer: string; readonly 'big-data-sizes': Readonly<Record<string, number>>};

type StoredContainer = {readonly id: string; readonly image: string};

/**
 * Podman's storage as containers/storage records it under the sandbox dir: each layer's bytes and
 * parent; each image (build steps' images included) with its top layer and the bytes of its own
 * metadata (config, manifests); each container with its image's ID.
 */
async function podmanStorage(): Promise<{layers: Map<string, StoredLayer>; images: StoredImage[]; containers: StoredContainer[]}> {
	const read = async <T>(file: string) => JSON.parse(await readFile(`${dir()}/root/${file}`, 'utf8')) as T;
	const [layers, images, containers] = await Promise.all([
		read<StoredLayer[]>('overlay-layers/layers.json'),
		read<StoredImage[]>('overlay-images/images.json'),
		read<StoredContainer[]>('overlay-containers/containers.json'),
	]);
	return {layers: new Map(layers.map(layer => [layer.id, layer])), images, containers};
}

const decimalUnits: Record<string, number> = {B: 1, kB: 1e3, MB: 1e6, GB: 1e9};

/**
 * A figure as the header shows it ("3.16MB", three significant digits) against the bytes the
 * storage records: the layers, each once, and at most the images' own metadata on top (Podman
 * counts it in an image's size), give or take the rounding of the last digit. The seed's smallest
 * layer (50 kB) is larger than that slack, so a layer counted twice or left out fails.
 */
function expectBytesWithin(shown: string, layerBytes: number, metadataBytes: number): void {
	const [, number, unit] = /^([\d.]+)(B|kB|MB|GB)$/.exec(shown) ?? expect.fail(`not a size: ${shown}`);
	const value = Number(number) * decimalUnits[unit!]!;
	const rounding = 0.005 * value;
	expect(value).toBeGreaterThanOrEqual(layerBytes - rounding);
	expect(value).toBeLessThanOrEqual(layerBytes + metadataBytes + rounding);
}

describe('on the Podman socket', () => {
	test("lists: the engine's own name, every tag with its ID, usage counts, the dangling image", async () => {
		const session = await open();
		const screen = await session.waitForText(/localhost\/demo\/web\s+2\.0.*1 running/);
		expect(screen.split('\n')[0]).toContain('Podman Engine 4.3.1');
		expect(screen.split('\n')[0]).not.toContain('Docker');
		for (const tag of ['1.0.0', '1.0', 'latest']) expect(imageLine(screen, 'localhost/demo/app', tag)).toContain((await imageId('demo/app:1.0.0')).slice(0, 12));
		expect(imageLine(screen, 'localhost/demo/app', '1.1.0')).toContain('1 stopped');
		const dangling = await podman('images', '--filter', 'dangling=true', '--format', '{{.ID}}');
		expect(imageLine(screen, '<none>', '<none>')).toContain(dangling.split('\n')[0]!.slice(0, 12));
		await session.keys('2');
		const containers = await session.waitForText('pm-web');
		expect(containers.split('\n').find(line => line.includes('pm-web'))).toContain('running');
		expect(containers.split('\n').find(line => line.includes('pm-old'))).toMatch(/created|exited/);
	});

	test("disk figures: the total is each layer once as Podman's storage records it; reclaimable is the layers only unused images hold", async () => {
		const df = await api<{LayersSize: number; Images: DfImage[]}>('/system/df');
		// What the API gives: Podman lists an image once per tag and says 0 for the total.
		expect(df.LayersSize).toBe(0);
		expect(new Set(df.Images.map(image => image.Id)).size).toBeLessThan(df.Images.length);
		const {layers, images, containers} = await podmanStorage();
		const chain = (image: StoredImage): string[] => {
			const ids: string[] = [];
			for (let id: string | undefined = image.layer; id; id = layers.get(id)?.parent) ids.push(id);
			return ids;
		};
		const bytesOf = (ids: Iterable<string>) => [...ids].reduce((sum, id) => sum + layers.get(id)!['diff-size'], 0);
		const metadataOf = (list: readonly StoredImage[]) => list.flatMap(image => Object.values(image['big-data-sizes'])).reduce((sum, size) => sum + size, 0);
		const layerBytes = bytesOf(new Set(images.flatMap(chain)));
		// Removing every unused image (build steps' images too) frees the layers no container's
		// image holds, each once. Podman's own per-image figures call a layer shared as soon as an
		// unused build-step image also holds it, so their sum is only the unused images' metadata.
		const usedIds = new Set(containers.map(container => container.image));
		const held = new Set(images.filter(image => usedIds.has(image.id)).flatMap(chain));
		const unused = images.filter(image => !usedIds.has(image.id));
		const freedLayers = new Set(unused.flatMap(chain).filter(id => !held.has(id)));
		expect(freedLayers.size).toBeGreaterThan(0);
		// Wide enough for the whole header, whatever the sandbox's socket path. The figures are
		// asked when the housekeeping menu opens, not at start.
		const session = await open(200);
		await session.keys('h');
		await session.waitForText('Disk: images');
		await session.keys('Escape');
		const header = (await session.waitForText(' reclaimable')).split('\n')[0]!;
		const [, used, shownReclaimable] = /(\S+) used, (\S+) reclaimable/.exec(header) ?? expect.fail(`no disk figures in: ${header}`);
		expectBytesWithin(used!, layerBytes, metadataOf(images));
		expectBytesWithin(shownReclaimable!, bytesOf(freedLayers), metadataOf(unused));
	});

	test('live: a tag made and removed with podman, and a container removed with podman (its `remove` event)', async () => {
		const session = await open();
		await podman('tag', 'demo/app:1.0.0', 'live/check:7.7.7');
		const screen = await session.waitForText(/localhost\/live\/check\s+7\.7\.7/, 5000);
		expect(imageLine(screen, 'localhost/live/check', '7.7.7')).toContain((await imageId('demo/app:1.0.0')).slice(0, 12));
		await podman('rmi', 'live/check:7.7.7');
		await session.waitForNoText('live/check', 5000);
		await podman('create', '--name', 'pm-live', '--network', 'none', 'demo/app:1.0.0', 'true');
		await session.waitForText(/localhost\/demo\/app\s+1\.0\.0.*1 stopped/, 5000);
		await podman('rm', 'pm-live');
		await waitFor(async () => !/localhost\/demo\/app\s+1\.0\.0.*1 stopped/.test(await session.screen()), 'the usage count to drop after the remove event', 5000);
		await session.keys('2');
		await session.waitForText('pm-web');
		expect(await session.screen()).not.toContain('pm-live');
	});

	test('details of an image: its full ID and the container using it', async () => {
		const session = await open();
		await session.filterTo('^demo/web:2.0');
		await session.keys('Enter');
		// The whole view, not a capture taken while its frame was still being written.
		const details = await session.waitForText(/ID\s+[0-9a-f]{64}[\s\S]*Containers \(1\)[\s\S]*pm-web/);
		expect(/ID\s+([0-9a-f]{64})/.exec(details)![1]).toBe(await imageId('demo/web:2.0'));
	});

	test('the delete plan names the running blocker; a delete changes the engine', async () => {
		const session = await open();
		await session.filterTo('^demo/web:2.0');
		await session.keys('d');
		const blocked = await session.waitForText(/blocked\s+localhost\/demo\/web:2\.0/);
		expect(blocked).toMatch(/blocked\s+localhost\/demo\/web:2\.0\s+running container pm-web: stop it first/);
		await session.keys('Escape');
		await session.waitForNoText(/blocked\s+localhost/);
		expect(await exists('demo/web:2.0')).toBe(true);
		await tui!.stop();
		const again = await open();
		await again.filterTo('^demo/tmp:1');
		await again.keys('d');
		await again.waitForText(/Delete \(\d+ steps?\)\s+Cancel/);
		await again.keys('y');
		await again.waitForText('1 done · 0 failed');
		expect(await exists('demo/tmp:1')).toBe(false);
	});

	test('tagging proposes the next versions; the chosen tag exists afterwards', async () => {
		const session = await open();
		await session.filterTo('^demo/app:1.1.0');
		await session.keys('t');
		await session.waitForText('suggestions');
		await session.keys('Down');
		await session.waitForText('→ localhost/demo/app:1.2.0');
		await session.keys('Enter');
		await session.waitForText('1 done · 0 failed');
		expect(await imageId('localhost/demo/app:1.2.0')).toBe(await imageId('demo/app:1.1.0'));
	});

	test('dockswab plan takes short names as Podman resolves them, with its exit codes', async () => {
		const untag = await plan('demo/app:1.0.0');
		expect(untag.code).toBe(0);
		expect(untag.stdout).toMatch(/untag\s+localhost\/demo\/app:1\.0\.0/);
		const blocked = await plan('demo/web:2.0');
		expect(blocked.code).toBe(1);
		expect(blocked.stdout).toMatch(/blocked\s+localhost\/demo\/web:2\.0\s+running container pm-web: stop it first/);
		const unknown = await plan('no-such-image:9');
		expect(unknown.code).toBe(2);
		expect(unknown.stderr.trim()).toBe('dockswab: no such image: no-such-image:9');
		expect(await exists('demo/app:1.0.0')).toBe(true);
	});

	test('prune dangling: the plan lists the dangling image, y deletes it', async () => {
		const dangling = (await podman('images', '--filter', 'dangling=true', '--format', '{{.ID}}')).split('\n').filter(Boolean);
		expect(dangling.length).toBeGreaterThan(0);
		const session = await open();
		await session.keys('h');
		await session.waitForText('Housekeeping');
		await session.keys('1');
		await session.waitForText(/› 1\s+Prune dangling images/);
		await session.keys('Enter');
		const planned = await session.waitForText(/Delete \(\d+ steps?\)\s+Cancel/);
		for (const id of dangling) expect(planned).toContain(id.slice(0, 12));
		await session.keys('y');
		await session.waitForText(/\d+ done · 0 failed/);
		expect((await podman('images', '--filter', 'dangling=true', '--format', '{{.ID}}')).split('\n').filter(Boolean)).toEqual([]);
	});

	test('build cache: Podman lists an empty BuildCache yet keeps none; dockswab says none is reported and prunes nothing', async () => {
		expect((await api<{BuildCache: unknown}>('/v1.41/system/df')).BuildCache).toEqual([]);
		const planned = await plan('--build-cache');
		expect(planned.code).toBe(0);
		expect(planned.stdout).toContain('the engine reports no BuildKit build cache');
		const session = await open();
		await session.keys('h');
		await session.waitForText('build cache none reported');
	});
});
