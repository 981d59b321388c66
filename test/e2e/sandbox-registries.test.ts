// The sandbox's token-auth and TLS registries, which the registry tests rely on: checked with
// plain node http(s) against the registry API and with the docker CLI as oracles.
import {execFile} from 'node:child_process';
import {existsSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {docker, sandboxEnv, seedSandbox, waitFor} from './harness';
import {loopbackRequest, type LoopbackAnswer, type LoopbackRequest} from '../fixtures/loopback-request';
import {tempDir} from '../fixtures/temp-dir';

const run = promisify(execFile);

beforeAll(seedSandbox);

const env = (name: string): string => {
	const value = sandboxEnv()[name];
	if (!value) throw new Error(`${name} is not set by scripts/sandbox env`);
	return value;
};
const user = () => env('DOCKSWAB_REGISTRY_USER');
const password = () => readFileSync(env('DOCKSWAB_REGISTRY_PASSWORD_FILE'), 'utf8').trim();
const basic = (name: string, secret: string) => `Basic ${Buffer.from(`${name}:${secret}`).toString('base64')}`;

/** What the seed pushes to the token and TLS registries (other tests may push more). */
const seededRepositories = ['app', 'base/runtime', 'web'];
const seededAppTags = ['1.0.0', '1.1.0', '1.2.0', '1.3.0', 'latest'];

type Answer = LoopbackAnswer;
type RequestOptions = LoopbackRequest;
const request = loopbackRequest;

const json = <T>(answer: Answer): T => JSON.parse(answer.body) as T;

/** `Bearer realm="…",service="…"` → {scheme, realm, service, …}. */
function challenge(header: string | undefined): Record<string, string> {
	const [scheme = ''] = (header ?? '').split(' ', 1);
	const params: Record<string, string> = {scheme};
	for (const [, key, value] of (header ?? '').matchAll(/(\w+)="([^"]*)"/g)) params[key!] = value!;
	return params;
}

type TokenAnswer = {token: string; access_token: string; expires_in: number; issued_at: string; refresh_token?: string};

async function service(): Promise<string> {
	const answer = await request(`http://${env('DOCKSWAB_TOKEN_REGISTRY')}/v2/`);
	return challenge(answer.headers['www-authenticate']).service!;
}

/** A token from the issuer as the engine asks for one: GET with Basic credentials (or none). */
async function tokenFor(scopes: readonly string[], credentials: string | null, extra: Record<string, string> = {}): Promise<Answer> {
	const query = new URLSearchParams({service: await service(), ...extra});
	for (const scope of scopes) query.append('scope', scope);
	return request(`${env('DOCKSWAB_TOKEN_REALM')}?${query}`, {headers: credentials ? {authorization: credentials} : {}});
}

const tokenRegistry = (path: string, token: string) => request(`http://${env('DOCKSWAB_TOKEN_REGISTRY')}${path}`, {headers: {authorization: `Bearer ${token}`}});

/** A DOCKER_CONFIG of the test's own, so the sandbox's logins are left as they are. */
function ownDockerConfig(): string {
	const dir = tempDir('dockswab-login-');
	writeFileSync(join(dir, 'config.json'), '{}\n', {mode: 0o600});
	return dir;
}

function dockerLogin(configDir: string, registry: string, secret: string) {
	const child = execFile('docker', ['login', '--username', user(), '--password-stdin', registry], {env: {...sandboxEnv(), DOCKER_CONFIG: configDir}, timeout: 30_000});
	child.stdin?.end(`${secret}\n`);
	return new Promise<{code: number; output: string}>(resolve => {
		let output = '';
		child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.on('close', code => resolve({code: code ?? -1, output}));
	});
}

describe('token-auth registry', () => {
	test('/v2/ answers 401 with a Bearer challenge that names the issuer and a service', async () => {
		const answer = await request(`http://${env('DOCKSWAB_TOKEN_REGISTRY')}/v2/`);
		expect(answer.status).toBe(401);
		const bearer = challenge(answer.headers['www-authenticate']);
		expect(bearer.scheme).toBe('Bearer');
		expect(bearer.realm).toBe(env('DOCKSWAB_TOKEN_REALM'));
		expect(bearer.service).toMatch(/\S/);
	});

	test('docker login refuses a wrong password, then logs in with the right one and the engine uses the identity token', async () => {
		const registry = env('DOCKSWAB_TOKEN_REGISTRY');
		const configDir = ownDockerConfig();
		try {
			const before = readFileSync(join(configDir, 'config.json'));
			const wrong = await dockerLogin(configDir, registry, `${password()}x`);
			expect(wrong.code).not.toBe(0);
			expect(wrong.output).toContain('incorrect username or password');
			expect(readFileSync(join(configDir, 'config.json'))).toEqual(before);

			const right = await dockerLogin(configDir, registry, password());
			expect(right.output).toContain('Login Succeeded');
			expect(right.code).toBe(0);
			const config = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as {auths: Record<string, {identitytoken?: string}>};
			// The issuer returned a refresh token (offline_token=true), which the CLI keeps instead of the password.
			expect(config.auths[registry]?.identitytoken).toMatch(/\S/);
			expect(JSON.stringify(config)).not.toContain(password());

			// A pull with only that identity token: the engine trades it for access tokens (refresh_token grant).
			const reference = `${registry}/app:1.0.0`;
			const pulled = await run('docker', ['pull', '-q', reference], {env: {...sandboxEnv(), DOCKER_CONFIG: configDir}});
			expect(pulled.stdout.trim()).toBe(reference);
			await docker('rmi', reference);
		} finally {
			rmSync(configDir, {recursive: true, force: true});
		}
	});

	test('the issuer refuses a wrong password and grants nothing to anonymous callers', async () => {
		expect((await tokenFor(['registry:catalog:*'], basic(user(), 'wrong'))).status).toBe(401);
		expect((await tokenFor(['registry:catalog:*'], basic('someone', password()))).status).toBe(401);
		const anonymous = await tokenFor(['registry:catalog:*'], null);
		expect(anonymous.status).toBe(200);
		const refused = await tokenRegistry('/v2/_catalog', json<TokenAnswer>(anonymous).token);
		expect(refused.status).toBe(401);
		expect(challenge(refused.headers['www-authenticate']).error).toBe('insufficient_scope');
	});

	test('after the seed, the catalog and the tags read with issuer tokens list what was pushed', async () => {
		const catalogToken = await tokenFor(['registry:catalog:*'], basic(user(), password()));
		expect(catalogToken.status).toBe(200);
		const catalog = await tokenRegistry('/v2/_catalog', json<TokenAnswer>(catalogToken).token);
		expect(catalog.status).toBe(200);
		expect(json<{repositories: string[]}>(catalog).repositories).toEqual(expect.arrayContaining(seededRepositories));

		// A catalog token is not a pull token: the registry checks each scope.
		expect((await tokenRegistry('/v2/app/tags/list', json<TokenAnswer>(catalogToken).token)).status).toBe(401);
		const pullToken = json<TokenAnswer>(await tokenFor(['repository:app:pull'], basic(user(), password())));
		const tags = await tokenRegistry('/v2/app/tags/list', pullToken.token);
		expect(tags.status).toBe(200);
		expect(json<{tags: string[]}>(tags).tags).toEqual(expect.arrayContaining(seededAppTags));
	});

	test('offline_token gives a refresh token; the refresh_token and password grants (POST form) give working tokens', async () => {
		const login = json<TokenAnswer>(await tokenFor([], basic(user(), password()), {account: user(), client_id: 'docker', offline_token: 'true'}));
		expect(login.refresh_token).toMatch(/\S/);
		expect(login.access_token).toBe(login.token);
		expect(login.expires_in).toBeGreaterThan(0);
		expect(Number.isNaN(Date.parse(login.issued_at))).toBe(false);
		expect(json<TokenAnswer>(await tokenFor([], basic(user(), password()))).refresh_token).toBeUndefined();

		const post = async (form: Record<string, string>) =>
			request(env('DOCKSWAB_TOKEN_REALM'), {
				method: 'POST',
				headers: {'content-type': 'application/x-www-form-urlencoded'},
				body: new URLSearchParams({service: await service(), client_id: 'dockswab-test', scope: 'registry:catalog:*', ...form}).toString(),
			});
		const refreshed = await post({grant_type: 'refresh_token', refresh_token: login.refresh_token!});
		expect(refreshed.status).toBe(200);
		expect((await tokenRegistry('/v2/_catalog', json<TokenAnswer>(refreshed).access_token)).status).toBe(200);

		const byPassword = await post({grant_type: 'password', username: user(), password: password()});
		expect(byPassword.status).toBe(200);
		expect((await tokenRegistry('/v2/_catalog', json<TokenAnswer>(byPassword).access_token)).status).toBe(200);

		expect((await post({grant_type: 'refresh_token', refresh_token: `${login.refresh_token!}x`})).status).toBe(401);
		expect((await post({grant_type: 'password', username: user(), password: 'wrong'})).status).toBe(401);
	});
});

describe('TLS registry', () => {
	const caFile = () => join(env('DOCKSWAB_CERTS_D'), env('DOCKSWAB_TLS_REGISTRY'), 'ca.crt');
	const tls = (path: string, options: RequestOptions = {}) => request(`https://${env('DOCKSWAB_TLS_REGISTRY')}${path}`, options);

	test('answers over HTTPS verified with the CA from the certs.d directory, with a Basic challenge', async () => {
		const ca = readFileSync(caFile(), 'utf8');
		const anonymous = await tls('/v2/', {ca});
		expect(anonymous.status).toBe(401);
		expect(challenge(anonymous.headers['www-authenticate']).scheme).toBe('Basic');

		const authorization = basic(user(), password());
		const catalog = await tls('/v2/_catalog', {ca, headers: {authorization}});
		expect(catalog.status).toBe(200);
		expect(json<{repositories: string[]}>(catalog).repositories).toEqual(expect.arrayContaining(seededRepositories));
		const tags = await tls('/v2/app/tags/list', {ca, headers: {authorization}});
		expect(json<{tags: string[]}>(tags).tags).toEqual(expect.arrayContaining(seededAppTags));
		expect((await tls('/v2/', {ca, headers: {authorization: basic(user(), 'wrong')}})).status).toBe(401);
	});

	test('fails certificate verification without that CA', async () => {
		await expect(tls('/v2/')).rejects.toMatchObject({code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'});
	});
});

describe('registry with deletes disabled', () => {
	const noDelete = (path: string, options: RequestOptions = {}) => request(`http://${env('DOCKSWAB_NODELETE_REGISTRY')}${path}`, options);

	test('answers without auth, holds what the seed pushed, and refuses every DELETE with 405 UNSUPPORTED', async () => {
		expect((await noDelete('/v2/')).status).toBe(200);
		const tags = await noDelete('/v2/app/tags/list');
		expect(json<{tags: string[]}>(tags).tags.sort()).toEqual(['1.3.0', 'latest']);
		const head = await noDelete('/v2/app/manifests/1.3.0', {method: 'HEAD', headers: {accept: 'application/vnd.docker.distribution.manifest.v2+json'}});
		const digest = head.headers['docker-content-digest'];
		expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
		const refused = await noDelete(`/v2/app/manifests/${String(digest)}`, {method: 'DELETE'});
		expect(refused.status).toBe(405);
		expect(json<{errors: {code: string}[]}>(refused).errors[0]?.code).toBe('UNSUPPORTED');
		expect(json<{tags: string[]}>(await noDelete('/v2/app/tags/list')).tags.sort()).toEqual(['1.3.0', 'latest']);
	});
});

describe('sandbox lifecycle', () => {
	// A second, separate sandbox: the shared one stays up for the other test files.
	const parent = tempDir('dsw-life-');
	const dir = join(parent, 's');
	const sandbox = (...args: string[]) => run('bash', ['scripts/sandbox', ...args], {env: {...process.env, DOCKSWAB_SANDBOX_DIR: dir}, timeout: 120_000});
	const status = () =>
		sandbox('status').then(
			() => 0,
			(error: {code?: number}) => error.code ?? -1,
		);

	/** Processes whose command line names the state dir (dockerd, containerd, registries, issuer). */
	const processesOf = (stateDir: string) =>
		readdirSync('/proc')
			.filter(entry => /^\d+$/.test(entry) && Number(entry) !== process.pid)
			.filter(entry => {
				try {
					return readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(`${stateDir}/`);
				} catch {
					return false;
				}
			});

	afterAll(async () => {
		if (existsSync(dir)) await sandbox('stop').catch(() => undefined);
		rmSync(parent, {recursive: true, force: true});
	});

	test('start is idempotent and repairs a dead service; stop leaves no process and no directory', async () => {
		await sandbox('start');
		expect(await status()).toBe(0);
		const first = JSON.parse((await sandbox('env', '--json')).stdout) as Record<string, string>;
		for (const key of ['DOCKSWAB_REGISTRY', 'DOCKSWAB_TOKEN_REGISTRY', 'DOCKSWAB_TOKEN_REALM', 'DOCKSWAB_TLS_REGISTRY', 'DOCKSWAB_CERTS_D', 'DOCKSWAB_NODELETE_REGISTRY'])
			expect(first[key]).toMatch(/\S/);
		expect(new Set([first.DOCKSWAB_REGISTRY, first.DOCKSWAB_TOKEN_REGISTRY, first.DOCKSWAB_TLS_REGISTRY, first.DOCKSWAB_NODELETE_REGISTRY, new URL(first.DOCKSWAB_TOKEN_REALM!).host]).size).toBe(5);
		expect(first.DOCKSWAB_REGISTRY).not.toBe(env('DOCKSWAB_REGISTRY'));

		const again = await sandbox('start');
		expect(again.stderr).toContain('already running');

		const issuer = Number(readFileSync(join(dir, 'token-issuer.pid'), 'utf8'));
		process.kill(issuer, 'SIGTERM');
		await waitFor(async () => (await status()) === 1, 'status to notice the stopped issuer');
		await sandbox('start');
		expect(await status()).toBe(0);
		const repaired = JSON.parse((await sandbox('env', '--json')).stdout) as Record<string, string>;
		const answer = await request(`http://${repaired.DOCKSWAB_TOKEN_REGISTRY}/v2/`);
		expect(challenge(answer.headers['www-authenticate']).realm).toBe(repaired.DOCKSWAB_TOKEN_REALM);
		expect((await request(`${repaired.DOCKSWAB_TOKEN_REALM}?service=${challenge(answer.headers['www-authenticate']).service}`)).status).toBe(200);

		await sandbox('stop');
		expect(existsSync(dir)).toBe(false);
		expect(processesOf(dir)).toEqual([]);
		expect(await status()).toBe(1);
	});
});
