import {Readable} from 'node:stream';
import {createHash, randomBytes} from 'node:crypto';
import {gzipSync} from 'node:zlib';
import {expect, test} from 'vitest';
import {ImageArchiveError, ImageReadCancelled, readImageArchive} from '../../source/engine/image-archive';
import type {ChunkSource} from '../../source/engine/chunk-source';
import type {ImageFiles} from '../../source/domain/layer-files';
import {dir, file, hardlink, imageArchive, symlink, tarArchive, whiteout, type ImageSpec} from '../fixtures/tar-writer';

/** The archive as the engine streams it: in chunks that split headers and bodies. */
const streamOf = (bytes: Buffer, chunkSize = 1000) =>
	Readable.from(
		(function* () {
			for (let offset = 0; offset < bytes.length; offset += chunkSize) yield bytes.subarray(offset, offset + chunkSize);
		})(),
	);

const paths = (files: ImageFiles) => files.layers.map(layer => layer.entries.map(entry => entry.path));

const layers = [
	[dir('etc'), file('etc/config', 100), symlink('etc/link', '../usr/x'), hardlink('etc/hard', 'etc/config')],
	[file('etc/config', 300), whiteout('etc/link')],
];

test.each<[string, Partial<ImageSpec>]>([
	['classic layout (dockerd 20.10), manifest.json last', {layout: 'classic'}],
	['classic layout, manifest.json first', {layout: 'classic', manifestFirst: true}],
	['OCI layout with only index.json (blobs named by digest)', {layout: 'oci'}],
	['OCI layout with manifest.json too (dockerd 25+)', {layout: 'oci', ociManifestJson: true}],
	['OCI layout, gzip-compressed layers (containerd store)', {layout: 'oci', compression: 'gzip'}],
])("%s: each layer's entries, in layer order, with their instructions", async (_name, spec) => {
	const files = await readImageArchive(streamOf(imageArchive({layout: 'classic', ...spec, layers})));
	expect(paths(files)).toEqual([
		['etc/', 'etc/config', 'etc/link', 'etc/hard'],
		['etc/config', 'etc/.wh.link'],
	]);
	expect(files.layers.map(layer => [layer.fileBytes, layer.entryCount, layer.createdBy])).toEqual([
		[100, 4, '/bin/sh -c step 1'],
		[300, 2, '/bin/sh -c step 2'],
	]);
	expect(files.layers[0]!.entries[2]).toEqual({path: 'etc/link', type: 'symlink', size: 0, linkTarget: '../usr/x'});
	expect(files.layers[0]!.diffId).toMatch(/^sha256:[0-9a-f]{64}$/);
	expect(files.cutOffAt).toBeNull();
});

test('a layer stored twice is a link in the classic archive: both layers read the same files', async () => {
	const twice = [[file('a', 5)], [file('b', 7)], [file('b', 7)]];
	const files = await readImageArchive(streamOf(imageArchive({layout: 'classic', layers: twice})));
	expect(paths(files)).toEqual([['a'], ['b'], ['b']]);
});

test('history rows without a layer (ENV, CMD) are skipped when matching instructions to layers', async () => {
	const history = [{createdBy: 'ADD rootfs'}, {createdBy: 'ENV A=1', empty: true}, {createdBy: 'RUN rm -rf /var/cache'}, {createdBy: 'CMD ["sh"]', empty: true}];
	const files = await readImageArchive(streamOf(imageArchive({layout: 'oci', layers, history})));
	expect(files.layers.map(layer => layer.createdBy)).toEqual(['ADD rootfs', 'RUN rm -rf /var/cache']);
	const imported = await readImageArchive(streamOf(imageArchive({layout: 'classic', layers, history: [{createdBy: '', comment: 'Imported from -'}, {createdBy: ''}]})));
	expect(imported.layers.map(layer => layer.createdBy)).toEqual(['Imported from -', null]);
	const mismatched = await readImageArchive(streamOf(imageArchive({layout: 'oci', layers, history: history.slice(0, 1)})));
	expect(mismatched.layers.map(layer => layer.createdBy)).toEqual([null, null]);
});

