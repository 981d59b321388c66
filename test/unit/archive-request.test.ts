// An image's archive asked on a socket of its own (HTTP/1.0, read unchunked to the connection's
// end) from a loopback engine on a unix socket: the archive's files arrive whole, the engine's
// error answers become its words, and a cancel while the engine prepares the archive closes the
// connection.
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import {randomBytes} from 'node:crypto';
import {mkdtempSync, rmSync} from 'node:fs';
import {createServer as createNetServer} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import {afterEach, expect, test} from 'vitest';
import {ImageArchiveError, ImageReadCancelled, readImageFiles} from '../../source/engine/image-files';
import {file, imageArchive, type ImageSpec} from '../fixtures/tar-writer';

type Engine = {docker: Docker; requests: IncomingMessage[]; closed: Promise<void>[]; close: () => Promise<void>};
let engine: Engine | null = null;

afterEach(async () => {
	await engine?.close();
	engine = null;
});

async function unixEngine(answer: (request: IncomingMessage, response: ServerResponse) => void): Promise<Engine> {
	const dir = mkdtempSync(path.join(tmpdir(), 'dsw-archive-'));
	const socketPath = path.join(dir, 'engine.sock');
	const requests: IncomingMessage[] = [];
	const closed: Promise<void>[] = [];
	const server = createServer((request, response) => {
		requests.push(request);
		closed.push(new Promise(resolve => response.once('close', () => resolve())));
		answer(request, response);
	});
	await new Promise<void>(resolve => server.listen(socketPath, resolve));
	return {
		docker: new Docker({socketPath, version: 'v1.41'}),
		requests,
		closed,
		close: async () => {
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

const id = `sha256:${'a'.repeat(64)}`;

test.each<[string, Partial<ImageSpec>]>([
	['classic layout', {layout: 'classic'}],
	// zlib reads its input later, off the thread: bytes of a reused read buffer must have been copied.
	['OCI layout, gzip layers', {layout: 'oci', compression: 'gzip'}],
])('%s: the archive arrives whole over the unix socket, asked as HTTP/1.0 at the pinned API version', async (_name, spec) => {
	const many = Array.from({length: 3000}, (_, index) => file(`lib/f${index}`, index % 7));
	const layers = [[file('bin/tool', 400_000), file('etc/conf', 10)], many, [file('app/main', 900)]];
	const archive = imageArchive({layout: 'classic', ...spec, layers});
	engine = await unixEngine((_request, response) => {
		response.writeHead(200, {'Content-Type': 'application/x-tar'});
		// In pieces, each after a turn of the event loop: the body is read to the connection's end.
		const pieces = Array.from({length: Math.ceil(archive.length / 50_000)}, (_, index) => archive.subarray(index * 50_000, (index + 1) * 50_000));
		const next = () => {
			const piece = pieces.shift();
			if (piece) response.write(piece, () => setImmediate(next));
			else response.end();
		};
		next();
	});
	const files = await readImageFiles(engine.docker, id);
	expect(files.layers.map(layer => [layer.entries.length, layer.entries[0]?.path, layer.entries.at(-1)?.path, layer.fileBytes])).toEqual([
		[2, 'bin/tool', 'etc/conf', 400_010],
		[3000, 'lib/f0', 'lib/f2999', many.reduce((sum, entry) => sum + entry.body!.length, 0)],
		[1, 'app/main', 'app/main', 900],
	]);
	expect(engine.requests.map(request => [request.httpVersion, request.url])).toEqual([['1.0', `/v1.41/images/${id}/get`]]);
});

test('a gzip layer bigger than zlib keeps up with: the socket pauses while it decompresses and resumes', async () => {
	// Random bytes barely compress: megabytes of input reach zlib faster than it inflates them.
	const archive = imageArchive({layout: 'oci', compression: 'gzip', layers: [[{path: 'blob.bin', body: randomBytes(12 << 20)}, file('after', 5)]]});
	engine = await unixEngine((_request, response) => {
		response.writeHead(200, {'Content-Type': 'application/x-tar'});
		response.end(archive);
	});
	const files = await readImageFiles(engine.docker, id);
	expect(files.layers.map(layer => [layer.entries.map(entry => entry.path), layer.fileBytes])).toEqual([[['blob.bin', 'after'], (12 << 20) + 5]]);
});

test("an error answer is the engine's own words; a body that is not JSON is said as it is", async () => {
	engine = await unixEngine((request, response) => {
		if (request.url!.includes('b'.repeat(64))) {
			response.writeHead(500, {'Content-Type': 'text/plain'});
			response.end('storage driver failed\n');
			return;
		}
		response.writeHead(404, {'Content-Type': 'application/json'});
		response.end(JSON.stringify({message: `No such image: ${id}`}));
	});
	await expect(readImageFiles(engine.docker, id)).rejects.toThrow(new ImageArchiveError(`the engine did not give the image's archive: No such image: ${id}`));
	await expect(readImageFiles(engine.docker, `sha256:${'b'.repeat(64)}`)).rejects.toThrow(new ImageArchiveError("the engine did not give the image's archive: storage driver failed"));
});

test('cancelled while the engine prepares the archive (no answer yet): ImageReadCancelled, and the connection is closed', async () => {
	engine = await unixEngine(() => undefined);
	const controller = new AbortController();
	const read = readImageFiles(engine.docker, `sha256:${'c'.repeat(64)}`, {signal: controller.signal});
	const {requests, closed} = engine;
	await expect.poll(() => requests.length).toBe(1);
	controller.abort();
	await expect(read).rejects.toBeInstanceOf(ImageReadCancelled);
	await closed[0];
});

test('behind a proxy that chunks the body all the same, the archive is asked again through the HTTP client and read whole', async () => {
	const archive = imageArchive({layout: 'classic', layers: [[file('bin/tool', 4000)]]});
	const dir = mkdtempSync(path.join(tmpdir(), 'dsw-archive-'));
	const socketPath = path.join(dir, 'proxy.sock');
	const versions: string[] = [];
	// Answers every request as HTTP/1.1 chunked, as a careless proxy might.
	const proxy = createNetServer(socket => {
		socket.once('data', request => {
			versions.push(/HTTP\/1\.[01]/.exec(request.toString('latin1'))![0]);
			socket.end(
				Buffer.concat([
					Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${archive.length.toString(16)}\r\n`),
					archive,
					Buffer.from('\r\n0\r\n\r\n'),
				]),
			);
		});
	});
	await new Promise<void>(resolve => proxy.listen(socketPath, resolve));
	try {
		const files = await readImageFiles(new Docker({socketPath, version: 'v1.41'}), id);
		expect(files.layers.map(layer => [layer.entries.map(entry => entry.path), layer.fileBytes])).toEqual([[['bin/tool'], 4000]]);
		expect(versions).toEqual(['HTTP/1.0', 'HTTP/1.1']);
	} finally {
		await new Promise(resolve => proxy.close(resolve));
		rmSync(dir, {recursive: true, force: true});
	}
});
