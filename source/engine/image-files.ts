// The files of an image's layers, read from the engine's archive of it (`GET /images/{id}/get`):
// the one way that answers alike on the classic store, the containerd store and over ssh://. An
// image's layers never change, so a finished read is kept for the session, by image ID, for the
// few images looked at last.
import type {Readable} from 'node:stream';
import type Docker from 'dockerode';
import type {ImageFiles} from '../domain/layer-files';
import {engineMessage} from './errors';
import {requestImageArchive} from './archive-request';
import type {ChunkSource} from './chunk-source';
import {ImageArchiveError, ImageReadCancelled, readImageArchive, type ArchiveReadOptions} from './image-archive';

export {ImageArchiveError, ImageReadCancelled};

/** What the engine knows of an image before its archive is read. */
/** `size` is the engine's figure for the image: what a read's progress is measured against. */
export type ImageHeadline = {readonly id: string; readonly tags: readonly string[]; readonly size: number};

/** The image a reference (name:tag, ID, digest) names, or null when the engine has none. */
export async function findImage(docker: Docker, reference: string): Promise<ImageHeadline | null> {
	try {
		const inspect = (await docker.getImage(reference).inspect()) as {Id?: string; RepoTags?: string[] | null; Size?: number};
		if (!inspect.Id) return null;
		return {id: inspect.Id, tags: inspect.RepoTags ?? [], size: inspect.Size ?? 0};
	} catch (error) {
		if ((error as {statusCode?: number}).statusCode === 404) return null;
		throw error;
	}
}

/** Reads kept at once: each may hold up to a million file records. */
const keptReads = 4;
const kept = new WeakMap<Docker, Map<string, ImageFiles>>();

/** The files of image `id`; throws ImageArchiveError (unreadable), ImageReadCancelled, or the engine's error. */
export async function readImageFiles(docker: Docker, id: string, options: ArchiveReadOptions = {}): Promise<ImageFiles> {
	let cache = kept.get(docker);
	if (!cache) kept.set(docker, (cache = new Map()));
	const found = cache.get(id);
	if (found) {
		// Most recently used last: the oldest goes first when the cache is full.
		cache.delete(id);
		cache.set(id, found);
		return found;
	}
	let stream: Readable | ChunkSource;
	try {
		stream = await requestImageArchive(docker, id, options.signal);
	} catch (error) {
		if (options.signal?.aborted) throw new ImageReadCancelled();
		throw new ImageArchiveError(`the engine did not give the image's archive: ${engineMessage(error)}`);
	}
	if (options.signal?.aborted) {
		stream.destroy();
		throw new ImageReadCancelled();
	}
	const files = await readImageArchive(stream, options);
	cache.set(id, files);
	if (cache.size > keptReads) cache.delete(cache.keys().next().value!);
	return files;
}
