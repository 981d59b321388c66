// A relay in front of the sandbox engine, for tests that need another address for it (a tcp://
// engine, a context), a connection they can cut, or a count of the requests dockswab sent.
import {createConnection, createServer, type Server, type Socket} from 'node:net';
import {join} from 'node:path';
import {tempDir} from '../fixtures/temp-dir';

export type Relay = {
	path: string;
	port: number;
	cut: () => void;
	close: () => Promise<void>;
	setRefusing: (refuse: boolean) => void;
	connections: () => number;
	/** Every request line the clients sent so far, as `GET /v1.41/images/json?all=1`, in order. */
	requests: () => string[];
};

const requestLine = /^(GET|HEAD|POST|PUT|DELETE|PATCH) (\S+) HTTP\/1\.[01]$/;

/** Collects the request lines of one connection's client side; a line may arrive split over reads. */
function requestReader(found: string[]): (chunk: Buffer) => void {
	let partial = '';
	return chunk => {
		const lines = (partial + chunk.toString('latin1')).split('\r\n');
		// A body without line breaks (a build context) is not kept whole: only a request line matters.
		partial = lines.pop()!.slice(-4096);
		for (const line of lines) {
			const match = requestLine.exec(line);
			if (match) found.push(`${match[1]} ${match[2]}`);
		}
	};
}

/**
 * A relay in front of the sandbox engine whose connections the test can cut; it listens on a
 * unix socket (at `at` when given), or on a loopback TCP port when `tcp` is set.
 */
export function startRelay(target: string, tcp = false, at?: string): Promise<Relay> {
	const path = at ?? join(tempDir('dsw-relay-'), 'relay.sock');
	const sockets = new Set<Socket>();
	let refusing = false;
	let connections = 0;
	const requests: string[] = [];
	const server: Server = createServer(client => {
		if (refusing) {
			client.destroy();
			return;
		}
		connections++;
		const upstream = createConnection(target);
		for (const socket of [client, upstream]) {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
			socket.on('error', () => socket.destroy());
		}
		client.on('data', requestReader(requests));
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
				connections: () => connections,
				requests: () => [...requests],
				setRefusing: refuse => {
					refusing = refuse;
				},
				close: () =>
					new Promise(done => {
						for (const socket of sockets) socket.destroy();
						server.close(() => done());
					}),
			}),
		),
	);
}
