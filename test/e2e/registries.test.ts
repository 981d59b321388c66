// Registries end to end: login and logout in the TUI against the sandbox registries, interoperable
// with the docker CLI both ways; browse with catalog pages; token auth, TLS, a hanging registry.
// The docker CLI and the registry HTTP API are the oracles.
import {execFile} from 'node:child_process';
import {chmodSync, readFileSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import {createServer, type Server, type Socket} from 'node:net';
import {join, resolve} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, afterEach, beforeAll, describe, expect, test} from 'vitest';
import {sandboxEnv, seedSandbox, startTui, waitFor, type Tui} from './harness';
import {tempDir} from '../fixtures/temp-dir';

const run = promisify(execFile);

let tui: Tui | null = null;
beforeAll(seedSandbox);
afterEach(async () => {
	await tui?.stop();
	tui = null;
});

const env = () => sandboxEnv();
const password = () => readFileSync(env().DOCKSWAB_REGISTRY_PASSWORD_FILE!, 'utf8').trim();
const user = () => env().DOCKSWAB_REGISTRY_USER!;
const helperBin = resolve('test/fixtures/bin');

/** A DOCKER_CONFIG of the test's own, holding a key dockswab does not know (kept through writes). */
function freshConfig(extra: Record<string, unknown> = {}): string {
	const dir = tempDir('dsw-cfg-');
	writeFileSync(join(dir, 'config.json'), `${JSON.stringify({psFormat: 'table {{.Names}}', ...extra}, null, '\t')}\n`, {mode: 0o600});
	chmodSync(join(dir, 'config.json'), 0o600);
	return dir;
}

