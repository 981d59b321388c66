// Remote deletes against the sandbox's registries, through the registry client and the remote
// plan: the registry API (with tokens from the sandbox's issuer) and the docker CLI are the oracles.
import {execFile} from 'node:child_process';
import {readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {planRemoteDelete, planRemoteKeepNewest, type TagDigest} from '../../source/domain/remote-plan';
import {RegistryError, registrySession, type RegistryOptions, type RegistrySession} from '../../source/registry/client';
import {insecureRegistries} from '../../source/registry/insecure';
import {docker, sandboxEnv, seedSandbox} from './harness';
import {tempDir} from '../fixtures/temp-dir';

const run = promisify(execFile);
const fullAccept =
	'application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json';

let tokenRegistry = '';
let noDeleteRegistry = '';
let user = '';
let password = '';
let options: RegistryOptions;
let configDir = '';
/** What the engine recorded for the push, before the local tags went away again. */
let pushedRepoDigests: string[] = [];
/** A repository of this run only: 1.0.0 and stable share a digest, 1.1.0 and 1.2.0 have their own. */
const scratch = `e2e-remote-delete/run-${Date.now().toString(36)}`;
const scratchTags: Record<string, string> = {'1.0.0': 'app:1.0.0', stable: 'app:1.0.0', '1.1.0': 'app:1.1.0', '1.2.0': 'app:1.2.0'};

function loopback(address: string | undefined, name: string): string {
	if (!address || !/^127\.\d+\.\d+\.\d+:\d+$/.test(address)) throw new Error(`${name} is not a loopback registry: ${address}`);
	return address;
}

beforeAll(async () => {
	await seedSandbox();
	const env = sandboxEnv();
	tokenRegistry = loopback(env.DOCKSWAB_TOKEN_REGISTRY, 'DOCKSWAB_TOKEN_REGISTRY');
	noDeleteRegistry = loopback(env.DOCKSWAB_NODELETE_REGISTRY, 'DOCKSWAB_NODELETE_REGISTRY');
	user = env.DOCKSWAB_REGISTRY_USER!;
	password = readFileSync(env.DOCKSWAB_REGISTRY_PASSWORD_FILE!, 'utf8').trim();
	const info = JSON.parse(await docker('info', '--format', '{{json .}}')) as unknown;
	options = {certsDir: env.DOCKSWAB_CERTS_D!, insecure: insecureRegistries(info), timeoutMs: 10_000};

	// A docker config of this file's own, logged in to the token registry.
	configDir = tempDir('dockswab-remote-delete-');
	writeFileSync(join(configDir, 'config.json'), '{}\n', {mode: 0o600});
	const withConfig = {env: {...env, DOCKER_CONFIG: configDir}};
	const login = execFile('docker', ['login', '--username', user, '--password-stdin', tokenRegistry], withConfig);
	login.stdin?.end(`${password}\n`);
	await new Promise<void>((resolve, reject) => login.on('close', code => (code === 0 ? resolve() : reject(new Error(`docker login ${tokenRegistry} failed`)))));
	for (const [tag, source] of Object.entries(scratchTags)) await docker('tag', source, `${tokenRegistry}/${scratch}:${tag}`);
	await run('docker', ['push', '-q', '--all-tags', `${tokenRegistry}/${scratch}`], withConfig);
	pushedRepoDigests = JSON.parse(await docker('image', 'inspect', '--format', '{{json .RepoDigests}}', `${tokenRegistry}/${scratch}:1.1.0`)) as string[];
	await docker('rmi', ...Object.keys(scratchTags).map(tag => `${tokenRegistry}/${scratch}:${tag}`));
}, 240_000);

afterAll(() => {
	if (configDir) rmSync(configDir, {recursive: true, force: true});
});

/** The oracle: the registry API asked directly, with a token the issuer grants for `scope`. */
async function registryApi(registry: string, path: string, scope: string | null, init: {method?: string; accept?: string} = {}): Promise<Response> {
	const headers: Record<string, string> = init.accept ? {accept: init.accept} : {};
	if (scope) {
		const challenge = (await fetch(`http://${registry}/v2/`)).headers.get('www-authenticate') ?? '';
		const realm = /realm="([^"]+)"/.exec(challenge)?.[1];
		const service = /service="([^"]+)"/.exec(challenge)?.[1];
		if (!realm || !service) throw new Error(`${registry} sent no Bearer challenge`);
		const query = new URLSearchParams({service, scope});
		const answer = await fetch(`${realm}?${query}`, {headers: {authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`}});
		headers.authorization = `Bearer ${((await answer.json()) as {token: string}).token}`;
	}
	return fetch(`http://${registry}${path}`, {method: init.method ?? 'GET', headers});
}

async function registryTags(registry: string, repository: string, withToken: boolean): Promise<string[]> {
	const response = await registryApi(registry, `/v2/${repository}/tags/list`, withToken ? `repository:${repository}:pull` : null);
	if (response.status !== 200) throw new Error(`tags of ${repository} answered ${response.status}`);
	return [...(((await response.json()) as {tags: string[] | null}).tags ?? [])].sort();
}

async function tagDigests(session: RegistrySession, repository: string): Promise<TagDigest[]> {
	const {tags} = await session.tags(repository);
	return Promise.all(
		tags.map(async tag => {
			const {digest} = await session.manifestDigest(repository, tag);
			if (!digest) throw new Error(`${repository}:${tag} vanished`);
			return {tag, digest};
		}),
	);
}

async function failureOf(work: Promise<unknown>): Promise<RegistryError['failure']> {
	const error = await work.then(
		() => null,
		(caught: unknown) => caught,
	);
	if (!(error instanceof RegistryError)) throw new Error(`expected a RegistryError, got ${String(error)}`);
	return error.failure;
}

describe('token registry (deletes enabled)', () => {
	const session = () => registrySession(tokenRegistry, {username: user, secret: password}, options);

	test("manifest digests are the registry's and the engine's; a missing tag is null", async () => {
		const pushed = await tagDigests(session(), scratch);
		expect(pushed.map(entry => entry.tag).sort()).toEqual(Object.keys(scratchTags).sort());
		for (const {tag, digest} of pushed) {
			const head = await registryApi(tokenRegistry, `/v2/${scratch}/manifests/${tag}`, `repository:${scratch}:pull`, {method: 'HEAD', accept: fullAccept});
			expect(head.headers.get('docker-content-digest')).toBe(digest);
		}
		const byTag = new Map(pushed.map(entry => [entry.tag, entry.digest]));
		expect(byTag.get('stable')).toBe(byTag.get('1.0.0'));
		expect(new Set(byTag.values()).size).toBe(3);
		expect(pushedRepoDigests).toContain(`${tokenRegistry}/${scratch}@${byTag.get('1.1.0')}`);
		expect(await session().manifestDigest(scratch, 'never-pushed')).toEqual({digest: null, index: false, rateLimit: null});
	});

	test('deleting one of two tags sharing a digest is blocked; nothing is sent', async () => {
		const plan = planRemoteDelete(scratch, await tagDigests(session(), scratch), ['1.0.0'], []);
		expect(plan.items).toHaveLength(1);
		expect(plan.items[0]!.tags).toEqual(['1.0.0', 'stable']);
		expect(plan.items[0]!.outcome).toEqual({kind: 'blocked', reason: 'stable shares this digest: mark it too'});
		expect(plan.totals).toEqual({digests: 0, tags: 0, blocked: 1});
		expect(await registryTags(tokenRegistry, scratch, true)).toEqual(Object.keys(scratchTags).sort());
	});

	test('anonymously, or with a wrong password, a delete is refused and nothing changes', async () => {
		const [target] = await tagDigests(session(), scratch);
		expect(await failureOf(registrySession(tokenRegistry, null, options).deleteManifest(scratch, target!.digest))).toEqual({
			ok: false,
			kind: 'unauthorized',
			message: `${tokenRegistry} requires a login to delete from ${scratch}`,
		});
		expect(await failureOf(registrySession(tokenRegistry, {username: user, secret: `${password}x`}, options).deleteManifest(scratch, target!.digest))).toMatchObject({kind: 'unauthorized'});
		expect(await registryTags(tokenRegistry, scratch, true)).toEqual(Object.keys(scratchTags).sort());
	});

	test('both tags: one delete that also removes the other; afterwards the registry lacks exactly those tags', async () => {
		const appBefore = await registryTags(tokenRegistry, 'app', true);
		const plan = planRemoteDelete(scratch, await tagDigests(session(), scratch), ['1.0.0', 'stable'], []);
		expect(plan.items).toEqual([{digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), tags: ['1.0.0', 'stable'], outcome: {kind: 'delete', alsoRemoves: ['stable']}}]);
		expect(plan.totals).toEqual({digests: 1, tags: 2, blocked: 0});
		const deleter = session();
		for (const item of plan.items) if (item.outcome.kind === 'delete') await deleter.deleteManifest(scratch, item.digest);

		expect(await registryTags(tokenRegistry, scratch, true)).toEqual(['1.1.0', '1.2.0']);
		expect((await registryApi(tokenRegistry, `/v2/${scratch}/manifests/${plan.items[0]!.digest}`, `repository:${scratch}:pull`, {method: 'HEAD', accept: fullAccept})).status).toBe(404);
		// The seed's app:1.0.0 has the same digest in another repository: it stays.
		expect(await registryTags(tokenRegistry, 'app', true)).toEqual(appBefore);
		expect(appBefore).toContain('1.0.0');
		expect(await deleter.manifestDigest(scratch, 'stable')).toEqual({digest: null, index: false, rateLimit: null});
		expect(await failureOf(deleter.deleteManifest(scratch, plan.items[0]!.digest))).toMatchObject({kind: 'not-found'});
	});
});

describe('registry with deletes disabled', () => {
	test('a delete is refused as unsupported, in plain words, and nothing is removed', async () => {
		const session = registrySession(noDeleteRegistry, null, options);
		const before = await registryTags(noDeleteRegistry, 'app', false);
		expect(before).toEqual(['1.3.0', 'latest']);
		const plan = planRemoteDelete('app', await tagDigests(session, 'app'), ['1.3.0', 'latest'], []);
		expect(plan.items).toEqual([{digest: expect.stringMatching(/^sha256:/), tags: ['1.3.0', 'latest'], outcome: {kind: 'delete', alsoRemoves: ['latest']}}]);
		expect(await failureOf(session.deleteManifest('app', plan.items[0]!.digest))).toEqual({
			ok: false,
			kind: 'unsupported',
			message: `${noDeleteRegistry} does not allow deletes (the registry runs with storage.delete.enabled false)`,
		});
		expect(await registryTags(noDeleteRegistry, 'app', false)).toEqual(before);
	});
});

describe('keep the newest N on the token registry', () => {
	const repository = `e2e-remote-delete/keep-${Date.now().toString(36)}`;
	const versions = ['0.9.0', ...Array.from({length: 11}, (_, minor) => `1.${minor}.0`)];
	const session = () => registrySession(tokenRegistry, {username: user, secret: password}, options);

	/** One image per version (a commit with its own label, so its own digest); latest = 1.10.0, v1.0.0-lts = 1.0.0, dev apart. */
	beforeAll(async () => {
		const container = await docker('create', '--network', 'none', 'app:1.0.0');
		const local = (tag: string) => `${tokenRegistry}/${repository}:${tag}`;
		try {
			for (const version of [...versions, 'dev']) await docker('commit', '--change', `LABEL e2e.version=${version}`, container, local(version));
		} finally {
			await docker('rm', container);
		}
		await docker('tag', local('1.10.0'), local('latest'));
		await docker('tag', local('1.0.0'), local('v1.0.0-lts'));
		await run('docker', ['push', '-q', '--all-tags', `${tokenRegistry}/${repository}`], {env: {...sandboxEnv(), DOCKER_CONFIG: configDir}});
		await docker('rmi', ...[...versions, 'dev', 'latest', 'v1.0.0-lts'].map(local));
	}, 120_000);

	test("keeps the newest 3 by semver, latest's digest, dev and what is protected; removes exactly the rest", async () => {
		const before = await registryTags(tokenRegistry, repository, true);
		expect(before).toEqual([...versions, 'dev', 'latest', 'v1.0.0-lts'].sort());
		const plan = planRemoteKeepNewest(repository, await tagDigests(session(), repository), 3, ['v*-lts']);
		expect(plan.kept).toEqual([
			{tag: '1.10.0', reason: 'one of the newest 3 versions'},
			{tag: '1.9.0', reason: 'one of the newest 3 versions'},
			{tag: '1.8.0', reason: 'one of the newest 3 versions'},
			{tag: '1.0.0', reason: 'shares its digest with protected v1.0.0-lts'},
			{tag: 'v1.0.0-lts', reason: 'protected by v*-lts'},
			{tag: 'dev', reason: 'not a version'},
			{tag: 'latest', reason: 'not a version'},
		]);
		const removed = ['1.7.0', '1.6.0', '1.5.0', '1.4.0', '1.3.0', '1.2.0', '1.1.0', '0.9.0'];
		expect(plan.items.flatMap(item => item.tags)).toEqual(removed);
		const deleter = session();
		for (const item of plan.items) if (item.outcome.kind === 'delete') await deleter.deleteManifest(repository, item.digest);
		expect(await registryTags(tokenRegistry, repository, true)).toEqual(before.filter(tag => !removed.includes(tag)));
	});
});
