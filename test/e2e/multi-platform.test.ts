// Multi-platform images on Docker 26 with the containerd image store: an OCI index of linux/amd64
// and linux/arm64 put into the sandbox's password registry through its HTTP API, pulled (the engine
// keeps only its own platform), listed once, explained in the details view, planned and cleaned,
// pushed back, browsed and deleted remotely. Oracles: the docker CLI, the engine's own figures,
// and the registry API.
import {execFile} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {promisify} from 'node:util';
import Docker from 'dockerode';
import {afterAll, afterEach, beforeAll, expect, test} from 'vitest';
import {pinnedEngine, unversionedClient} from '../../source/engine/connect';
import {resolveEngineTarget} from '../../source/engine/target';
import {pushImage, registryAuthHeader, TransferError} from '../../source/engine/transfer';
import {mediaTypes, pushIndex, putManifest, type PushedIndex, type RegistryLogin} from '../fixtures/oci-index';
import {tempDir} from '../fixtures/temp-dir';
import {docker, sandboxEnv, startTui, waitFor, type Tui} from './harness';

// This file is about the containerd image store, whichever project runs it.
if (!process.env.DOCKSWAB_CONTAINERD_HOST) throw new Error('the sandbox environment names no containerd-store engine');
process.env.DOCKER_HOST = process.env.DOCKSWAB_CONTAINERD_HOST;

const exec = promisify(execFile);
const fullAccept = ['application/vnd.docker.distribution.manifest.v2+json', 'application/vnd.docker.distribution.manifest.list.v2+json', mediaTypes.manifest, mediaTypes.index].join(', ');
const run = randomBytes(4).toString('hex');
const repository = `multi/app-${run}`;
let registry = '';
let login: RegistryLogin;
let reference = '';
let pushed: PushedIndex;
let config = '';
let tui: Tui | null = null;
const made = new Set<string>();

const engine = () => new Docker({socketPath: new URL(sandboxEnv().DOCKER_HOST!).pathname});
const layersSize = async () => ((await engine().df()) as {LayersSize: number}).LayersSize;
const basic = () => `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}`;

/** What the registry holds under a tag or digest now (HEAD with the full Accept list); null when nothing. */
async function remoteDigest(repo: string, ref: string): Promise<string | null> {
	const response = await fetch(`http://${registry}/v2/${repo}/manifests/${ref}`, {method: 'HEAD', headers: {accept: fullAccept, authorization: basic()}});
	if (response.status === 404) return null;
	if (response.status !== 200) throw new Error(`HEAD ${repo}:${ref}: HTTP ${response.status}`);
	return response.headers.get('docker-content-digest');
}

/**
 * The image as the engine holds it after a pull of the index tag (pulled again when a test removed
 * it), with this file's own login: never one another file's seed left in the sandbox's config.
 */
async function pulled(): Promise<string> {
	await exec('docker', ['pull', '-q', reference], {env: {...sandboxEnv(), DOCKER_CONFIG: config}});
	made.add(reference);
	return docker('image', 'inspect', '--format', '{{.Id}}', reference);
}

async function dockswab(...args: string[]): Promise<{stdout: string; code: number}> {
	return exec('node', ['dist/cli.js', ...args], {env: {...sandboxEnv(), DOCKER_CONFIG: config}}).then(
		({stdout}) => ({stdout, code: 0}),
		(error: {stdout: string; code: number}) => ({stdout: error.stdout, code: error.code}),
	);
}

beforeAll(async () => {
	const env = sandboxEnv();
	registry = env.DOCKSWAB_REGISTRY!;
	if (!/^127\.\d+\.\d+\.\d+:\d+$/.test(registry)) throw new Error(`refusing a registry that is not on loopback: ${registry}`);
	login = {username: env.DOCKSWAB_REGISTRY_USER!, password: readFileSync(env.DOCKSWAB_REGISTRY_PASSWORD_FILE!, 'utf8').trim()};
	const store = await docker('info', '--format', '{{json .DriverStatus}}');
	if (!store.includes('io.containerd.snapshotter.v1')) throw new Error(`not the containerd image store: ${store}`);
	// A client config of this file's own, logged in to the registry by the docker CLI.
	config = tempDir('dsw-multi-');
	await exec('sh', ['-c', 'docker login --username "$1" --password-stdin "$2" < "$3"', '_', login.username, registry, env.DOCKSWAB_REGISTRY_PASSWORD_FILE!], {env: {...env, DOCKER_CONFIG: config}});
	pushed = await pushIndex(registry, repository, '1.0', {login, salt: run});
	reference = `${registry}/${repository}:1.0`;
}, 120_000);