/** The docker CLI with a given config dir (and the test helper on PATH). */
async function dockerWith(config: string, ...args: string[]): Promise<{ok: boolean; output: string}> {
	try {
		const {stdout, stderr} = await run('docker', args, {env: {...env(), DOCKER_CONFIG: config, PATH: `${helperBin}:${process.env.PATH}`}});
		return {ok: true, output: stdout + stderr};
	} catch (error) {
		const failed = error as {stdout?: string; stderr?: string};
		return {ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}`};
	}
}

async function pushProbe(config: string, registry: string, name: string): Promise<{ok: boolean; output: string}> {
	await dockerWith(config, 'tag', 'busybox:sandbox', `${registry}/${name}:1`);
	return dockerWith(config, 'push', `${registry}/${name}:1`);
}

async function openRegistries(config: string, extraEnv: Record<string, string> = {}, shellPrefix = '', rows = 30): Promise<Tui> {
	const state = tempDir('dsw-state-');
	tui = await startTui({
		columns: 140,
		rows,
		env: {DOCKER_CONFIG: config, XDG_STATE_HOME: state, ...extraEnv},
		shell: shellPrefix ? `${shellPrefix} node dist/cli.js` : undefined,
	});
	await tui.waitForText('app');
	await tui.keys('3');
	await tui.waitForText('REGISTRY');
	return tui;
}

async function loginInTui(session: Tui, registry: string, secret: string): Promise<void> {
	await session.filterTo(registry);
	await session.keys('l');
	// A registry nothing names yet is typed in; one in the list is filled in from its row.
	const dialog = await session.waitForText(/Log in( to |\s)/);
	if (!dialog.includes(`Log in to ${registry}`)) {
		await session.type(registry);
		await session.keys('Enter');
	}
	await session.waitForText(/username\s+█/);
	await session.type(user());
	await session.keys('Enter');
	await session.waitForText(/password\s+█/);
	await session.type(secret);
	await session.waitForText('•'.repeat(secret.length));
	const {stdout: processes} = await run('ps', ['-eo', 'args']);
	expect(processes).not.toContain(secret);
	await session.keys('Enter');
}

describe('login and logout, as the docker CLI sees them', () => {
	test('login in dockswab, then docker push needs no login; logout, and it does again', async () => {
		const registry = env().DOCKSWAB_REGISTRY!;
		const config = freshConfig();
		expect((await pushProbe(config, registry, 'e2e-login')).ok).toBe(false);
		const session = await openRegistries(config);
		await loginInTui(session, registry, password());
		const done = await session.waitForText(`logged in to ${registry} as ${user()}`);
		expect(done).not.toContain(password());
		const stored = JSON.parse(readFileSync(join(config, 'config.json'), 'utf8')) as {psFormat: string; auths: Record<string, unknown>};
		expect(stored.psFormat).toBe('table {{.Names}}');
		expect(Object.keys(stored.auths)).toContain(registry);
		expect(statSync(join(config, 'config.json')).mode & 0o777).toBe(0o600);
		expect((await pushProbe(config, registry, 'e2e-login')).ok).toBe(true);

		await session.keys('Enter');
		await session.waitForNoText('logged in to');
		await session.keys('o');
		await session.waitForText(`Log out of ${registry}`);
		await session.keys('y');
		await session.waitForText(`logged out of ${registry}`);
		const after = JSON.parse(readFileSync(join(config, 'config.json'), 'utf8')) as {psFormat: string; auths?: Record<string, unknown>};
		expect(after.psFormat).toBe('table {{.Names}}');
		expect(Object.keys(after.auths ?? {})).not.toContain(registry);
		const again = await pushProbe(config, registry, 'e2e-login');
		expect(again.ok).toBe(false);
	});

	test('docker login, then dockswab browses: repositories, and tags in semver order with the registry digests', async () => {
		const registry = env().DOCKSWAB_REGISTRY!;
		const config = freshConfig();
		const login = await run('sh', ['-c', 'docker login --username "$1" --password-stdin "$2" < "$3"', '_', user(), registry, env().DOCKSWAB_REGISTRY_PASSWORD_FILE!], {
			env: {...env(), DOCKER_CONFIG: config},
		});
		expect(login.stdout).toContain('Login Succeeded');
		// A page size of 1 makes every repository its own catalog page.
		const session = await openRegistries(config, {DOCKSWAB_CATALOG_PAGE_SIZE: '1'}, '', 80);
		await session.filterTo(registry);
		await session.keys('Enter');
		const repositories = await session.waitForText(/│ \d+ repositor(?:y|ies)\s+│/);
		const {stdout: catalog} = await run('curl', ['-sf', '-u', `${user()}:${password()}`, `http://${registry}/v2/_catalog?n=1000`]);
		const names = (JSON.parse(catalog) as {repositories: string[]}).repositories;
		expect(names.length).toBeGreaterThan(1);
		// Every page was read: the count is the whole catalog's. The registry keeps what earlier runs
		// pushed, so the catalog may not fit the screen: the rows shown are its head, in its order.
		expect(Number(/│ (\d+) repositor/.exec(repositories)![1])).toBe(names.length);
		const rows = [...repositories.matchAll(/^│ [›\s] (\S+)\s+│$/gm)].map(match => match[1]);
		expect(rows.length).toBe(Math.min(names.length, rows.length));
		expect(rows.length).toBeGreaterThan(1);
		expect(rows).toEqual(names.slice(0, rows.length));
		await session.keys('g');
		await session.waitForText('› app');
		await session.keys('Enter');
		const tags = await session.waitForText(/│ \d+ tags?\s+│/);
		const shown = [...tags.matchAll(/^│ [›\s][\s*] (\S+)\s+([0-9a-f]{12})\s/gm)].map(match => [match[1]!, match[2]!] as const);
		// The seed pushes app 1.2.0 and 1.3.0 there: newest version first, then any other tag.
		const {stdout: listed} = await run('curl', ['-sf', '-u', `${user()}:${password()}`, `http://${registry}/v2/app/tags/list`]);
		const registryTags = (JSON.parse(listed) as {tags: string[]}).tags;
		expect(shown.map(([name]) => name).sort()).toEqual([...registryTags].sort());
		expect(shown.map(([name]) => name).slice(0, 2)).toEqual(['1.3.0', '1.2.0']);
		for (const [tag, digest] of shown) {
			const {stdout} = await run('curl', [
				'-sfI',
				'-u',
				`${user()}:${password()}`,
				'-H',
				'Accept: application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json',
				`http://${registry}/v2/app/manifests/${tag}`,
			]);
			expect(stdout.toLowerCase()).toContain(`docker-content-digest: sha256:${digest}`);
		}
	});

	test('browsing a registry that asks for a login leads to the login, then to its repositories', async () => {
		const registry = env().DOCKSWAB_REGISTRY!;
		const session = await openRegistries(freshConfig());
		await session.filterTo(registry);
		await session.keys('Enter');
		await session.waitForText(`${registry} asks for a login to list its repositories.`);
		await session.type(user());
		await session.keys('Enter');
		await session.type(password());
		await session.waitForText('•'.repeat(password().length));
		await session.keys('Enter');
		await session.waitForText(`logged in to ${registry}`);
		await session.keys('Enter');
		await session.waitForNoText('logged in to');
		await session.keys('Enter');
		expect(await session.waitForText(/│ \d+ repositor(?:y|ies)\s+│/)).toContain('› app');
	});

	test('a wrong password is refused; config.json is unchanged byte for byte; the password is nowhere to be seen', async () => {
		const registry = env().DOCKSWAB_REGISTRY!;
		const config = freshConfig();
		const before = readFileSync(join(config, 'config.json'));
		const state = tempDir('dsw-state-');
		const wrong = 'wrong-pass-e2e-7731';
		tui = await startTui({columns: 140, rows: 30, env: {DOCKER_CONFIG: config, XDG_STATE_HOME: state}});
		await tui.waitForText('app');
		await tui.keys('3');
		await loginInTui(tui, registry, wrong);
		const refused = await tui.waitForText('Login refused');
		expect(refused).not.toContain(wrong);
		const {stdout: processes} = await run('ps', ['-eo', 'args']);
		expect(processes).not.toContain(wrong);
		expect(readFileSync(join(config, 'config.json')).equals(before)).toBe(true);
		// Whatever dockswab wrote under its state dir (the log, if this run made one) holds no password.
		const written = readdirSync(state, {recursive: true, withFileTypes: true}).filter(entry => entry.isFile());
		for (const file of written) expect(readFileSync(join(file.path, file.name), 'utf8'), file.name).not.toContain(wrong);
	});

	test('with credsStore, the helper receives the credential and config.json holds no secret', async () => {
		const registry = env().DOCKSWAB_REGISTRY!;
		const config = freshConfig({credsStore: 'dswtest'});
		const store = join(config, 'helper-store.json');
		const session = await openRegistries(config, {}, `DSWTEST_CRED_STORE=${store} PATH=${helperBin}:"$PATH"`);
		await loginInTui(session, registry, password());
		await session.waitForText(`logged in to ${registry}`);
		const file = readFileSync(join(config, 'config.json'), 'utf8');
		expect(file).not.toContain(password());
		expect(file).not.toContain(Buffer.from(`${user()}:${password()}`).toString('base64'));
		expect(readFileSync(store, 'utf8')).toContain(registry);
		// The docker CLI, with the same helper, pushes with that credential.
		const helperEnv = {...env(), DOCKER_CONFIG: config, DSWTEST_CRED_STORE: store, PATH: `${helperBin}:${process.env.PATH}`};
		await run('docker', ['tag', 'busybox:sandbox', `${registry}/e2e-helper:1`], {env: helperEnv});
		const pushed = await run('docker', ['push', `${registry}/e2e-helper:1`], {env: helperEnv}).then(
			() => true,
			() => false,
		);
		expect(pushed).toBe(true);
	});
});

