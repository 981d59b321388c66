// Push and pull through the sandbox engine to its htpasswd registry. Oracles: the registry API
// (manifest HEAD with the full Accept list, Basic credentials) and the engine through the docker CLI.
import {execFileSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import type {StreamLine} from '../../source/domain/transfer-progress';
import {pinnedEngine, unversionedClient, type EngineClient} from '../../source/engine/connect';
import {resolveEngineTarget} from '../../source/engine/target';
import {createOperationRunner} from '../../source/services/operations';
import {initialState} from '../../source/state/reducer';
import {createAppStore} from '../../source/ui/dialogs/dialog-table';
import {pullImage, pushImage, registryAuthHeader, TransferError} from '../../source/engine/transfer';
import {docker, imageStore, sandboxEnv, waitFor} from './harness';
import {startThrottledRelay} from './throttled-relay';
import {manifestTypes} from '../fixtures/loopback-request';
import {tempDir} from '../fixtures/temp-dir';

let client: EngineClient;
let registry = '';
let user = '';
let password = '';
let goodAuth = '';
const run = randomBytes(4).toString('hex');
const work = tempDir('dockswab-transfer-');
const made: string[] = [];

beforeAll(async () => {
	const env = sandboxEnv();
	registry = env.DOCKSWAB_REGISTRY!;
	user = env.DOCKSWAB_REGISTRY_USER!;
	password = readFileSync(env.DOCKSWAB_REGISTRY_PASSWORD_FILE!, 'utf8').trim();
	if (!/^127\.\d+\.\d+\.\d+:\d+$/.test(registry)) throw new Error(`refusing a registry that is not on loopback: ${registry}`);
	const target = resolveEngineTarget(env);
	client = pinnedEngine(target, await unversionedClient(target).version()).docker;
	goodAuth = registryAuthHeader({username: user, secret: password}, registry);
});

afterAll(async () => {
	rmSync(work, {recursive: true, force: true});
	if (made.length > 0) await docker('rmi', '-f', ...made).catch(() => undefined);
});

/** A one-layer image of random bytes, so no layer is shared with anything in the registry. */
async function randomImage(repository: string, tag: string, megabytes: number): Promise<string> {
	const dir = mkdtempSync(join(work, 'layer-'));
	writeFileSync(join(dir, 'random.bin'), randomBytes(megabytes * 1024 * 1024));
	const archive = join(dir, 'layer.tar');
	execFileSync('tar', ['-cf', archive, '-C', dir, 'random.bin']);
	const reference = `${registry}/${repository}:${tag}`;
	const id = (await docker('import', archive, reference)).replace(/^sha256:/, '');
	made.push(reference);
	rmSync(dir, {recursive: true, force: true});
	return id;
}

/** The registry's digest for a tag, or null when it has none (404). */
async function registryDigest(repository: string, tag: string): Promise<string | null> {
	const response = await fetch(`http://${registry}/v2/${repository}/manifests/${tag}`, {
		method: 'HEAD',
		headers: {accept: manifestTypes, authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`},
	});
	if (response.status === 404) return null;
	if (response.status !== 200) throw new Error(`manifest HEAD answered ${response.status}`);
	return response.headers.get('docker-content-digest');
}

async function failureOf(promise: Promise<unknown>): Promise<TransferError> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof TransferError) return error;
		throw error;
	}
	throw new Error('the transfer succeeded');
}

const idOf = async (reference: string) => (await docker('image', 'inspect', '--format', '{{.Id}}', reference)).replace(/^sha256:/, '');

describe('pushImage', () => {
	test('a pushed tag is in the registry with the digest the push returned', async () => {
		const repository = `e2e-transfer/push-${run}`;
		await randomImage(repository, '1.0.0', 2);
		const lines: StreamLine[] = [];
		const {digest} = await pushImage(client, `${registry}/${repository}`, '1.0.0', goodAuth, line => lines.push(line), new AbortController().signal);
		expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
		expect(await registryDigest(repository, '1.0.0')).toBe(digest);
		expect(lines.some(line => line.status === 'Pushed')).toBe(true);
		if (imageStore() === 'containerd') {
			// Docker 26 sends no aux line: the digest is in the last status, and it is the image ID.
			expect(lines.at(-1)?.status).toBe(`1.0.0: digest: ${digest} size: ${/size: (\d+)$/.exec(lines.at(-1)?.status ?? '')?.[1]}`);
			expect(await idOf(`${registry}/${repository}:1.0.0`)).toBe(digest!.replace('sha256:', ''));
		} else expect(lines.at(-1)?.aux?.Digest).toBe(digest);
	});

	test('a wrong password fails in-band as unauthorized, and nothing reaches the registry', async () => {
		const repository = `e2e-transfer/denied-${run}`;
		await randomImage(repository, '1.0.0', 1);
		const lines: StreamLine[] = [];
		const failure = await failureOf(
			pushImage(client, `${registry}/${repository}`, '1.0.0', registryAuthHeader({username: user, secret: `${password}-wrong`}, registry), line => lines.push(line), new AbortController().signal),
		);
		expect(failure.failure.kind).toBe('unauthorized');
		// Docker 26 names the refused request ("unexpected status from HEAD request to …: 401 Unauthorized"): the registry's answer is kept.
		if (imageStore() === 'containerd') expect(failure.message).toBe('the registry answered 401 Unauthorized');
		else expect(failure.message).toMatch(/unauthorized/);
		expect(failure.message).not.toContain('\n');
		expect(lines.some(line => line.error)).toBe(true);
		expect(await registryDigest(repository, '1.0.0')).toBeNull();
	});

	test('anonymous against a registry with passwords: unauthorized', async () => {
		const repository = `e2e-transfer/anonymous-${run}`;
		await randomImage(repository, '1.0.0', 1);
		const failure = await failureOf(pushImage(client, `${registry}/${repository}`, '1.0.0', registryAuthHeader(null, registry), () => undefined, new AbortController().signal));
		if (imageStore() === 'containerd') expect(failure.failure).toEqual({kind: 'unauthorized', message: expect.stringMatching(/authorization failed: no basic auth credentials$/)});
		else expect(failure.failure).toEqual({kind: 'unauthorized', message: 'no basic auth credentials'});
	});

	test('a tag the engine does not have: not-found', async () => {
		const failure = await failureOf(pushImage(client, `${registry}/e2e-transfer/none-${run}`, '1.0.0', goodAuth, () => undefined, new AbortController().signal));
		expect(failure.failure.kind).toBe('not-found');
	});

	test('cancelling midway aborts the request: the tag never reaches the registry and the engine carries on', async () => {
		const repository = `e2e-transfer/cancel-${run}`;
		await randomImage(repository, '1.0.0', 40);
		const since = Math.floor(Date.now() / 1000) - 1;
		const controller = new AbortController();
		let pushedBytes = 0;
		const failure = await failureOf(
			pushImage(
				client,
				`${registry}/${repository}`,
				'1.0.0',
				goodAuth,
				line => {
					if (line.status === 'Pushing') pushedBytes = line.progressDetail?.current ?? 0;
					// Midway: some bytes are out, most are not.
					if (pushedBytes > 2 * 1024 * 1024 && !controller.signal.aborted) controller.abort();
				},
				controller.signal,
			),
		);
		expect(failure.failure.kind).toBe('aborted');
		expect(pushedBytes).toBeLessThan(40 * 1024 * 1024);
		expect(await registryDigest(repository, '1.0.0')).toBeNull();
		// The engine still answers and pushes something else to completion: as big as the cancelled
		// one, so that, had the engine carried on with the cancelled push (which had a head start), it
		// would have finished it by then.
		const other = `e2e-transfer/after-cancel-${run}`;
		await randomImage(other, '1.0.0', 40);
		const {digest} = await pushImage(client, `${registry}/${other}`, '1.0.0', goodAuth, () => undefined, new AbortController().signal);
		expect(await registryDigest(other, '1.0.0')).toBe(digest);
		expect(await registryDigest(repository, '1.0.0')).toBeNull();
		const pushes = await docker('events', '--since', String(since), '--until', String(Math.floor(Date.now() / 1000) + 1), '--filter', 'event=push', '--format', '{{.Actor.ID}}');
		expect(pushes).not.toContain(`${repository}:`);
		expect(pushes).toContain(`${other}:1.0.0`);
	});

	test('an empty tag is refused: the engine would push every tag of the repository', async () => {
		const repository = `e2e-transfer/all-tags-${run}`;
		await randomImage(repository, 'a', 1);
		const failure = await failureOf(pushImage(client, `${registry}/${repository}`, '', goodAuth, () => undefined, new AbortController().signal));
		expect(failure.failure.kind).toBe('failed');
		expect(await registryDigest(repository, 'a')).toBeNull();
		const pull = await failureOf(pullImage(client, `${registry}/${repository}`, '', goodAuth, () => undefined, new AbortController().signal));
		expect(pull.message).toMatch(/no tag given/);
	});

	test('a signal aborted before the call: aborted, nothing sent', async () => {
		const controller = new AbortController();
		controller.abort();
		const failure = await failureOf(pushImage(client, `${registry}/e2e-transfer/never-${run}`, '1.0.0', goodAuth, () => undefined, controller.signal));
		expect(failure.failure.kind).toBe('aborted');
	});
});

describe('pullImage', () => {
	test('pulling back a deleted image restores the same image ID, with the pushed digest', async () => {
		const repository = `e2e-transfer/pull-${run}`;
		const id = await randomImage(repository, '2.0.0', 3);
		const pushed = await pushImage(client, `${registry}/${repository}`, '2.0.0', goodAuth, () => undefined, new AbortController().signal);
		await docker('rmi', `${registry}/${repository}:2.0.0`);
		await expect(docker('image', 'inspect', `${registry}/${repository}:2.0.0`)).rejects.toThrow();
		const lines: StreamLine[] = [];
		const pulled = await pullImage(client, `${registry}/${repository}`, '2.0.0', goodAuth, line => lines.push(line), new AbortController().signal);
		expect(pulled.digest).toBe(pushed.digest);
		expect(await idOf(`${registry}/${repository}:2.0.0`)).toBe(id);
		// The containerd store unpacks without a "Pull complete" per layer.
		expect(lines.some(line => line.status === (imageStore() === 'containerd' ? 'Download complete' : 'Pull complete'))).toBe(true);
	});

	test('a tag the registry does not have: not-found', async () => {
		const failure = await failureOf(pullImage(client, `${registry}/e2e-transfer/pull-${run}`, 'no-such-tag', goodAuth, () => undefined, new AbortController().signal));
		expect(failure.failure.kind).toBe('not-found');
		expect(failure.message).toMatch(imageStore() === 'containerd' ? /^failed to resolve reference .*: not found$/ : /^manifest for .* not found/);
	});

	test('a wrong password: unauthorized', async () => {
		const failure = await failureOf(
			pullImage(client, `${registry}/e2e-transfer/pull-${run}`, '2.0.0', registryAuthHeader({username: user, secret: 'wrong'}, registry), () => undefined, new AbortController().signal),
		);
		expect(failure.failure.kind).toBe('unauthorized');
	});
});

describe('operation runner', () => {
	test('a push and a pull run at the same time; the store ends with both digests and their layers', async () => {
		const pushed = `e2e-transfer/runner-push-${run}`;
		const pulled = `e2e-transfer/runner-pull-${run}`;
		await randomImage(pushed, '1.0.0', 20);
		const pulledId = await randomImage(pulled, '1.0.0', 20);
		const source = await pushImage(client, `${registry}/${pulled}`, '1.0.0', goodAuth, () => undefined, new AbortController().signal);
		await docker('rmi', `${registry}/${pulled}:1.0.0`);
		// The push goes through a relay that passes 2 MB a second, and the pull starts once the push
		// is sending bytes: both surely run at once, however loaded the machine (left to chance, a
		// push could end before the pull had a layer under way).
		const relay = await startThrottledRelay(registry, 2_000_000);
		try {
			const throughRelay = `${relay.address}/${pushed}`;
			await docker('tag', `${registry}/${pushed}:1.0.0`, `${throughRelay}:1.0.0`);
			made.push(`${throughRelay}:1.0.0`);
			const relayAuth = registryAuthHeader({username: user, secret: password}, relay.address);
			const store = createAppStore(initialState({host: 'sandbox', columns: 100, rows: 30, now: Date.now()}));
			const runner = createOperationRunner(store);
			// Both moving at once: the push sending bytes while the pull has its layer under way.
			let overlapped = false;
			const unsubscribe = store.subscribe(() => {
				const [push, pull] = store.getState().operations;
				// Docker 26's containerd store reports layers in bursts (a pull's only as they complete): there,
				// both running at once is both under way.
				const bursts = imageStore() === 'containerd';
				const pushing = push?.state === 'running' && (bursts || push.progress.layers.some(layer => layer.status === 'Pushing'));
				const pulling = pull?.state === 'running' && (bursts || pull.progress.layers.length > 0);
				if (pushing && pulling) overlapped = true;
			});
			const pushId = runner.start('push', `${pushed}:1.0.0`, (signal, report) => pushImage(client, throughRelay, '1.0.0', relayAuth, report.line, signal));
			await waitFor(() => relay.uploaded() > 1_000_000, 'the push to send bytes', 30_000);
			const pullId = runner.start('pull', `${pulled}:1.0.0`, (signal, report) => pullImage(client, `${registry}/${pulled}`, '1.0.0', goodAuth, report.line, signal));
			await waitFor(() => overlapped, 'the pull to be under way while the push sends', 30_000);
			relay.unthrottle();
			const operations = await waitFor(
				() => {
					const all = store.getState().operations;
					return all.every(operation => operation.state !== 'queued' && operation.state !== 'running') ? all : null;
				},
				'both operations to finish',
				60_000,
			);
			unsubscribe();
			expect(overlapped).toBe(true);
			const push = operations.find(operation => operation.id === pushId)!;
			const pull = operations.find(operation => operation.id === pullId)!;
			expect(push).toMatchObject({kind: 'push', state: 'done', error: null});
			expect(pull).toMatchObject({kind: 'pull', state: 'done', error: null, digest: source.digest});
			expect(await registryDigest(pushed, '1.0.0')).toBe(push.digest);
			expect(await idOf(`${registry}/${pulled}:1.0.0`)).toBe(pulledId);
			expect(push.progress.layers.map(layer => layer.status)).toEqual(['Pushed']);
			expect(pull.progress.layers.map(layer => layer.status)).toEqual([imageStore() === 'containerd' ? 'Download complete' : 'Pull complete']);
		} finally {
			await relay.close();
		}
	});

	test('cancelling a running push through the runner: cancelled, nothing in the registry', async () => {
		const repository = `e2e-transfer/runner-cancel-${run}`;
		await randomImage(repository, '1.0.0', 40);
		const store = createAppStore(initialState({host: 'sandbox', columns: 100, rows: 30, now: Date.now()}));
		const runner = createOperationRunner(store);
		const id = runner.start('push', `${repository}:1.0.0`, (signal, report) => pushImage(client, `${registry}/${repository}`, '1.0.0', goodAuth, report.line, signal));
		await waitFor(() => store.getState().operations[0]!.progress.layers.some(layer => layer.status === 'Pushing' && layer.current > 0), 'the push to move bytes', 30_000);
		runner.cancel(id);
		const operation = await waitFor(() => (store.getState().operations[0]!.state === 'running' ? null : store.getState().operations[0]!), 'the push to end', 30_000);
		expect(operation).toMatchObject({state: 'cancelled', error: {kind: 'aborted'}});
		expect(runner.active()).toEqual({running: 0, queued: 0});
		expect(await registryDigest(repository, '1.0.0')).toBeNull();
	});
});
