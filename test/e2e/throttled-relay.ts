// A loopback TCP relay in front of a registry that passes uploads on at a fixed rate: a push
// through it takes seconds per megabyte sent, so a cancel typed while it runs always lands first.
// Once the test has seen what it needed while the transfer ran, it may let the rest pass at full speed.
// Nothing is ever held: every connection drains at that rate, and closing the relay ends them.
import {createConnection, createServer, type Socket} from 'node:net';

export type ThrottledRelay = {
	/** The relay's address, host:port, to use as the registry's name. */
	readonly address: string;
	/** Bytes passed on to the registry so far, over all connections. */
	readonly uploaded: () => number;
	/** From now on every connection passes data on at full speed, once the test has seen what it needed while a transfer ran. */
	unthrottle: () => void;
	close: () => Promise<void>;
};

export function startThrottledRelay(target: string, bytesPerSecond: number): Promise<ThrottledRelay> {
	const [host = '127.0.0.1', port = ''] = target.split(':');
	const sockets = new Set<Socket>();
	const waiting = new Set<() => void>();
	let uploaded = 0;
	let throttled = true;
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
			if (!throttled) return;
			// The rate: the next chunk is read once this one's share of a second has passed.
			client.pause();
			const resume = () => {
				waiting.delete(resume);
				client.resume();
			};
			waiting.add(resume);
			setTimeout(resume, (chunk.length / bytesPerSecond) * 1000).unref();
		});
		client.on('end', () => upstream.end());
		upstream.pipe(client);
	});
	return new Promise(resolve =>
		server.listen(0, '127.0.0.1', () =>
			resolve({
				address: `127.0.0.1:${(server.address() as {port: number}).port}`,
				uploaded: () => uploaded,
				unthrottle: () => {
					throttled = false;
					for (const resume of waiting) resume();
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
