// How dockswab reaches an engine: every DOCKER_HOST form, contexts, and a broken event stream.
import {createHash} from 'node:crypto';
import {execFile, execFileSync} from 'node:child_process';
import {createConnection} from 'node:net';
import {copyFileSync, readFileSync, writeFileSync} from 'node:fs';
import {createServer as createTlsServer, type Server as TlsServer} from 'node:tls';
import {join} from 'node:path';
import {afterEach, beforeAll, expect, test} from 'vitest';
import {docker, sandboxEnv, seedSandbox, startTui, tmux, type Tui} from './harness';
import {startRelay} from './relay';
import {tempDir} from '../fixtures/temp-dir';

beforeAll(seedSandbox);

/** `dockswab plan busybox:sandbox` with extra arguments and environment, and its exit code. */
function plan(args: string[], env: Record<string, string>): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		execFile('node', ['dist/cli.js', 'plan', 'busybox:sandbox', ...args], {env: {...sandboxEnv(), ...env}, timeout: 30_000}, (error, stdout, stderr) =>
			resolve({code: error ? ((error as {code?: number}).code ?? -1) : 0, stdout, stderr}),
		);
	});
}

/**
 * A DOCKER_CONFIG of the calling test's own, with docker contexts (name → `--docker` endpoint)
 * made by the docker CLI: no test sees contexts another test made or left in the sandbox's config.
 */
async function configWithContexts(contexts: Readonly<Record<string, string>>): Promise<string> {
	const config = tempDir('dsw-config-');
	for (const [name, endpoint] of Object.entries(contexts)) await docker('--config', config, 'context', 'create', name, '--docker', endpoint);
	return config;
}

let tui: Tui | null = null;
afterEach(async () => {
	await tui?.stop();
	tui = null;
});

test('a tcp:// engine works like the unix socket (plain HTTP on loopback)', async () => {
	const relay = await startRelay(sandboxEnv().DOCKER_HOST!.replace('unix://', ''), true);
	try {
		tui = await startTui({env: {DOCKER_HOST: `tcp://127.0.0.1:${relay.port}`}});
		const screen = await tui.waitForText(/busybox\s+sandbox/);
		expect(screen).toContain(`tcp://127.0.0.1:${relay.port}`);
		await docker('tag', 'busybox:sandbox', 'over-tcp:1.0.0');
		await tui.waitForText(/over-tcp\s+1\.0\.0/);
	} finally {
		await docker('rmi', 'over-tcp:1.0.0').catch(() => undefined);
		relay.cut();
		await relay.close();
	}
});

/** A CA, a server certificate for 127.0.0.1 and a client certificate, as `docker` expects in DOCKER_CERT_PATH. */
function makeCertificates(): string {
	const dir = tempDir('dsw-tls-');
	const ssl = (...args: string[]) => execFileSync('openssl', args, {cwd: dir, stdio: 'ignore'});
	ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=dockswab test CA', '-keyout', 'ca-key.pem', '-out', 'ca.pem');
	writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
	writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
	for (const [name, subject] of [
		['server', '/CN=127.0.0.1'],
		['client', '/CN=client'],
	] as const) {
		const keyFile = name === 'client' ? 'key.pem' : 'server-key.pem';
		const certFile = name === 'client' ? 'cert.pem' : 'server-cert.pem';
		ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', subject, '-keyout', keyFile, '-out', `${name}.csr`);
		ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '1', '-extfile', `${name}.ext`, '-out', certFile);
	}
	return dir;
}

