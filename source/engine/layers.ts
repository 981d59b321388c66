// The layers of images, for exact byte counts: each image's `RootFS.Layers` (diff IDs) turned into
// chain IDs, as the engine stores layers, with sizes from the image's history. Fetched lazily, for
// the images a plan touches and those that share layers with them, a few at a time, cached by ID.
import type Docker from 'dockerode';
import type {Layer, LayerIndex} from '../domain/removal-plan';
import type {ContainerInfo, ImageInfo} from '../domain/types';
import {isActive} from '../domain/types';
import {eachLimited} from '../domain/each-limited';
// Required on first use: lists.ts, which the entry loads before its first frame, imports this module.
import {crypto} from '../lazy-require';

export type HistoryRow = {readonly createdBy: string; readonly size: number};

/** Chain IDs as the engine's layer store names layers: the same diff on another base is another layer. */
export function chainIds(diffIds: readonly string[]): string[] {
	const chain: string[] = [];
	for (const diffId of diffIds) {
		const previous = chain.at(-1);
		chain.push(previous === undefined ? diffId : `sha256:${crypto().createHash('sha256').update(`${previous} ${diffId}`).digest('hex')}`);
	}
	return chain;
}

// Instructions that change only the image config: their history rows have no layer. The history
// API leaves out the `empty_layer` flag, so a 0-byte row is told apart by what made it.
const configOnly = /^(?:\/bin\/sh -c #\(nop\)\s+)?(?:ENV|LABEL|CMD|ENTRYPOINT|EXPOSE|WORKDIR|USER|VOLUME|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL|MAINTAINER)\b/;

/**
 * The size of each layer from the history rows (oldest first): rows with bytes are layers, as are
 * 0-byte rows not made by a config-only instruction while layers remain unaccounted for. Null when
 * the rows cannot account for the layers or their sum is not the image's size: then no figure is
 * better than a wrong one.
 */
export function layerSizes(diffIds: readonly string[], history: readonly HistoryRow[], imageSize: number): number[] | null {
	const positive = history.filter(row => row.size > 0).length;
	let zeroLayersLeft = diffIds.length - positive;
	if (zeroLayersLeft < 0) return null;
	const sizes: number[] = [];
	for (const row of history) {
		if (row.size > 0) sizes.push(row.size);
		else if (zeroLayersLeft > 0 && !configOnly.test(row.createdBy)) {
			sizes.push(0);
			zeroLayersLeft--;
		}
	}
	if (sizes.length !== diffIds.length) return null;
	return sizes.reduce((sum, size) => sum + size, 0) === imageSize ? sizes : null;
}

/**
 * Layer sizes from the history rows, checked against the image's sizes. The classic store's
 * inspect Size is the unpacked layers: the rows add up to it. The containerd store's is the
 * content blobs and its listed size those plus the unpacked snapshots, which the rows measure:
 * the rows add up to the difference, or, for an image named by its index (a multi-platform
 * pull), to more by the index blob, which inspect counts and the list leaves out.
 */
export function imageLayerSizes(diffIds: readonly string[], history: readonly HistoryRow[], listedSize: number, inspectedSize: number): number[] | null {
	const rowsTotal = history.reduce((sum, row) => sum + row.size, 0);
	const sizes = layerSizes(diffIds, history, rowsTotal);
	if (!sizes || rowsTotal === inspectedSize) return sizes;
	const snapshots = listedSize - inspectedSize;
	return snapshots > 0 && rowsTotal >= snapshots && rowsTotal < listedSize ? sizes : null;
}

type RawHistory = {CreatedBy?: string; Size?: number}[];

/** Per engine client: layers already read, by image ID (an image's layers never change). */
const caches = new WeakMap<Docker, Map<string, Promise<Layer[] | null>>>();

async function readLayers(docker: Docker, image: ImageInfo): Promise<Layer[] | null> {
	const handle = docker.getImage(image.id);
	const [inspect, history] = await Promise.all([handle.inspect() as Promise<{RootFS?: {Layers?: string[]}; Size?: number}>, handle.history() as Promise<RawHistory>]);
	const diffIds = inspect.RootFS?.Layers ?? [];
	// The engine lists history newest first.
	const rows = [...history].reverse().map(row => ({createdBy: row.CreatedBy ?? '', size: row.Size ?? 0}));
	const sizes = imageLayerSizes(diffIds, rows, image.size, inspect.Size ?? image.size);
	if (!sizes) return null;
	return chainIds(diffIds).map((id, index) => ({id, size: sizes[index]!}));
}

/**
 * Layers of `wanted` and of every image that may share a layer with them: an image whose
 * `/system/df` SharedSize is 0 shares none. Null when any of them could not be read or mapped,
 * since one missing image would make its shared layers look freed.
 */
export async function layersFor(
	docker: Docker,
	images: readonly ImageInfo[],
	wanted: ReadonlySet<string>,
	sharedSizes: ReadonlyMap<string, number>,
	concurrency = 4,
	/** Give up (null) rather than read more images than this: two requests each. */
	limit = Number.POSITIVE_INFINITY,
): Promise<LayerIndex | null> {
	if (wanted.size === 0) return new Map();
	const sharing = [...wanted].some(id => (sharedSizes.get(id) ?? 1) > 0);
	const needed = images.filter(image => wanted.has(image.id) || (sharing && (sharedSizes.get(image.id) ?? 1) > 0));
	if (needed.length > limit) return null;
	let cache = caches.get(docker);
	if (!cache) caches.set(docker, (cache = new Map()));
	const index = new Map<string, Layer[]>();
	let complete = true;
	await eachLimited(needed, concurrency, async image => {
		let pending = cache.get(image.id);
		if (!pending) {
			pending = readLayers(docker, image).catch(() => null);
			cache.set(image.id, pending);
		}
		const layers = await pending;
		if (layers) index.set(image.id, layers);
		else {
			complete = false;
			// A failure is not kept: the next plan asks again.
			cache.delete(image.id);
		}
	});
	return complete ? index : null;
}

type RawContainerState = {State?: {StartedAt?: string; FinishedAt?: string}};

/** Newest start or finish per container that is not running, from the engine's records; a few at a time. */
export async function containerLastUse(docker: Docker, containers: readonly ContainerInfo[], concurrency = 4): Promise<Map<string, number>> {
	const found = new Map<string, number>();
	const stopped = containers.filter(container => !isActive(container));
	await eachLimited(stopped, concurrency, async container => {
		try {
			const {State: state} = (await docker.getContainer(container.id).inspect()) as RawContainerState;
			// A container never started or finished reports year 1: Date.parse gives a negative time for it.
			const times = [state?.StartedAt, state?.FinishedAt].map(text => (text ? Date.parse(text) / 1000 : Number.NaN)).filter(time => time > 0);
			if (times.length > 0) found.set(container.id, Math.max(...times));
		} catch {
			// Gone since the list: it no longer counts as a use.
		}
	});
	return found;
}