describe('token auth and TLS registries', () => {
	test('the token registry can be logged into and browsed', async () => {
		const registry = env().DOCKSWAB_TOKEN_REGISTRY!;
		const config = freshConfig();
		const session = await openRegistries(config);
		await loginInTui(session, registry, password());
		await session.waitForText(/logged in to .* \(token auth\)/);
		// The engine uses what dockswab stored (an identity token, as the docker CLI keeps it).
		expect((await pushProbe(config, registry, 'e2e-token')).ok).toBe(true);
		await session.keys('Enter');
		await session.waitForNoText('logged in to');
		await session.keys('Enter');
		const repositories = await session.waitForText(/│ \d+ repositor(?:y|ies)\s+│/);
		expect(repositories).toContain('› app');
	});

	test('the TLS registry is browsed with its CA, and refused with a clear message without it', async () => {
		const registry = env().DOCKSWAB_TLS_REGISTRY!;
		const config = freshConfig();
		await run('sh', ['-c', 'docker login --username "$1" --password-stdin "$2" < "$3"', '_', user(), registry, env().DOCKSWAB_REGISTRY_PASSWORD_FILE!], {env: {...env(), DOCKER_CONFIG: config}});
		const withCa = await openRegistries(config, {DOCKSWAB_CERTS_D: env().DOCKSWAB_CERTS_D!});
		await withCa.filterTo(registry);
		await withCa.keys('Enter');
		expect(await withCa.waitForText(/│ \d+ repositor(?:y|ies)\s+│/)).toContain('› app');
		await withCa.stop();
		const emptyCerts = tempDir('dsw-certs-');
		const without = await openRegistries(config, {DOCKSWAB_CERTS_D: emptyCerts});
		await without.filterTo(registry);
		await without.keys('Enter');
		const refused = await without.waitForText(/: repositories[\s\S]*TLS certificate not trusted[\s\S]*ca\.crt/);
		expect(refused.replace(/│\s*\n│\s*/g, '')).toContain(`${emptyCerts}/${registry}/ca.crt`);
	});
});