test('paths with .. and control characters are kept as data', async () => {
	const odd = [[file('../../etc/passwd', 1), file('evil\u001b]0;title\u0007', 2)]];
	const files = await readImageArchive(streamOf(imageArchive({layout: 'classic', layers: odd})));
	expect(paths(files)).toEqual([['../../etc/passwd', 'evil\u001b]0;title\u0007']]);
});

test('past the file cap entries are counted, not kept, and the cut is said', async () => {
	const many = [Array.from({length: 30}, (_, index) => file(`f${index}`, 10)), Array.from({length: 30}, (_, index) => file(`g${index}`, 1))];
	const files = await readImageArchive(streamOf(imageArchive({layout: 'classic', layers: many})), {maxFiles: 40});
	expect(files.cutOffAt).toBe(40);
	expect(files.layers.map(layer => [layer.entries.length, layer.entryCount, layer.fileBytes])).toEqual([
		[30, 30, 300],
		[10, 30, 30],
	]);
});

/** As an engine sends it over a socket: a chunk per turn of the event loop, so decompression runs while it streams. */
const pacedStreamOf = (bytes: Buffer, chunkSize = 1000) =>
	Readable.from(
		(async function* () {
			for (let offset = 0; offset < bytes.length; offset += chunkSize) {
				await new Promise(resolve => setImmediate(resolve));
				yield bytes.subarray(offset, offset + chunkSize);
			}
		})(),
	);

test('a gzip layer found not to hold a tar while the archive still streams: named at the end, nothing left unhandled', async () => {
	const archive = imageArchive({layout: 'oci', layers, layerBytes: {0: gzipSync(randomBytes(300_000))}});
	await expect(readImageArchive(pacedStreamOf(archive))).rejects.toThrow(/^layer 1 \([0-9a-f]{12}\): not a tar archive$/);
});

test.each<[string, () => Buffer, RegExp]>([
	['an archive cut short', () => imageArchive({layout: 'classic', layers}).subarray(0, 2000), /the image archive is damaged: the archive ends early/],
	['a stream that is not a tar', () => Buffer.from('<html>proxy error</html>'.padEnd(600)), /the engine sent no image archive|damaged/],
	['an empty answer', () => Buffer.alloc(0), /empty image archive/],
	['a layer that is not a tar', () => imageArchive({layout: 'oci', layers, layerBytes: {1: Buffer.alloc(900, 0x41)}}), /^layer 2 \([0-9a-f]{12}\): not a tar archive/],
	['a zstd layer', () => imageArchive({layout: 'oci', layers, layerBytes: {0: Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3])}}), /^layer 1 .*zstd-compressed layer: not supported/],
	['a gzip layer cut short', () => imageArchive({layout: 'oci', layers, layerBytes: {1: gzipSync(tarArchive(layers[1]!)).subarray(0, 30)}}), /^layer 2 .*: gzip: the compressed layer ends early/],
	['a layer whose tar is cut short', () => imageArchive({layout: 'oci', layers, layerBytes: {0: tarArchive(layers[0]!).subarray(0, 700)}}), /^layer 1 .*ends early, inside an entry/],
	['no manifest at all', () => tarArchive([file('something', 3)]), /neither manifest.json nor an OCI index/],
])('%s: a clear error', async (_name, bytes, message) => {
	const error = await readImageArchive(streamOf(bytes())).catch((caught: unknown) => caught);
	expect(error).toBeInstanceOf(ImageArchiveError);
	expect((error as Error).message).toMatch(message);
});