afterEach(async () => {
	await tui?.stop();
	tui = null;
});

afterAll(async () => {
	if (made.size > 0) await docker('rmi', '-f', ...made).catch(() => undefined);
});

test("the pull keeps only this engine's platform, named by the index digest; the images pane shows it once; its details list both platforms and only amd64 as present", async () => {
	expect(await pulled()).toBe(pushed.index);
	expect(await docker('image', 'inspect', '--format', '{{.Os}}/{{.Architecture}}', reference)).toBe('linux/amd64');
	tui = await startTui({columns: 140, rows: 45, env: {DOCKER_CONFIG: config}});
	await tui.waitForText(repository);
	await tui.filterTo(repository);
	const list = await tui.waitForText(`filter: ${repository}`);
	expect(list.split('\n').filter(line => line.includes(`${registry}/${repository}`))).toHaveLength(1);
	await tui.keys('Enter');
	const details = await tui.waitForText('an index of 2 platforms', 20_000);
	const lines = details.split('\n').map(line => line.replace(/[│]/g, '').trim());
	expect(lines).toContain(`an index of 2 platforms at ${registry}/${repository}: linux/amd64, linux/arm64`);
	expect(lines).toContain('linux/amd64    present here (the platform this engine holds)');
	expect(lines).toContain('linux/arm64    in the index; present here: not known');
});

test('plan and clean: the bytes planned for the index-named image are what the engine frees', async () => {
	const id = (await pulled()).replace(/^sha256:/, '');
	const plan = JSON.parse((await dockswab('plan', reference, '--json')).stdout) as {engines: {bytesExact: boolean; totals: {bytesReclaimed: number}; items: {imageId: string; action: string}[]}[]};
	const [planned] = plan.engines;
	expect(planned!.items).toEqual([expect.objectContaining({imageId: id, action: 'delete'})]);
	expect(planned!.bytesExact).toBe(true);
	const before = await layersSize();
	const result = await dockswab('clean', '--yes', reference);
	expect(result.code).toBe(0);
	const after = await layersSize();
	expect(before - after).toBe(planned!.totals.bytesReclaimed);
	expect(planned!.totals.bytesReclaimed).toBeGreaterThan(0);
	expect(await docker('images', '-q', '--no-trunc')).not.toContain(id);
	// Deleting the local image leaves the registry alone: the index and both platforms are there.
	expect(await remoteDigest(repository, '1.0')).toBe(pushed.index);
});

test('pushing it back: the engine refuses an index with a platform it does not hold; the failure is one readable line, on screen too, and the registry gets no tag', async () => {
	await pulled();
	const back = `${registry}/${repository}-back:1.0`;
	await docker('tag', reference, back);
	made.add(back);
	const target = resolveEngineTarget(sandboxEnv());
	const client = pinnedEngine(target, await unversionedClient(target).version()).docker;
	const auth = registryAuthHeader({username: login.username, secret: login.password}, registry);
	const failure = await pushImage(client, `${registry}/${repository}-back`, '1.0', auth, () => undefined, new AbortController().signal).then(
		() => null,
		(error: unknown) => error,
	);
	expect(failure).toBeInstanceOf(TransferError);
	const {message} = (failure as TransferError).failure;
	expect(message).toContain(pushed.children[1]!.digest);
	expect(message).not.toContain('\n');
	expect(message).toMatch(/platform/);
	expect(await remoteDigest(`${repository}-back`, '1.0')).toBeNull();

	// p in the images pane: the engine's words on screen, and dockswab goes on.
	tui = await startTui({columns: 160, rows: 40, env: {DOCKER_CONFIG: config}});
	await tui.waitForText(repository);
	await tui.filterTo(`^${back}`);
	await tui.keys('p');
	const shown = await tui.waitForText(/failed|missing content/, 20_000);
	expect(shown).toContain('missing content');
	expect(await remoteDigest(`${repository}-back`, '1.0')).toBeNull();
	await tui.keys('Escape');
	await tui.keys('?');
	await tui.waitForText('Esc or ? closes this help.');
});

