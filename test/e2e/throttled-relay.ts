// A loopback TCP relay in front of a registry that passes uploads on at a fixed rate: a push
// through it takes seconds per megabyte sent, so a cancel typed while it runs always lands first.
// Nothing is ever held: every connection drains at that rate, and closing the relay ends them.
import {createConnection, createServer, type Socket} from 'node:net';

export type ThrottledRelay = {
	/** The relay's address, host:port, to use as the registry's name. */
	readonly address: string;
	/** Bytes passed on to the registry so far, over all connections. */
	readonly uploaded: () => number;
	close: () => Promise<void>;
};

export function startThrottledRelay(target: string, bytesPerSecond: number): Promise<ThrottledRelay> {
	const [host = '127.0.0.1', port = ''] = target.split(':');
	const sockets = new Set<Socket>();
	let uploaded = 0;
	const server = createServer(client => {
		const upstream = createConnection({host, port: Number(port)});
		for (const socket of [client, upstream]) {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
			socket.on('error', () => {
				client.destroy();
				upstream.destroy();
			});
		}
		client.on('data', (chunk: Buffer) => {
			upstream.write(chunk);
			uploaded += chunk.length;
			// The rate: the next chunk is read once this one's share of a second has passed.
			client.pause();
			setTimeout(() => client.resume(), (chunk.length / bytesPerSecond) * 1000).unref();
		});
		client.on('end', () => upstream.end());
		upstream.pipe(client);
	});
	return new Promise(resolve =>
		server.listen(0, '127.0.0.1', () =>
			resolve({
				address: `127.0.0.1:${(server.address() as {port: number}).port}`,
				uploaded: () => uploaded,
				close: () =>
					new Promise(done => {
						for (const socket of sockets) socket.destroy();
						server.close(() => done());
					}),
			}),
		),
	);
}
