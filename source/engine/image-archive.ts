// An image archive as `GET /images/{id}/get` streams it, walked once: the outer tar, and inside it
// each layer blob's tar. Two layouts: the classic one (manifest.json, `<id>/layer.tar`, written by
// dockerd before 25) and the OCI layout (index.json, `blobs/sha256/<hex>`, written by dockerd 25+
// and the containerd image store). The manifests may come after the blobs they name, so every
// file is read for what it is as it passes and the image is put together at the end.
import {posix} from 'node:path';
import type {Readable} from 'node:stream';
import {TarFormatError, TarParser} from '../domain/tar-parser';
import type {ImageFiles, ImageLayer} from '../domain/layer-files';
import {ArchiveBlob, type BlobContent, type FileBudget} from './archive-blob';
import {readableSource, SourceClosedEarly, type ChunkSource} from './chunk-source';

/** A reason the archive cannot be read, in words for the user. */
export class ImageArchiveError extends Error {}

/** The read was cancelled (Esc, Ctrl-C): not a failure to report. */
export class ImageReadCancelled extends Error {
	constructor() {
		super('cancelled');
	}
}

export type ArchiveReadOptions = {
	readonly signal?: AbortSignal;
	/** Entries kept across all layers; the rest are counted only. */
	readonly maxFiles?: number;
	/** Bytes of the archive read so far, after each chunk. */
	readonly onProgress?: (bytes: number) => void;
};

export const defaultMaxFiles = 1_000_000;
/**
 * Entries counted at most, as a multiple of the kept ones: past it reading stops. Ten million
 * files (a hostile or broken layer) would take minutes to count, and nothing more could be shown.
 */
const countedPerKept = 2;

/** More entries than may be counted: reading stopped. */
class TooManyFiles extends Error {}

function tooManyFiles(maxFiles: number, bytesRead: number): ImageArchiveError {
	const count = (value: number) => value.toLocaleString('en-US');
	return new ImageArchiveError(`cut off at ${count(maxFiles)} files: the image holds more than ${count(maxFiles * countedPerKept)}, so reading stopped after ${count(bytesRead)} bytes`);
}

type ManifestEntry = {Config?: unknown; Layers?: unknown};
type OciDescriptor = {mediaType?: unknown; digest?: unknown};
type ImageConfig = {rootfs?: {diff_ids?: unknown}; history?: {created_by?: unknown; comment?: unknown; empty_layer?: unknown}[]};

const blobPath = (digest: string) => `blobs/${digest.replace(':', '/')}`;
const normalPath = (path: string) => posix.normalize(path).replace(/^(?:\.\/|\/)+/, '');

/** The files of the outer tar, by path; links resolved to what they name. */
class ArchiveFiles {
	readonly blobs = new Map<string, ArchiveBlob>();
	readonly links = new Map<string, string>();

	find(path: string): ArchiveBlob | undefined {
		let current = normalPath(path);
		// docker save links a layer stored twice to its first copy; a loop of links is no file.
		for (let hops = 0; hops < 8; hops++) {
			const blob = this.blobs.get(current);
			if (blob) return blob;
			const next = this.links.get(current);
			if (next === undefined) return undefined;
			current = next;
		}
		return undefined;
	}

	async json(path: string): Promise<unknown> {
		const content = await this.find(path)?.content();
		if (!content) return undefined;
		if (content.kind !== 'json') throw new ImageArchiveError(`${path} in the image archive is not JSON`);
		try {
			return JSON.parse(content.text) as unknown;
		} catch {
			throw new ImageArchiveError(`${path} in the image archive is not valid JSON`);
		}
	}
}

/**
 * The first manifest an index names (or, on the containerd store, an index inside it) whose config
 * and layers the archive holds: an index pulled for one platform lists the others too, and their
 * manifests may be in the archive without their layers.
 */
async function manifestInIndex(files: ArchiveFiles, index: unknown, depth: number): Promise<{config: string; layers: string[]} | null> {
	const listed = (index as {manifests?: OciDescriptor[]} | undefined)?.manifests;
	if (!Array.isArray(listed) || depth > 3) return null;
	for (const {digest} of listed) {
		if (typeof digest !== 'string' || !files.find(blobPath(digest))) continue;
		const next = (await files.json(blobPath(digest))) as {config?: OciDescriptor; layers?: OciDescriptor[]; manifests?: unknown} | undefined;
		if (next?.manifests) {
			const inner = await manifestInIndex(files, next, depth + 1);
			if (inner) return inner;
			continue;
		}
		const config = next?.config?.digest;
		const layers = next?.layers?.map(layer => layer.digest);
		if (typeof config !== 'string' || !layers?.every((layer): layer is string => typeof layer === 'string')) continue;
		if ([config, ...layers].every(blob => files.find(blobPath(blob)))) return {config: blobPath(config), layers: layers.map(blobPath)};
	}
	return null;
}

/** The config and layer files of the image, from manifest.json (both layouts write it) or index.json. */
async function imageManifest(files: ArchiveFiles): Promise<{config: string; layers: string[]}> {
	const manifest = await files.json('manifest.json');
	if (Array.isArray(manifest) && manifest.length > 0) {
		const {Config: config, Layers: layers} = manifest[0] as ManifestEntry;
		if (typeof config === 'string' && Array.isArray(layers) && layers.every(layer => typeof layer === 'string')) return {config, layers: layers as string[]};
		throw new ImageArchiveError('manifest.json in the image archive names no config or layers');
	}
	const found = await manifestInIndex(files, await files.json('index.json'), 0);
	if (found) return found;
	throw new ImageArchiveError('the image archive has neither manifest.json nor an OCI index naming a manifest');
}