/** The registries pane → this registry → this repository's tags. */
async function openTags(repo: string): Promise<Tui> {
	const session = await startTui({columns: 150, rows: 36, env: {DOCKER_CONFIG: config}});
	await session.waitForText('Images');
	await session.keys('3');
	await session.filterTo(registry);
	await session.keys('Enter');
	await session.waitForText(/│ \d+ repositor(?:y|ies)\s+│/);
	await session.keys('/');
	await session.type(repo);
	await session.keys('Enter');
	await session.waitForText(`› ${repo}`);
	await session.keys('Enter');
	await session.waitForText(/│ \d+ tags?\s+│/);
	return session;
}

/** Moves the tag list's cursor onto `tag`, one key at a time, each waited for on screen. */
async function cursorTo(session: Tui, tag: string): Promise<void> {
	const rowOf = (screen: string, pattern: RegExp) => screen.split('\n').findIndex(line => pattern.test(line));
	const wanted = new RegExp(`^│ [› ][ *] ${tag.replaceAll('.', '\\.')}\\s`);
	let screen = await session.screen();
	for (let step = 0; step < 10; step++) {
		const cursor = rowOf(screen, /^│ ›/);
		const row = rowOf(screen, wanted);
		if (row < 0) throw new Error(`no row for ${tag}`);
		if (cursor === row) return;
		const before = screen;
		await session.keys(cursor < row ? 'j' : 'k');
		screen = await waitFor(async () => {
			const now = await session.screen();
			return now !== before ? now : null;
		}, 'the cursor to move');
	}
	throw new Error(`the cursor did not reach ${tag}`);
}

test('registry browser: the index tag shows its platforms; deleting the amd64 manifest under its own tag is blocked naming 1.0; with 1.0 marked too both go', async () => {
	// A repository of its own: this test deletes the index the others pull.
	const repo = `${repository}-rm`;
	const [amd64, arm64] = (await pushIndex(registry, repo, '1.0', {login, salt: `${run}-rm`})).children;
	await putManifest(registry, repo, '1.0-amd64', amd64!.body, mediaTypes.manifest, login);
	expect(await remoteDigest(repo, '1.0-amd64')).toBe(amd64!.digest);
	tui = await openTags(repo);
	const tags = await tui.waitForText('linux/amd64, linux/arm64');
	expect(tags.split('\n').find(line => /\s1\.0\s/.test(line))).toContain('linux/amd64, linux/arm64');

	await cursorTo(tui, '1.0-amd64');
	await tui.keys('d');
	const blocked = await tui.waitForText(/Nothing to do\s+Cancel/);
	expect(blocked).toContain('1.0-amd64 — a platform of 1.0 (index), which stays');
	expect(blocked).toMatch(/0 digests deleted · 0 tags removed · 1 blocked/);
	await tui.keys('y');
	await tui.waitForText(/│ \d+ tags?\s+│/);
	expect(await remoteDigest(repo, '1.0-amd64')).toBe(amd64!.digest);

	await cursorTo(tui, '1.0');
	await tui.keys('Space');
	await cursorTo(tui, '1.0-amd64');
	await tui.keys('Space');
	await tui.keys('d');
	await tui.waitForText(/Delete 2 digests\s+Cancel/);
	await tui.keys('y');
	await tui.waitForText(/2 done · 0 failed/, 20_000);
	expect(await remoteDigest(repo, '1.0')).toBeNull();
	expect(await remoteDigest(repo, '1.0-amd64')).toBeNull();
	expect(await remoteDigest(repo, amd64!.digest)).toBeNull();
	// The arm64 manifest had no tag of its own and was not in the plan: it stays, by digest.
	expect(await remoteDigest(repo, arm64!.digest)).toBe(arm64!.digest);
});
