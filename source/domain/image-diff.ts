// What changed between two images: the files of each one's final filesystem compared by path, and
// the layers (by diff ID) only one of them has. File contents are never read, so a file counts as
// changed when its type, size or link target differ, or when it comes from a layer the other
// image lacks (same size, maybe other bytes).
import type {TarEntryType} from './tar-header';
import type {ImageFiles} from './layer-files';
import {replayLayers, sharedCopyName, type FsNode} from './layer-replay';

/** `storedAs` names the stored bytes when other paths show them too (hard links), so a total counts them once. */
export type DiffFile = {readonly path: string; readonly type: TarEntryType; readonly size: number; readonly linkTarget?: string; readonly layer: number; readonly storedAs?: string};

export type ChangeReason = 'type' | 'size' | 'link' | 'layer';

export type ChangedFile = {readonly path: string; readonly before: DiffFile; readonly after: DiffFile; readonly reasons: readonly ChangeReason[]};

export type ImageDiff = {
	readonly added: readonly DiffFile[];
	readonly removed: readonly DiffFile[];
	readonly changed: readonly ChangedFile[];
	/** Diff IDs with their layer index, in layer order. */
	readonly layersOnlyBefore: readonly {index: number; diffId: string}[];
	readonly layersOnlyAfter: readonly {index: number; diffId: string}[];
	readonly sharedLayers: number;
	/** Either image had more files than the cap: the diff covers only the files kept. */
	readonly cutOff: boolean;
};

/** The filesystem's entries after layers 0…`through` (the image's final one by default), directories left out (their files say it), by path. */
export function finalFiles(files: ImageFiles, through = files.layers.length - 1): Map<string, DiffFile> {
	const found = new Map<string, DiffFile>();
	// A stack of its own rather than recursion: a hostile layer's path may be nested deeper than calls can go.
	const pending: [FsNode, string][] = [[replayLayers(files, {}, through), '']];
	for (let next = pending.pop(); next; next = pending.pop()) {
		const [node, path] = next;
		for (const [name, child] of node.children ?? []) {
			const childPath = path === '' ? name : `${path}/${name}`;
			const {entry} = child;
			if (entry && entry.type !== 'directory') {
				const size = entry.copy?.size ?? entry.size;
				const storedAs = sharedCopyName(entry.copy);
				found.set(childPath, {
					path: childPath,
					type: entry.type,
					size,
					...(entry.linkTarget === undefined ? {} : {linkTarget: entry.linkTarget}),
					layer: entry.layer,
					...(storedAs === undefined ? {} : {storedAs}),
				});
			}
			pending.push([child, childPath]);
		}
	}
	return found;
}

const byPath = <T extends {path: string}>(a: T, b: T) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export function diffImages(before: ImageFiles, after: ImageFiles): ImageDiff {
	const beforeFiles = finalFiles(before);
	const afterFiles = finalFiles(after);
	const beforeLayers = before.layers.map(layer => layer.diffId);
	const afterLayers = after.layers.map(layer => layer.diffId);
	const added: DiffFile[] = [];
	const changed: ChangedFile[] = [];
	for (const [path, now] of afterFiles) {
		const was = beforeFiles.get(path);
		if (!was) {
			added.push(now);
			continue;
		}
		const reasons: ChangeReason[] = [];
		if (was.type !== now.type) reasons.push('type');
		if (was.size !== now.size) reasons.push('size');
		if ((was.linkTarget ?? '') !== (now.linkTarget ?? '')) reasons.push('link');
		if (beforeLayers[was.layer] !== afterLayers[now.layer]) reasons.push('layer');
		if (reasons.length > 0) changed.push({path, before: was, after: now, reasons});
	}
	const removed = [...beforeFiles.values()].filter(file => !afterFiles.has(file.path));
	const afterSet = new Set(afterLayers);
	const beforeSet = new Set(beforeLayers);
	return {
		added: added.sort(byPath),
		removed: removed.sort(byPath),
		changed: changed.sort(byPath),
		layersOnlyBefore: beforeLayers.flatMap((diffId, index) => (afterSet.has(diffId) ? [] : [{index, diffId}])),
		layersOnlyAfter: afterLayers.flatMap((diffId, index) => (beforeSet.has(diffId) ? [] : [{index, diffId}])),
		sharedLayers: beforeLayers.filter(diffId => afterSet.has(diffId)).length,
		cutOff: before.cutOffAt !== null || after.cutOffAt !== null,
	};
}