/** Each layer's instruction: the history rows that made a layer (no `empty_layer`), in order; null when they do not add up. */
function layerInstructions(config: ImageConfig, layerCount: number): (string | null)[] {
	const rows = (config.history ?? []).filter(row => row.empty_layer !== true);
	if (rows.length !== layerCount) return Array.from({length: layerCount}, () => null);
	// An imported layer (docker import) has no instruction, only the import's comment.
	return rows.map(row => (typeof row.created_by === 'string' && row.created_by !== '' ? row.created_by : typeof row.comment === 'string' && row.comment !== '' ? row.comment : null));
}

function layerFiles(content: BlobContent | undefined, index: number, diffId: string): Pick<ImageLayer, 'entries' | 'entryCount' | 'fileBytes'> {
	const name = `layer ${index + 1} (${diffId.replace(/^sha256:/, '').slice(0, 12)})`;
	if (!content) throw new ImageArchiveError(`${name} is missing from the image archive`);
	if (content.kind === 'json') throw new ImageArchiveError(`${name} is JSON, not a tar archive`);
	if (content.kind === 'unreadable') throw new ImageArchiveError(`${name}: ${content.reason}`);
	return {entries: content.files, entryCount: content.fileCount, fileBytes: content.fileBytes};
}

/**
 * Reads `stream` (the engine's archive of one image, a Node stream or a socket's chunks) to the
 * end; the stream is destroyed on cancel.
 */
export async function readImageArchive(stream: Readable | ChunkSource, options: ArchiveReadOptions = {}): Promise<ImageFiles> {
	const source = 'flow' in stream ? stream : readableSource(stream);
	const maxFiles = options.maxFiles ?? defaultMaxFiles;
	const budget: FileBudget = {remaining: maxFiles, countable: maxFiles * countedPerKept, overflowed: false};
	const files = new ArchiveFiles();
	let current: ArchiveBlob | null = null;
	const outer = new TarParser(entry => {
		const path = normalPath(entry.path);
		if (entry.type === 'symlink') files.links.set(path, normalPath(posix.join(posix.dirname(path), entry.linkTarget)));
		else if (entry.type === 'hardlink') files.links.set(path, normalPath(entry.linkTarget));
		if (entry.type !== 'file') return null;
		current = new ArchiveBlob(budget);
		files.blobs.set(path, current);
		return current;
	});
	const cancel = () => source.destroy(new ImageReadCancelled());
	options.signal?.addEventListener('abort', cancel, {once: true});
	try {
		if (options.signal?.aborted) throw new ImageReadCancelled();
		await source
			.flow(chunk => {
				outer.write(chunk);
				if (budget.overflowed) throw new TooManyFiles();
				options.onProgress?.(outer.bytesRead);
				// Decompression runs beside the read: pause while it is behind, so memory stays bounded.
				const wait = (current as ArchiveBlob | null)?.backlog();
				if (wait) {
					source.pause();
					void wait.then(() => source.resume());
				}
			})
			.catch((error: unknown) => {
				throw error instanceof SourceClosedEarly ? new TarFormatError(`the engine's stream closed after ${outer.bytesRead} bytes`) : error;
			});
		outer.end();
	} catch (error) {
		for (const blob of files.blobs.values()) blob.destroy();
		if (error instanceof ImageReadCancelled || options.signal?.aborted) throw new ImageReadCancelled();
		if (error instanceof TooManyFiles || budget.overflowed) throw tooManyFiles(maxFiles, outer.bytesRead);
		if (error instanceof TarFormatError) throw new ImageArchiveError(outer.bytesRead === 0 ? 'the engine sent no image archive' : `the image archive is damaged: ${error.message}`);
		throw error;
	} finally {
		options.signal?.removeEventListener('abort', cancel);
	}
	if (outer.bytesRead === 0) throw new ImageArchiveError('the engine sent an empty image archive');
	const manifest = await imageManifest(files);
	const config = (await files.json(manifest.config)) as ImageConfig | undefined;
	if (!config) throw new ImageArchiveError(`the image config ${manifest.config} is missing from the archive`);
	const diffIds = config.rootfs?.diff_ids;
	if (!Array.isArray(diffIds) || diffIds.length !== manifest.layers.length)
		throw new ImageArchiveError(`the image config lists ${Array.isArray(diffIds) ? diffIds.length : 'no'} layers, its manifest ${manifest.layers.length}`);
	const instructions = layerInstructions(config, diffIds.length);
	const contents = await Promise.all(manifest.layers.map(layer => files.find(layer)?.content()));
	// A compressed layer is counted as it decompresses, which may end after the archive's last byte.
	if (budget.overflowed) throw tooManyFiles(maxFiles, outer.bytesRead);
	const layers = manifest.layers.map((_layer, index): ImageLayer => {
		const diffId = String(diffIds[index]);
		return {diffId, createdBy: instructions[index]!, ...layerFiles(contents[index], index, diffId)};
	});
	return {layers, cutOffAt: budget.remaining === 0 && layers.some(layer => layer.entries.length < layer.entryCount) ? maxFiles : null};
}
