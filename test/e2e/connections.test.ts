// How dockswab reaches an engine: every DOCKER_HOST form, contexts, and a broken event stream.
import {execFileSync} from 'node:child_process';
import {createConnection, createServer, type Server, type Socket} from 'node:net';
import {copyFileSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {createServer as createTlsServer} from 'node:tls';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, expect, test} from 'vitest';
import {docker, sandboxEnv, startTui, type Tui} from './harness';

type Relay = {path: string; port: number; cut: () => void; close: () => Promise<void>; setRefusing: (refuse: boolean) => void};

/**
 * A relay in front of the sandbox engine whose connections the test can cut; it listens on a
 * unix socket, or on a loopback TCP port when `tcp` is set.
 */
function startRelay(target: string, tcp = false): Promise<Relay> {
	const path = join(mkdtempSync(join(tmpdir(), 'dsw-relay-')), 'relay.sock');
	const sockets = new Set<Socket>();
	let refusing = false;
	const server: Server = createServer(client => {
		if (refusing) {
			client.destroy();
			return;
		}
		const upstream = createConnection(target);
		for (const socket of [client, upstream]) {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
			socket.on('error', () => socket.destroy());
		}
		client.pipe(upstream).pipe(client);
	});
	const listening = (done: () => void) => (tcp ? server.listen(0, '127.0.0.1', done) : server.listen(path, done));
	return new Promise(resolve =>
		listening(() =>
			resolve({
				path,
				port: tcp ? (server.address() as {port: number}).port : 0,
				cut: () => {
					for (const socket of sockets) socket.destroy();
				},
				setRefusing: refuse => {
					refusing = refuse;
				},
				close: () => new Promise(done => server.close(() => done())),
			}),
		),
	);
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
	const dir = mkdtempSync(join(tmpdir(), 'dsw-tls-'));
	const ssl = (...args: string[]) => execFileSync('openssl', args, {cwd: dir, stdio: 'ignore'});
	ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=dockswab test CA', '-keyout', 'ca-key.pem', '-out', 'ca.pem');
	writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
	writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
	for (const [name, subject] of [['server', '/CN=127.0.0.1'], ['client', '/CN=client']] as const) {
		const keyFile = name === 'client' ? 'key.pem' : 'server-key.pem';
		const certFile = name === 'client' ? 'cert.pem' : 'server-cert.pem';
		ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', subject, '-keyout', keyFile, '-out', `${name}.csr`);
		ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '1', '-extfile', `${name}.ext`, '-out', certFile);
	}
	return dir;
}

test('a TLS engine (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) works, and a wrong CA is a clear message', async () => {
	const certs = makeCertificates();
	const read = (file: string) => readFileSync(join(certs, file));
	const engineSocket = sandboxEnv().DOCKER_HOST!.replace('unix://', '');
	// The relay terminates TLS, asks for a client certificate signed by the CA, and forwards in plain.
	const server = createTlsServer({key: read('server-key.pem'), cert: read('server-cert.pem'), ca: read('ca.pem'), requestCert: true, rejectUnauthorized: true}, client => {
		const upstream = createConnection(engineSocket);
		client.on('error', () => upstream.destroy());
		upstream.on('error', () => client.destroy());
		client.pipe(upstream).pipe(client);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as {port: number}).port;
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

test('a docker context picks the engine: --context, then DOCKER_CONTEXT', async () => {
	const host = sandboxEnv().DOCKER_HOST!;
	await docker('context', 'rm', '-f', 'dsw-context').catch(() => undefined);
	await docker('context', 'create', 'dsw-context', '--docker', `host=${host}`);
	try {
		tui = await startTui({env: {DOCKER_HOST: ''}, args: ['--context', 'dsw-context']});
		await tui.waitForText(/busybox\s+sandbox/);
		await tui.stop();
		tui = await startTui({env: {DOCKER_HOST: '', DOCKER_CONTEXT: 'dsw-context'}});
		const screen = await tui.waitForText(/busybox\s+sandbox/);
		expect(screen).toContain(host);
	} finally {
		await docker('context', 'rm', '-f', 'dsw-context').catch(() => undefined);
	}
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
