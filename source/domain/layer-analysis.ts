// Why an image is big: each layer's bytes and share, what it adds, changes and removes, and the
// wasted bytes. Definitions (readme, "layers and diff"):
// - a layer's bytes are the sizes of the regular files its tar stores (hard links count once);
// - wasted bytes are the bytes of stored copies no path of the final image shows: a file a later
//   layer overwrote or deleted (whiteout, opaque directory), and so every copy of a path stored in
//   several layers but the last; the image ships them all the same;
// - efficiency is 1 − wasted / all layers' bytes (1 for an image without bytes), as dive puts it.
import type {ImageFiles} from './layer-files';
import {replayLayers, sharedCopyName, type ChangeKind, type LayerChange, type StoredCopy} from './layer-replay';

export type ChangeTally = {count: number; bytes: number};

export type LayerSummary = {
	readonly index: number;
	readonly diffId: string;
	readonly createdBy: string | null;
	readonly bytes: number;
	/** bytes / the image's bytes; 0 for an image without bytes. */
	readonly share: number;
	readonly entryCount: number;
	readonly changes: Readonly<Record<ChangeKind, ChangeTally>>;
	/** Bytes this layer stores that a later layer overwrote or deleted. */
	readonly wastedBytes: number;
};

/** A path whose stored copies are wasted: the layers that stored them, the layers that replaced or deleted them. */
export type WastedPath = {readonly path: string; readonly bytes: number; readonly storedIn: readonly number[]; readonly supersededIn: readonly number[]};

export type ImageAnalysis = {
	readonly layers: readonly LayerSummary[];
	readonly totalBytes: number;
	readonly wastedBytes: number;
	readonly efficiency: number;
	/** Every wasted path, most bytes first. */
	readonly wastedPaths: readonly WastedPath[];
	/** Set when files past a cap were counted, not kept: wasted bytes are then a lower bound. */
	readonly cutOffAt: number | null;
};

const byBytesThenPath = (a: WastedPath, b: WastedPath) => b.bytes - a.bytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export function analyseImage(files: ImageFiles): ImageAnalysis {
	const tallies = files.layers.map((): Record<ChangeKind, ChangeTally> => ({added: {count: 0, bytes: 0}, changed: {count: 0, bytes: 0}, removed: {count: 0, bytes: 0}}));
	const wastedByLayer = files.layers.map(() => 0);
	const wasted = new Map<string, {bytes: number; storedIn: Set<number>; supersededIn: Set<number>}>();
	replayLayers(files, {
		change(layer, change: LayerChange) {
			const tally = tallies[layer]![change.kind];
			tally.count++;
			tally.bytes += change.size;
		},
		wasted(copy, by) {
			if (copy.size === 0) return;
			wastedByLayer[copy.layer]! += copy.size;
			let path = wasted.get(copy.path);
			if (!path) wasted.set(copy.path, (path = {bytes: 0, storedIn: new Set(), supersededIn: new Set()}));
			path.bytes += copy.size;
			path.storedIn.add(copy.layer);
			path.supersededIn.add(by);
		},
	});
	const totalBytes = files.layers.reduce((sum, layer) => sum + layer.fileBytes, 0);
	const wastedBytes = wastedByLayer.reduce((sum, bytes) => sum + bytes, 0);
	const layers = files.layers.map((layer, index): LayerSummary => ({
		index,
		diffId: layer.diffId,
		createdBy: layer.createdBy,
		bytes: layer.fileBytes,
		share: totalBytes === 0 ? 0 : layer.fileBytes / totalBytes,
		entryCount: layer.entryCount,
		changes: tallies[index]!,
		wastedBytes: wastedByLayer[index]!,
	}));
	const wastedPaths = [...wasted].map(([path, found]): WastedPath => ({
		path,
		bytes: found.bytes,
		storedIn: [...found.storedIn].sort((a, b) => a - b),
		supersededIn: [...found.supersededIn].sort((a, b) => a - b),
	}));
	return {layers, totalBytes, wastedBytes, efficiency: totalBytes === 0 ? 1 : 1 - wastedBytes / totalBytes, wastedPaths: wastedPaths.sort(byBytesThenPath), cutOffAt: files.cutOffAt};
}

/** The changes one layer makes, for its file view; hard links to one stored copy named as such. */
export function layerChanges(files: ImageFiles, layer: number): LayerChange[] {
	const changes: [LayerChange, StoredCopy | null][] = [];
	replayLayers(
		files,
		{
			change(at, change, copy) {
				if (at === layer) changes.push([change, copy]);
			},
		},
		layer,
	);
	// Only once the layer is applied is it known how many names show each copy.
	return changes.map(([change, copy]) => {
		const storedAs = sharedCopyName(copy);
		return storedAs === undefined ? change : {...change, storedAs};
	});
}
