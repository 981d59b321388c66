import {createConnection, createServer, type Server, type Socket} from 'node:net';
import {mkdtempSync} from 'node:fs';
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
