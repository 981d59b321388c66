// A list of file rows shown as a tree: each directory above them is a row of its own with the
// bytes of everything under it, children sorted by size or name, and a folded directory hides
// what is under it. Pure; built again only when the rows, the sort or the folds change.
import type {TarEntryType} from './tar-header';
import {pathParts} from './layer-replay';

/** `+` added, `~` changed, `-` removed by the layer; ` ` as lower layers left it. */
export type FileMark = '+' | '~' | '-' | ' ';

/** `storedAs`: the stored bytes this file shares with others (hard links); a directory counts them once. */
export type TreeFile = {readonly path: string; readonly size: number; readonly type: TarEntryType; readonly mark: FileMark; readonly storedAs?: string};

export type TreeRow = {
	/** The path of the row: a file's, or a directory's made from the files under it. */
	readonly path: string;
	readonly name: string;
	readonly depth: number;
	/** A file's bytes, or all the bytes under a directory. */
	readonly size: number;
	readonly mark: FileMark;
	readonly type: TarEntryType;
	/** Whether rows lie under it (a directory the tree made, which can fold). */
	readonly folds: boolean;
	readonly folded: boolean;
};

/** `counted`: the shared copies already in `size`, made only for directories holding hard links. */
type Node = {name: string; path: string; size: number; file: TreeFile | null; children: Map<string, Node>; counted: Set<string> | null};

/** Adds a file's bytes to a node: a copy shared by hard links only the first time the node sees it. */
function addBytes(node: Node, file: TreeFile): void {
	if (file.storedAs !== undefined) {
		if (node.counted?.has(file.storedAs)) return;
		(node.counted ??= new Set()).add(file.storedAs);
	}
	node.size += file.size;
}

const byName = (a: Node, b: Node) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function treeRows(files: readonly TreeFile[], folded: ReadonlySet<string>, sort: 'size' | 'path'): TreeRow[] {
	const root: Node = {name: '', path: '', size: 0, file: null, children: new Map(), counted: null};
	for (const file of files) {
		let node = root;
		addBytes(node, file);
		for (const part of pathParts(file.path)) {
			let child = node.children.get(part);
			if (!child) node.children.set(part, (child = {name: part, path: node.path === '' ? part : `${node.path}/${part}`, size: 0, file: null, children: new Map(), counted: null}));
			addBytes(child, file);
			node = child;
		}
		node.file = file;
	}
	const order = sort === 'size' ? (a: Node, b: Node) => b.size - a.size || byName(a, b) : byName;
	const rows: TreeRow[] = [];
	// Depth first with a stack of its own: paths may be nested deeper than calls can go.
	const pending: [Node, number][] = [...root.children.values()]
		.sort(order)
		.reverse()
		.map(node => [node, 0]);
	for (let next = pending.pop(); next; next = pending.pop()) {
		const [node, depth] = next;
		const folds = node.children.size > 0;
		const isFolded = folds && folded.has(node.path);
		rows.push({path: node.path, name: node.name, depth, size: node.size, mark: node.file?.mark ?? ' ', type: node.file?.type ?? 'directory', folds, folded: isFolded});
		if (folds && !isFolded) for (const child of [...node.children.values()].sort(order).reverse()) pending.push([child, depth + 1]);
	}
	return rows;
}
