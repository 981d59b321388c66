// Layers applied one on top of the other, as the engine's overlay does: a later entry replaces the
// file at its path, `.wh.name` deletes `name` (with everything under it), `.wh..wh..opq` hides all
// that lower layers put in its directory. Each regular file's stored bytes are one "copy"; hard
// links in the same layer share it. A copy no path shows any more is wasted: the image still ships
// its bytes in the layer that stored it.
import type {TarEntryType} from './tar-header';
import type {ImageFiles, LayerEntry} from './layer-files';

/** One regular file's bytes as a layer stored them. */
export type StoredCopy = {readonly path: string; readonly layer: number; readonly size: number; paths: number};

/** What a path shows after some layers: an entry from one layer, and for a directory what is under it. */
export type FsNode = {
	children: Map<string, FsNode> | null;
	/** The layer entry at this path; null for a directory only implied by paths under it. */
	entry: {readonly layer: number; readonly type: TarEntryType; readonly size: number; readonly linkTarget?: string; readonly copy: StoredCopy | null} | null;
};

export type ChangeKind = 'added' | 'changed' | 'removed';

/**
 * One change a layer makes: its size is the file's (added, changed) or all that the removal hid.
 * `storedAs` names the stored bytes when other names show them too (hard links), so a total counts them once.
 */
export type LayerChange = {readonly path: string; readonly kind: ChangeKind; readonly type: TarEntryType; readonly size: number; readonly storedAs?: string};

export type ReplayVisitor = {
	/** A change made by layer `layer`; `copy` is the stored bytes an added or changed file shows. */
	change?(layer: number, change: LayerChange, copy: StoredCopy | null): void;
	/** A stored copy that no path shows any more, since layer `by` replaced or deleted it. */
	wasted?(copy: StoredCopy, by: number): void;
};

/** Path components as data: leading `./` and `/`, empty and `.` parts dropped; `..` is kept as a name, never followed. */
export function pathParts(path: string): string[] {
	return path.split('/').filter(part => part !== '' && part !== '.');
}

/** The path as its parts joined: the same string, not a new one, for the plain paths most layers hold. */
function normalPath(path: string): string {
	const plain = path !== '' && path !== '.' && !path.startsWith('/') && !path.startsWith('./') && !path.endsWith('/') && !path.endsWith('/.') && !path.includes('//') && !path.includes('/./');
	return plain ? path : pathParts(path).join('/');
}

/** The name of a copy several paths show (hard links), the same for each of them; undefined for a copy only one path shows. */
export function sharedCopyName(copy: StoredCopy | null | undefined): string | undefined {
	return copy && copy.paths > 1 ? `${copy.layer}:${copy.path}` : undefined;
}

const whiteoutPrefix = '.wh.';
const opaqueMarker = '.wh..wh..opq';

const directory = (): FsNode => ({children: new Map(), entry: null});

/**
 * Every stored copy under (and at) `node` loses the paths there; the bytes those paths showed,
 * each copy once however many of its hard links stood there.
 * Walked with a stack of its own: a hostile layer's path may be nested deeper than calls can go.
 */
function release(node: FsNode, layer: number, visitor: ReplayVisitor): number {
	let shown = 0;
	const counted = new Set<StoredCopy>();
	const pending = [node];
	for (let next = pending.pop(); next; next = pending.pop()) {
		const copy = next.entry?.copy;
		if (copy) {
			if (!counted.has(copy)) shown += copy.size;
			counted.add(copy);
			copy.paths--;
			if (copy.paths === 0) visitor.wasted?.(copy, layer);
		}
		if (next.children) pending.push(...next.children.values());
	}
	return shown;
}

/** The node at `parts`, or undefined. */
export function findNode(root: FsNode, parts: readonly string[]): FsNode | undefined {
	let node: FsNode | undefined = root;
	for (const part of parts) {
		node = node.children?.get(part);
		if (!node) return undefined;
	}
	return node;
}

/** The directory at `parts`, made (and a file in the way replaced) as needed. */
function directoryAt(root: FsNode, parts: readonly string[], layer: number, visitor: ReplayVisitor): FsNode {
	let node = root;
	for (const part of parts) {
		let next = node.children!.get(part);
		if (!next) node.children!.set(part, (next = directory()));
		else if (!next.children) {
			// A file where a later layer puts a directory: the file goes.
			release(next, layer, visitor);
			next.children = new Map();
			next.entry = null;
		}
		node = next;
	}
	return node;
}