/** A TLS endpoint in front of the sandbox engine that wants a client certificate signed by the CA in `certs`. */
async function startTlsRelay(certs: string): Promise<{server: TlsServer; port: number}> {
	const read = (file: string) => readFileSync(join(certs, file));
	const engineSocket = sandboxEnv().DOCKER_HOST!.replace('unix://', '');
	const server = createTlsServer({key: read('server-key.pem'), cert: read('server-cert.pem'), ca: read('ca.pem'), requestCert: true, rejectUnauthorized: true}, client => {
		const upstream = createConnection(engineSocket);
		client.on('error', () => upstream.destroy());
		upstream.on('error', () => client.destroy());
		client.pipe(upstream).pipe(client);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {server, port: (server.address() as {port: number}).port};
}

test('a TLS engine (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) works, and a wrong CA is a clear message', async () => {
	const certs = makeCertificates();
	const {server, port} = await startTlsRelay(certs);
	try {
		tui = await startTui({env: {DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs}});
		await tui.waitForText(/busybox\s+sandbox/);
		await tui.stop();
		const strangers = makeCertificates();
		copyFileSync(join(strangers, 'ca.pem'), join(certs, 'ca.pem'));
		tui = await startTui({env: {DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs}});
		const screen = await tui.waitForText('Cannot connect');
		expect(screen).toContain(`TLS with tcp://127.0.0.1:${port}`);
		expect(screen).toContain('DOCKER_CERT_PATH');
		expect(screen).not.toMatch(/at .*\.js:\d+/);
	} finally {
		server.close();
	}
});

test('a TLS docker context uses the certificates stored with it; without them the engine refuses', async () => {
	const certs = makeCertificates();
	const {server, port} = await startTlsRelay(certs);
	const host = `tcp://127.0.0.1:${port}`;
	try {
		const config = await configWithContexts({
			'dsw-tls': `host=${host},ca=${join(certs, 'ca.pem')},cert=${join(certs, 'cert.pem')},key=${join(certs, 'key.pem')}`,
			'dsw-tls-bare': `host=${host}`,
			'dsw-tls-no-client-cert': `host=${host},ca=${join(certs, 'ca.pem')}`,
		});
		const env = {DOCKER_HOST: '', DOCKER_CONFIG: config};
		// The docker CLI itself agrees the context reaches the engine.
		expect(await docker('--config', config, '--context', 'dsw-tls', 'info', '--format', '{{json .Labels}}')).toContain('dockswab.sandbox=true');

		tui = await startTui({env, args: ['--context', 'dsw-tls']});
		const screen = await tui.waitForText(/busybox\s+sandbox/);
		expect(screen).toContain(host);
		await tui.stop();

		const planned = await plan(['--context', 'dsw-tls'], env);
		expect(planned).toMatchObject({code: 0, stderr: ''});
		expect(planned.stdout).toContain('busybox:sandbox');
		for (const name of ['dsw-tls-bare', 'dsw-tls-no-client-cert']) {
			const refused = await plan(['--context', name], env);
			expect(refused.code).toBe(2);
			expect(refused.stderr).toContain(host);
			expect(refused.stdout).toBe('');
		}
	} finally {
		server.close();
	}
});

test("an unknown context is refused with the docker CLI's words and exit code 2, never another engine", async () => {
	const configDir = await configWithContexts({});
	const digest = createHash('sha256').update('nosuch').digest('hex');
	const refusal = `dockswab: context "nosuch": context not found: open ${join(configDir, 'contexts', 'meta', digest, 'meta.json')}: no such file or directory\n`;
	// The sandbox engine stays in DOCKER_HOST where it is not overridden: falling back to it would list images.
	expect(await plan(['--context', 'nosuch'], {DOCKER_CONFIG: configDir})).toEqual({code: 2, stdout: '', stderr: refusal});
	expect(await plan([], {DOCKER_HOST: '', DOCKER_CONTEXT: 'nosuch', DOCKER_CONFIG: configDir})).toEqual({code: 2, stdout: '', stderr: refusal});
	const ownConfig = tempDir('dsw-config-');
	writeFileSync(join(ownConfig, 'config.json'), JSON.stringify({currentContext: 'nosuch'}));
	const fromConfig = await plan([], {DOCKER_HOST: '', DOCKER_CONFIG: ownConfig});
	expect(fromConfig.code).toBe(2);
	expect(fromConfig.stderr).toMatch(/^dockswab: context "nosuch": context not found: open .*: no such file or directory\n$/);
	// "default" is the engine of DOCKER_HOST, as for docker.
	const byDefault = await plan(['--context', 'default'], {DOCKER_CONFIG: configDir});
	expect(byDefault.code).toBe(0);
	expect(byDefault.stdout).toContain('busybox:sandbox');

	// The TUI says the same on the ordinary screen and never opens the alternate one.
	tui = await startTui({env: {DOCKER_CONFIG: configDir}, shell: 'node dist/cli.js --context nosuch; echo "exit code $?"'});
	await tui.waitForText('exit code');
	// With the scrollback: tmux's "Pane is dead" line pushes the first line off the screen.
	const screen = await tmux('capture-pane', '-p', '-S', '-100', '-t', tui.name);
	// The message is one line, wrapped by the terminal.
	expect(screen.replaceAll('\n', '')).toContain(refusal.trim());
	expect(screen).toContain('exit code 2');
	expect(screen).not.toContain('connecting to');
});

test('a docker context picks the engine: --context, then DOCKER_CONTEXT', async () => {
	const host = sandboxEnv().DOCKER_HOST!;
	const config = await configWithContexts({'dsw-context': `host=${host}`});
	tui = await startTui({env: {DOCKER_HOST: '', DOCKER_CONFIG: config}, args: ['--context', 'dsw-context']});
	await tui.waitForText(/busybox\s+sandbox/);
	await tui.stop();
	tui = await startTui({env: {DOCKER_HOST: '', DOCKER_CONTEXT: 'dsw-context', DOCKER_CONFIG: config}});
	const screen = await tui.waitForText(/busybox\s+sandbox/);
	expect(screen).toContain(host);
});

test('when the event stream breaks, dockswab reconnects, re-lists and stays live', async () => {
	const engineSocket = sandboxEnv().DOCKER_HOST!.replace('unix://', '');
	const relay = await startRelay(engineSocket);
	try {
		tui = await startTui({env: {DOCKER_HOST: `unix://${relay.path}`}});
		await tui.waitForText('● live');
		relay.setRefusing(true);
		relay.cut();
		await tui.waitForText('○ reconnecting');
		// Made while dockswab cannot see events: only the re-list after reconnecting can show it.
		await docker('tag', 'busybox:sandbox', 'gap-check:1.0.0');
		relay.setRefusing(false);
		await tui.waitForText('● live');
		await tui.waitForText(/gap-check\s+1\.0\.0/);
		// And the new stream delivers events again.
		await docker('tag', 'busybox:sandbox', 'after-reconnect:2.0.0');
		const screen = await tui.waitForText(/after-reconnect\s+2\.0\.0/);
		expect(screen).toContain('● live');
	} finally {
		await docker('rmi', 'gap-check:1.0.0', 'after-reconnect:2.0.0').catch(() => undefined);
		relay.cut();
		await relay.close();
	}
});

test('no engine: the screen says why and how to go on; r retries and finds the engine once it is there', async () => {
	const dir = tempDir('dsw-dead-');
	const socket = join(dir, 'docker.sock');
	tui = await startTui({env: {DOCKER_HOST: `unix://${socket}`}, columns: 140, rows: 30});
	const screen = await tui.waitForText('Cannot connect to the Docker engine');
	expect(screen).toContain(`No engine socket at unix://${socket}`);
	expect(screen).toContain('r retry · c switch engine · q quit');
	expect(screen).not.toMatch(/at .*\.js:\d+|Error:/);
	// The engine appears where DOCKER_HOST points: a relay to the sandbox on that very path.
	const relay = await startRelay(sandboxEnv().DOCKER_HOST!.replace('unix://', ''), false, socket);
	try {
		await tui.keys('r');
		await tui.waitForText(/busybox\s+sandbox/);
	} finally {
		await relay.close();
	}
});