describe('a registry that hangs', () => {
	let server: Server;
	const sockets: Socket[] = [];
	let port = 0;
	beforeAll(async () => {
		// Accepts every connection and never answers.
		server = createServer(socket => void sockets.push(socket));
		await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
		port = (server.address() as {port: number}).port;
		await run('docker', ['tag', 'busybox:sandbox', `127.0.0.1:${port}/hangs:1`], {env: env()});
	});
	afterAll(async () => {
		for (const socket of sockets) socket.destroy();
		await new Promise(done => server.close(done));
		await run('docker', ['rmi', `127.0.0.1:${port}/hangs:1`], {env: env()}).catch(() => undefined);
	});

	test('shows "not reachable" within its timeout while the rest of the UI answers', async () => {
		const session = await openRegistries(freshConfig(), {DOCKSWAB_REGISTRY_TIMEOUT: '2'});
		await session.waitForText(new RegExp(`127\\.0\\.0\\.1:${port} .*checking…`));
		// The UI answers keys while the check hangs.
		await session.keys('?');
		await session.waitForText('Esc or ? closes this help.');
		await session.keys('Escape');
		await session.waitForNoText('Esc or ? closes this help.');
		const shown = await waitFor(
			async () => {
				const screen = await session.screen();
				return new RegExp(`127\\.0\\.0\\.1:${port} .*not reachable`).test(screen) ? screen : null;
			},
			'the hanging registry to show as not reachable',
			15_000,
		);
		expect(shown).toMatch(/did not answer/);
	});
});

describe('headless login and logout', () => {
	/** `dockswab login|logout …` with the password on stdin; its exit code and output. */
	function dockswab(config: string, args: string[], stdin: string): Promise<{code: number; stdout: string; stderr: string}> {
		return new Promise(done => {
			const child = execFile('node', ['dist/cli.js', ...args], {env: {...env(), DOCKER_CONFIG: config}, timeout: 30_000}, (error, stdout, stderr) =>
				done({code: error ? ((error as {code?: number}).code ?? -1) : 0, stdout, stderr}),
			);
			child.stdin!.end(stdin);
		});
	}

	test('login with --password-stdin: 0 and stored; a wrong password: 1 and nothing written; unreachable: 2; logout: 0', async () => {
		const registry = env().DOCKSWAB_REGISTRY!;
		const config = freshConfig();
		const before = readFileSync(join(config, 'config.json'));
		const wrong = await dockswab(config, ['login', registry, '-u', user(), '--password-stdin'], 'not-the-password\n');
		expect(wrong.code).toBe(1);
		expect(wrong.stderr).toMatch(/refused/);
		expect(readFileSync(join(config, 'config.json')).equals(before)).toBe(true);
		const gone = await dockswab(config, ['login', '127.0.0.1:1', '-u', user(), '--password-stdin'], `${password()}\n`);
		expect(gone.code).toBe(2);
		expect(gone.stderr).not.toContain(password());
		const ok = await dockswab(config, ['login', registry, '-u', user(), '--password-stdin'], `${password()}\n`);
		expect(ok.code).toBe(0);
		expect(ok.stdout).toContain('Login Succeeded');
		expect((await pushProbe(config, registry, 'e2e-headless')).ok).toBe(true);
		const out = await dockswab(config, ['logout', registry], '');
		expect(out.code).toBe(0);
		expect((await pushProbe(config, registry, 'e2e-headless')).ok).toBe(false);
	});
});
