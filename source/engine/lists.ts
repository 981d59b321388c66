// Listing calls, mapped from the engine's JSON to dockswab's types.
import type Docker from 'dockerode';
import type {ContainerInfo, ContainerState, ImageInfo} from '../domain/types';
import type {DiskUsage} from '../domain/types';
import {imageStore, type ImageStore} from './image-store';
import {layersFor} from './layers';
import type {LayerIndex} from '../domain/removal-plan';
import type {BuildCacheUsage} from '../domain/build-cache';
import {readBuildCache, type BuildCacheRow} from './build-cache';
import {reclaimableByRemovingUnused} from '../domain/reclaimable';

const stripAlgorithm = (id: string) => id.replace(/^sha256:/, '');

export function toImageInfo(raw: Docker.ImageInfo): ImageInfo {
	return {
		id: stripAlgorithm(raw.Id),
		parentId: stripAlgorithm(raw.ParentId ?? ''),
		repoTags: raw.RepoTags ?? [],
		repoDigests: raw.RepoDigests ?? [],
		created: raw.Created,
		size: raw.Size,
		labels: raw.Labels ?? {},
	};
}

export function toContainerInfo(raw: Docker.ContainerInfo): ContainerInfo {
	return {
		id: raw.Id,
		name: (raw.Names?.[0] ?? '').replace(/^\//, ''),
		image: raw.Image,
		imageId: stripAlgorithm(raw.ImageID),
		state: raw.State as ContainerState,
		status: raw.Status,
		created: raw.Created,
	};
}

/** What an answer that is not JSON was, in a line: its type and how it starts (escaped on display). */
export function notJson(path: string, contentType: string | undefined, body: string): string {
	const start = body.replace(/\s+/g, ' ').trim();
	const shown = start ? `"${start.slice(0, 60)}${start.length > 60 ? '…' : ''}"` : 'empty';
	return `the engine's answer to ${path.split('?')[0]} is not JSON (${contentType ? `${contentType}: ` : ''}${shown}); is a proxy answering instead of the engine?`;
}

/** docker-modem hands back a body it could not parse as text: a list is the only answer taken. */
function listOf<T>(answer: T[], path: string): T[] {
	if (Array.isArray(answer as unknown)) return answer;
	const text = typeof answer === 'string' ? answer : Buffer.isBuffer(answer) ? answer.toString('utf8') : null;
	throw new Error(text === null ? `the engine answered ${path} with something other than a list` : notJson(path, undefined, text));
}

export async function listImages(docker: Docker): Promise<ImageInfo[]> {
	// all=1 includes intermediate images: the parent links are needed for the usage graph.
	return listOf(await docker.listImages({all: true}), '/images/json').map(toImageInfo);
}

export async function listContainers(docker: Docker): Promise<ContainerInfo[]> {
	return listOf(await docker.listContainers({all: true}), '/containers/json').map(toContainerInfo);
}

/**
 * The image ID the engine itself gives each name, for names no tag spells exactly (Podman resolves
 * short names by its `localhost/` and search-registry rules); names it does not know are left out.
 */
export async function engineImageIds(docker: Docker, names: readonly string[]): Promise<Map<string, string>> {
	const answers = await Promise.all(
		names.map(name =>
			docker
				.getImage(name)
				.inspect()
				.then(
					image => [name, stripAlgorithm(image.Id)] as const,
					() => null,
				),
		),
	);
	return new Map(answers.filter(answer => answer !== null));
}

export async function listAll(docker: Docker): Promise<{images: ImageInfo[]; containers: ContainerInfo[]}> {
	const [images, containers] = await Promise.all([listImages(docker), listContainers(docker)]);
	return {images, containers};
}

export type DfAnswer = {
	LayersSize?: number;
	Images?: readonly {Id: string; Size: number; SharedSize: number; Containers: number}[] | null;
	Containers?: readonly {SizeRw?: number; SizeRootFs?: number; ImageID?: string}[] | null;
	BuildCache?: readonly BuildCacheRow[] | null;
};

/**
 * What `/system/df` says about images: their total on disk (null: the engine did not say) and,
 * per image, the bytes it holds alone and shares.
 */
export type ImageDiskUsage = {
	readonly imagesBytes: number | null;
	readonly uniqueSizes: ReadonlyMap<string, number>;
	readonly sharedSizes: ReadonlyMap<string, number>;
	/** The BuildKit cache in the same answer; null when the engine sent none (see readBuildCache). */
	readonly buildCache: BuildCacheUsage | null;
};

/**
 * Reads a `/system/df` answer. Podman's compat socket (4.3) lists an image once per tag, each with
 * its full size, and reports `LayersSize: 0`: images are counted once by ID, and when the total is
 * missing or smaller than the images' own bytes it is rebuilt from the image list (all=1): each
 * image adds its size minus its parent's. That is exact for images built or imported on the
 * engine (each is its parent's layers plus its own); images pulled separately have no parent
 * link, so a base layer they share counts once per image. Without the list: own bytes plus the
 * largest shared part, a lower bound. Per-image own and shared bytes are the engine's; with the
 * list, reclaimable is what deleting every image but those of containers (and their ancestors)
 * frees, counted the same way.
 */
export function readDf(df: DfAnswer, images?: readonly ImageInfo[], store: ImageStore = 'classic'): DiskUsage & ImageDiskUsage {
	if (store === 'containerd') return readContainerdDf(df);
	const byId = new Map<string, {Size: number; SharedSize: number; Containers: number}>();
	for (const image of df.Images ?? []) {
		const id = stripAlgorithm(image.Id);
		if (!byId.has(id)) byId.set(id, image);
	}
	const rows = [...byId.entries()];
	// SharedSize -1: the engine did not compute it; those images have no own-bytes figure.
	const measured = rows.filter(([, image]) => image.SharedSize >= 0);
	const uniqueSizes = new Map(measured.map(([id, image]) => [id, image.Size - image.SharedSize]));
	const sharedSizes = new Map(measured.map(([id, image]) => [id, image.SharedSize]));
	const containersBytes = (df.Containers ?? []).reduce((sum, container) => sum + (container.SizeRw ?? 0), 0);
	const ownTotal = [...uniqueSizes.values()].reduce((sum, size) => sum + size, 0);
	const reported = df.LayersSize ?? 0;
	const believable = totalBelievable(df, ownTotal);
	const imagesBytes = believable ? reported : images ? chainTotal(images) : ownTotal + Math.max(0, ...sharedSizes.values());
	// Podman's own bytes leave out layers an unused build-step image shares: with the image list,
	// what removing every unused image frees, as the total is counted (parent links).
	const reclaimableBytes =
		!believable && images
			? reclaimableByRemovingUnused(images, usedImageIds(df))
			: // Unique bytes of unused images, the "reclaimable" of `docker system df`.
				rows.filter(([, image]) => image.Containers === 0).reduce((sum, [, image]) => sum + image.Size - Math.max(0, image.SharedSize), 0);
	return {imagesBytes, reclaimableBytes, containersBytes, uniqueSizes, sharedSizes, buildCache: readBuildCache(df.BuildCache)};
}

/** Images some container uses, by the answer's counts (-1, not counted, is taken as used). */
function usedImageIds(df: DfAnswer): Set<string> {
	return new Set((df.Images ?? []).filter(image => image.Containers !== 0).map(image => stripAlgorithm(image.Id)));
}

function ownBytesTotal(df: DfAnswer): number {
	const seen = new Set<string>();
	let total = 0;
	for (const image of df.Images ?? []) {
		if (seen.has(image.Id) || image.SharedSize < 0) continue;
		seen.add(image.Id);
		total += image.Size - image.SharedSize;
	}
	return total;
}

function totalBelievable(df: DfAnswer, ownTotal = ownBytesTotal(df)): boolean {
	const reported = df.LayersSize ?? 0;
	return (reported > 0 && reported >= ownTotal) || (df.Images ?? []).length === 0;
}

/**
 * The containerd store's answer: `LayersSize` is the unpacked snapshots, each counted once, as
 * `docker system df` shows it; each image's `Size` adds its compressed content blobs, and
 * `SharedSize` is the snapshot bytes it shares. Bytes an image holds alone are not in the answer
 * (its content blobs are unknown here), so there are none per image, and what is reclaimable is
 * worked out from the layers of the images containers use (reclaimableBeside).
 */
function readContainerdDf(df: DfAnswer): DiskUsage & ImageDiskUsage {
	const sharedSizes = new Map<string, number>();
	for (const image of df.Images ?? []) if (image.SharedSize >= 0) sharedSizes.set(stripAlgorithm(image.Id), image.SharedSize);
	const containersBytes = (df.Containers ?? []).reduce((sum, container) => sum + (container.SizeRw ?? 0), 0);
	const imagesBytes = typeof df.LayersSize === 'number' && df.LayersSize >= 0 ? df.LayersSize : null;
	return {imagesBytes, reclaimableBytes: null, containersBytes, uniqueSizes: new Map(), sharedSizes, buildCache: readBuildCache(df.BuildCache)};
}

/**
 * Reclaimable: every byte of the images total but the layers of the images containers use (their
 * whole chain, each layer once), what `docker image prune -a` would free. Null when a used
 * image's layers cannot be read.
 */
async function reclaimableBeside(docker: Docker, df: DfAnswer, imagesBytes: number | null, store: ImageStore): Promise<number | null> {
	if (imagesBytes === null) return null;
	const usedIds = new Set((df.Images ?? []).filter(image => image.Containers !== 0).map(image => stripAlgorithm(image.Id)));
	if (usedIds.size === 0) return imagesBytes;
	// df's rows carry what reading the layers needs (ID and listed size): no second list.
	const used = (df.Images ?? []).map(row => toImageInfo(row as Docker.ImageInfo)).filter(image => usedIds.has(image.id));
	const layers = await layersFor(docker, used, usedIds, new Map()).catch(() => null);
	if (!layers || layers.size < usedIds.size) return null;
	const held = new Map<string, number>();
	for (const list of layers.values()) for (const layer of list) held.set(layer.id, layer.size);
	const heldBytes = [...held.values()].reduce((sum, size) => sum + size, 0);
	return Math.max(0, imagesBytes - heldBytes - (store === 'containerd' ? containerSnapshotBytes(df, layers) : 0));
}

/**
 * The containerd store counts each container's own snapshots (its writable layer and the init
 * layer under it) in `LayersSize`: a container's root filesystem less its image's layers.
 */
function containerSnapshotBytes(df: DfAnswer, layers: LayerIndex): number {
	let total = 0;
	for (const container of df.Containers ?? []) {
		const image = layers.get(stripAlgorithm(container.ImageID ?? ''));
		if (!image || container.SizeRootFs === undefined) continue;
		total += Math.max(0, container.SizeRootFs - image.reduce((sum, layer) => sum + layer.size, 0));
	}
	return total;
}

/** Each image's size minus its parent's, once per ID. */
function chainTotal(images: readonly ImageInfo[]): number {
	const byId = new Map(images.map(image => [image.id, image]));
	let total = 0;
	for (const image of byId.values()) {
		const parent = byId.get(image.parentId);
		total += Math.max(0, image.size - (parent?.size ?? 0));
	}
	return total;
}

/** The df answer, with the image list when the engine's own total cannot be used (Podman). */
async function dfWithImages(docker: Docker): Promise<DiskUsage & ImageDiskUsage> {
	const [df, store] = await Promise.all([docker.df() as Promise<DfAnswer>, imageStore(docker)]);
	if (store === 'containerd') {
		const usage = readDf(df, undefined, store);
		return {...usage, reclaimableBytes: await reclaimableBeside(docker, df, usage.imagesBytes, store)};
	}
	if (!totalBelievable(df)) return readDf(df, await listImages(docker));
	// The engine's own total: what containers leave of it is exact from layers; the per-image sum
	// misses layers that only unused images share, so it stays as the fallback.
	const usage = readDf(df);
	return {...usage, reclaimableBytes: (await reclaimableBeside(docker, df, usage.imagesBytes, store)) ?? usage.reclaimableBytes};
}

export async function diskUsage(docker: Docker): Promise<DiskUsage> {
	const {imagesBytes, reclaimableBytes, containersBytes, uniqueSizes, buildCache} = await dfWithImages(docker);
	return {imagesBytes, reclaimableBytes, containersBytes, uniqueSizes, buildCache};
}

export async function imageDiskUsage(docker: Docker): Promise<ImageDiskUsage> {
	const {imagesBytes, uniqueSizes, sharedSizes, buildCache} = await dfWithImages(docker);
	return {imagesBytes, uniqueSizes, sharedSizes, buildCache};
}
