// Memory of a layers read, measured: what 100,000 files keep once read and analysed, and a layer of
// ten million files, made as it is read and served by a loopback engine, that stops the read at
// the cap with the honest "cut off" and memory bounded throughout. The heap is measured after a
// full collection (V8's gc, exposed for this file's own process), buffers outside it included.
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import Docker from 'dockerode';
import {afterEach, expect, test} from 'vitest';
import {analyseImage} from '../../source/domain/layer-analysis';
import {readImageArchive} from '../../source/engine/image-archive';
import {ImageArchiveError, readImageFiles} from '../../source/engine/image-files';
import {startFakeEngine, type FakeEngine} from '../fixtures/fake-engine';
import {manyFilesArchive} from '../fixtures/many-files-archive';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Bytes in use after a full collection: the heap and the buffers outside it. */
function memoryInUse(): number {
	collectGarbage();
	const usage = process.memoryUsage();
	return usage.heapUsed + usage.arrayBuffers;
}

const mib = 1024 * 1024;
/** The bar: memory grows by at most 40 MiB per 100,000 files. */
const bytesPerFile = (40 * mib) / 100_000;

/** Names as a distribution's files have them: 500 directories, names of 30 to 40 characters. */
const fileName = (index: number) => `usr/lib/package-${index % 500}/file-${index}.so`;

let engine: FakeEngine | null = null;
afterEach(async () => {
	await engine?.close();
	engine = null;
});

test('100,000 files read and analysed keep at most 40 MiB', async () => {
	const files = 100_000;
	const before = memoryInUse();
	const read = await readImageArchive(manyFilesArchive(files, fileName).stream);
	const analysis = analyseImage(read);
	const grown = memoryInUse() - before;
	// Both are what the layers view holds; they must still be in use when measured.
	expect([read.layers[0]!.entries.length, analysis.layers[0]!.entryCount, read.cutOffAt]).toEqual([files, files, null]);
	expect(grown).toBeGreaterThan(0);
	expect(grown).toBeLessThanOrEqual(files * bytesPerFile);
});

test('a layer of ten million files from a loopback engine: reading stops past the cap, cut off said, memory bounded', async () => {
	const archive = manyFilesArchive(10_000_000, fileName);
	let served: Promise<void> | null = null;
	engine = await startFakeEngine({
		route(_request, path, response) {
			if (path !== `/images/sha256:${'e'.repeat(64)}/get`) return false;
			response.writeHead(200, {'Content-Type': 'application/x-tar'});
			served = new Promise(resolve => response.once('close', () => resolve()));
			archive.stream.pipe(response);
			return true;
		},
	});
	const docker = new Docker({host: '127.0.0.1', port: Number(new URL(engine.host).port), protocol: 'http', version: 'v1.45'});
	const maxFiles = 100_000;
	const before = memoryInUse();
	let peak = 0;
	let measuredAt = 0;
	const read = readImageFiles(docker, `sha256:${'e'.repeat(64)}`, {
		maxFiles,
		onProgress(bytes) {
			// Every 16 MiB of the archive (32,768 headers): what the read holds then.
			if (bytes - measuredAt < 16 * mib) return;
			measuredAt = bytes;
			peak = Math.max(peak, memoryInUse() - before);
		},
	});
	await expect(read).rejects.toThrow(ImageArchiveError);
	await expect(read).rejects.toThrow(/^cut off at 100,000 files: the image holds more than 200,000, so reading stopped after [\d,]+ bytes$/);
	// The engine's stream was closed: the other 9.7 million headers were never made.
	await served;
	expect(archive.headersMade()).toBeLessThan(300_000);
	expect(peak).toBeGreaterThan(0);
	expect(peak).toBeLessThanOrEqual(maxFiles * bytesPerFile);
});
