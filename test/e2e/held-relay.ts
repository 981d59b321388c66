// A loopback TCP relay in front of a registry that lets an upload start and then holds it: once a
// connection has sent `holdAfterBytes`, nothing more of it reaches the registry. A push through it
// stays under way until the test cancels it or closes the relay, so a cancel always lands first.
import {createConnection, createServer, type Socket} from 'node:net';

export type HeldRelay = {
	/** The relay's address, host:port, to use as the registry's name. */
	address: string;
	/** Whether some connection is held: an upload is under way and goes no further. */
	isHeld: () => boolean;
	close: () => Promise<void>;
};

export function startHeldRelay(target: string, holdAfterBytes: number): Promise<HeldRelay> {
	const [host = '127.0.0.1', port = ''] = target.split(':');
	const sockets = new Set<Socket>();
	let holding = false;
	const server = createServer(client => {
		const upstream = createConnection({host, port: Number(port)});
		for (const socket of [client, upstream]) {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
			socket.on('error', () => socket.destroy());
		}
		let sent = 0;
		client.on('data', (chunk: Buffer) => {
			if (sent + chunk.length > holdAfterBytes) {
				// This chunk and everything after it stay here.
				client.pause();
				holding = true;
				return;
			}
			sent += chunk.length;
			upstream.write(chunk);
		});
		client.on('end', () => upstream.end());
		upstream.pipe(client);
	});
	return new Promise(resolve =>
		server.listen(0, '127.0.0.1', () =>
			resolve({
				address: `127.0.0.1:${(server.address() as {port: number}).port}`,
				isHeld: () => holding,
				close: () =>
					new Promise(done => {
						for (const socket of sockets) socket.destroy();
						server.close(() => done());
					}),
			}),
		),
	);
}