test('an engine stream that closes before the archive ends is a damaged archive, not a hang', async () => {
	const partial = imageArchive({layout: 'classic', layers}).subarray(0, 3000);
	const closing = new Readable({read() {}});
	closing.push(partial);
	setImmediate(() => closing.destroy());
	await expect(readImageArchive(closing)).rejects.toThrow(/^the image archive is damaged: the engine's stream closed after 3000 bytes$/);
});

test('cancelling destroys the engine stream and rejects with ImageReadCancelled', async () => {
	const controller = new AbortController();
	let chunks = 0;
	// An engine that would stream forever: only a cancel ends it.
	const endless = new Readable({
		read() {
			chunks++;
			this.push(Buffer.alloc(512));
		},
	});
	const header = tarArchive([{path: 'huge/layer.tar', body: Buffer.alloc(0), headerSize: 1e12}], {end: false}).subarray(0, 512);
	endless.push(header);
	const reading = readImageArchive(endless, {signal: controller.signal, onProgress: bytes => bytes > 100_000 && controller.abort()});
	await expect(reading).rejects.toBeInstanceOf(ImageReadCancelled);
	expect(endless.destroyed).toBe(true);
	expect(chunks).toBeGreaterThan(0);
});

test('chunks are lent: the reader keeps no reference to a chunk after its call (a socket reads into one buffer again)', async () => {
	const many = Array.from({length: 2000}, (_, index) => file(`lib/f${index}`, index % 5));
	const archive = imageArchive({layout: 'oci', compression: 'gzip', layers: [[file('bin/tool', 300_000)], many]});
	const lent = Buffer.alloc(4096);
	const source: ChunkSource = {
		async flow(onChunk) {
			// All at once, before zlib's thread gets to any of it; each chunk's bytes spoilt after its call.
			for (let offset = 0; offset < archive.length; offset += lent.length) {
				const piece = archive.subarray(offset, offset + lent.length);
				piece.copy(lent);
				onChunk(lent.subarray(0, piece.length));
				lent.fill(0xee);
			}
		},
		pause() {},
		resume() {},
		destroy() {},
	};
	const files = await readImageArchive(source);
	expect(files.layers.map(layer => [layer.entryCount, layer.fileBytes])).toEqual([
		[1, 300_000],
		[2000, 4000],
	]);
});

test('an OCI index listing another platform first, its manifest saved without its layers: the platform the archive holds is read', async () => {
	const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
	const layer = tarArchive([file('hello-amd64.txt', 42)]);
	const platformManifest = (arch: string, layerHex: string) => {
		const config = JSON.stringify({architecture: arch, os: 'linux', rootfs: {type: 'layers', diff_ids: [`sha256:${layerHex}`]}, history: [{created_by: `made for ${arch}`}]});
		return {config, manifest: JSON.stringify({schemaVersion: 2, config: {digest: `sha256:${sha(config)}`}, layers: [{digest: `sha256:${layerHex}`}]})};
	};
	const amd64 = platformManifest('amd64', sha(layer));
	// arm64's layer is not in the archive: the engine pulled amd64 only.
	const arm64 = platformManifest('arm64', 'f'.repeat(64));
	const index = JSON.stringify({
		schemaVersion: 2,
		manifests: [
			{digest: `sha256:${sha(arm64.manifest)}`, platform: {architecture: 'arm64', os: 'linux'}},
			{digest: `sha256:${sha(amd64.manifest)}`, platform: {architecture: 'amd64', os: 'linux'}},
		],
	});
	const outerIndex = JSON.stringify({schemaVersion: 2, manifests: [{digest: `sha256:${sha(index)}`}]});
	const blobs = [layer, amd64.config, amd64.manifest, arm64.config, arm64.manifest, index].map(blob => ({path: `blobs/sha256/${sha(blob)}`, body: blob}));
	const files = await readImageArchive(streamOf(tarArchive([...blobs, {path: 'index.json', body: outerIndex}])));
	expect(files.layers.map(found => [found.createdBy, found.entries.map(entry => entry.path), found.fileBytes])).toEqual([['made for amd64', ['hello-amd64.txt'], 42]]);
});