function typeOf(node: FsNode): TarEntryType {
	return node.entry?.type ?? 'directory';
}

function applyRemovals(root: FsNode, entries: readonly LayerEntry[], layer: number, visitor: ReplayVisitor): void {
	for (const entry of entries) {
		if (!entry.path.includes(whiteoutPrefix)) continue;
		const parts = pathParts(entry.path);
		const name = parts.at(-1);
		if (!name?.startsWith(whiteoutPrefix)) continue;
		const parentParts = parts.slice(0, -1);
		const parent = findNode(root, parentParts);
		if (name === opaqueMarker) {
			if (!parent?.children) continue;
			for (const [childName, child] of parent.children) {
				visitor.change?.(layer, {path: [...parentParts, childName].join('/'), kind: 'removed', type: typeOf(child), size: release(child, layer, visitor)}, null);
			}
			parent.children.clear();
			continue;
		}
		// Other `.wh..wh.` names are the storage driver's own bookkeeping, not deletions.
		if (name.startsWith(`${whiteoutPrefix}${whiteoutPrefix}`)) continue;
		const target = name.slice(whiteoutPrefix.length);
		const node = parent?.children?.get(target);
		if (!node) continue;
		parent!.children!.delete(target);
		visitor.change?.(layer, {path: [...parentParts, target].join('/'), kind: 'removed', type: typeOf(node), size: release(node, layer, visitor)}, null);
	}
}

/**
 * The directory the last entry went into: a layer's tar lists a directory's files one after the
 * other, so most entries find their parent here without walking from the root.
 */
type LastParent = {path: string; node: FsNode} | null;

/** Applies one entry; the directory it went into, unless that was the root. */
function applyEntry(root: FsNode, entry: LayerEntry, layer: number, visitor: ReplayVisitor, last: LastParent): LastParent {
	const path = normalPath(entry.path);
	const cut = path.lastIndexOf('/');
	const name = path.slice(cut + 1);
	if (name === '' || name.startsWith(whiteoutPrefix)) return last;
	const parentPath = cut < 0 ? '' : path.slice(0, cut);
	const parent = last?.path === parentPath ? last.node : directoryAt(root, cut < 0 ? [] : parentPath.split('/'), layer, visitor);
	const here: LastParent = cut < 0 ? null : {path: parentPath, node: parent};
	const existing = parent.children!.get(name);
	if (entry.type === 'directory' && existing?.children) {
		// A directory written again (its mode or times changed): what is under it stays.
		existing.entry = {layer, type: 'directory', size: 0, copy: null};
		return here;
	}
	let copy: StoredCopy | null = null;
	if (entry.type === 'file') copy = {path, layer, size: entry.size, paths: 1};
	else if (entry.type === 'hardlink' && entry.linkTarget !== undefined) {
		copy = findNode(root, pathParts(entry.linkTarget))?.entry?.copy ?? null;
		if (copy) copy.paths++;
	}
	if (existing) release(existing, layer, visitor);
	const {type, size, linkTarget} = entry;
	const node: FsNode = {children: type === 'directory' ? new Map() : null, entry: linkTarget === undefined ? {layer, type, size, copy} : {layer, type, size, linkTarget, copy}};
	parent.children!.set(name, node);
	visitor.change?.(layer, {path, kind: existing ? 'changed' : 'added', type, size: copy?.size ?? 0}, copy);
	// Replacing `name` drops only what lay under it, never its own parent: `here` stays in the tree.
	return here;
}

/** Applies layers 0…`through` (all by default) to an empty filesystem; the root of the result. */
export function replayLayers(files: ImageFiles, visitor: ReplayVisitor = {}, through = files.layers.length - 1): FsNode {
	const root = directory();
	files.layers.slice(0, through + 1).forEach((layer, index) => {
		// Whiteouts delete what lower layers hold, wherever they stand in the layer's tar.
		applyRemovals(root, layer.entries, index, visitor);
		let last: LastParent = null;
		for (const entry of layer.entries) last = applyEntry(root, entry, index, visitor, last);
	});
	return root;
}
