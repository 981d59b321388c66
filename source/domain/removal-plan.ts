// What removing a set of image references will do, computed from the image and container lists
// before anything happens. The engine names only the first blocker in a 409; this names them all.
import {realTags} from './image-rows';
import {shortId} from './format';
import {recoverabilityOf, type SyncEntry} from './sync-status';
import {isActive, type ContainerInfo, type ImageInfo} from './types';
import {compareText} from './compare';

/** A row the user marked: a reference (`app:1.0`), or an untagged image by its ID. */
export type RemovalTarget = {readonly imageId: string; readonly reference: string | null};

export type RemovalOptions = {
	/** Remove stopped containers that block an image first (the seeds' `docker rm` then `docker rmi`). */
	readonly removeStoppedContainers: boolean;
	/** Image IDs the user forced by typing their name: deleted while stopped containers keep using them. */
	readonly forced: ReadonlySet<string>;
};

/** `references`: an image marked by ID still has several tags, and the engine deletes by ID only an image with at most one. */
export type Blocker = 'running' | 'stopped' | 'children' | 'references';

export type PlanOutcome =
	| {readonly kind: 'untag'; readonly remainingReferences: readonly string[]}
	/** The last reference goes but the image stays as the parent of child images (`docker rmi` does that). */
	| {readonly kind: 'untag-keeps-parent'; readonly children: readonly string[]}
	| {
			readonly kind: 'delete';
			readonly bytes: number;
			readonly removesContainers: readonly ContainerInfo[];
			readonly forced: boolean;
			/** A registry reference that holds the same digest, so a pull brings the identical image back; null: not in any registry. */
			readonly recoverable: {readonly reference: string} | null;
			/** When not recoverable: references whose registry could not be asked, so "not in any registry" is not known. */
			readonly unchecked: readonly string[];
	  }
	| {
			readonly kind: 'blocked';
			readonly blocker: Blocker;
			readonly containers: readonly ContainerInfo[];
			readonly children: readonly string[];
			/** The tags that keep an image marked by ID from going (blocker `references`). */
			readonly references: readonly string[];
			readonly forceable: boolean;
	  };

export type PlanItem = {readonly target: RemovalTarget; readonly label: string; readonly outcome: PlanOutcome};

/**
 * Steps name the image the plan showed by ID, so that a reference moved to another image since
 * the plan is noticed and skipped rather than followed.
 */
export type RemovalStep =
	| {readonly kind: 'remove-container'; readonly container: ContainerInfo}
	/**
	 * Removes `reference` only while it still points at `imageId`, and, when `keeps` names the tags
	 * the plan leaves on the image, only while one of them is still there: else the untag would
	 * delete the image.
	 */
	| {readonly kind: 'untag'; readonly reference: string; readonly imageId: string; readonly keeps: readonly string[]}
	/**
	 * Deletes by ID once the untags have run. `reference` is how the plan named the image (null when
	 * marked by ID); `lastTag` is the one tag it may still carry then, since the engine refuses to
	 * delete by ID an image with more. `level` 0 runs first (children before parents).
	 */
	| {
			readonly kind: 'delete';
			readonly imageId: string;
			readonly reference: string | null;
			readonly lastTag: string | null;
			readonly level: number;
			readonly force: boolean;
	  };

export type RemovalPlan = {
	readonly items: readonly PlanItem[];
	readonly steps: readonly RemovalStep[];
	readonly totals: {
		readonly imagesDeleted: number;
		readonly tagsRemoved: number;
		readonly containersRemoved: number;
		readonly bytesReclaimed: number;
		readonly blocked: number;
		/** Of the images deleted: a registry holds them, none does, or it could not be asked. */
		readonly recoverable: number;
		readonly notInRegistry: number;
		readonly recoveryUnknown: number;
	};
};

export type RemovalInput = {
	readonly targets: readonly RemovalTarget[];
	readonly images: readonly ImageInfo[];
	readonly containers: readonly ContainerInfo[];
	/** Bytes only this image holds (size minus layers shared with others), when the engine told us. */
	readonly uniqueSizes?: ReadonlyMap<string, number>;
	/**
	 * The layers of the images the plan deletes and of every image sharing a layer with them: with
	 * them the bytes are exact (a layer is freed when the last image holding it goes); images
	 * missing from it fall back to uniqueSizes.
	 */
	readonly layers?: LayerIndex;
	/** What the registries said about local references (see sync-status.ts); none known when absent. */
	readonly sync?: ReadonlyMap<string, SyncEntry>;
	readonly options: RemovalOptions;
};

/** A layer as the engine stores it: `id` is its chain ID (the same diff on another base is another layer). */
export type Layer = {readonly id: string; readonly size: number};

/** Per image ID, its layers from the base up. */
export type LayerIndex = ReadonlyMap<string, readonly Layer[]>;

/** The layers images outside `gone` hold: they stay on disk. */
function heldLayers(layers: LayerIndex, gone: ReadonlySet<string>): Set<string> {
	const held = new Set<string>();
	for (const [id, list] of layers) if (!gone.has(id)) for (const layer of list) held.add(layer.id);
	return held;
}

/** Layers of `imageIds` that are not `held`, each counted once across calls sharing `counted`. */
function freedLayers(layers: LayerIndex, imageIds: Iterable<string>, held: ReadonlySet<string>, counted: Set<string>): number {
	let bytes = 0;
	for (const id of imageIds) {
		for (const layer of layers.get(id) ?? []) {
			if (held.has(layer.id) || counted.has(layer.id)) continue;
			counted.add(layer.id);
			bytes += layer.size;
		}
	}
	return bytes;
}

/**
 * Bytes freed when the images `gone` are deleted: exact from layers for the images in the index,
 * else each image's size minus its parent's (a floor the engine does not undercut).
 */
export function freedBytes(images: readonly ImageInfo[], gone: ReadonlySet<string>, layers?: LayerIndex): number {
	const byId = new Map(images.map(image => [image.id, image]));
	const indexed = layers ? [...gone].filter(id => layers.has(id)) : [];
	let bytes = layers ? freedLayers(layers, indexed, heldLayers(layers, gone), new Set()) : 0;
	for (const id of gone) {
		if (layers?.has(id)) continue;
		const image = byId.get(id);
		if (!image) continue;
		const parent = image.parentId ? byId.get(image.parentId) : undefined;
		bytes += Math.max(0, image.size - (parent?.size ?? 0));
	}
	return bytes;
}

export function targetLabel(target: RemovalTarget): string {
	return target.reference ?? shortId(target.imageId);
}

export function containerLabel(container: ContainerInfo): string {
	return container.name || shortId(container.id);
}

type ImageFacts = {image: ImageInfo; tags: string[]; running: ContainerInfo[]; stopped: ContainerInfo[]; children: string[]};

function factsIndex(images: readonly ImageInfo[], containers: readonly ContainerInfo[]): Map<string, ImageFacts> {
	const facts = new Map<string, ImageFacts>();
	for (const image of images) facts.set(image.id, {image, tags: realTags(image), running: [], stopped: [], children: []});
	for (const image of images) if (image.parentId) facts.get(image.parentId)?.children.push(image.id);
	for (const container of containers) {
		const entry = facts.get(container.imageId);
		if (entry) (isActive(container) ? entry.running : entry.stopped).push(container);
	}
	const byName = (a: ContainerInfo, b: ContainerInfo) => compareText(containerLabel(a), containerLabel(b));
	for (const entry of facts.values()) {
		entry.running.sort(byName);
		entry.stopped.sort(byName);
	}
	return facts;
}

/** Bytes freed by deleting an image: its own bytes, never the layers it shares with its parent or others. */
function ownBytes(facts: Map<string, ImageFacts>, id: string, uniqueSizes: ReadonlyMap<string, number> | undefined): number {
	const known = uniqueSizes?.get(id);
	if (known !== undefined) return Math.max(0, known);
	const entry = facts.get(id)!;
	const parent = entry.image.parentId ? facts.get(entry.image.parentId) : undefined;
	return Math.max(0, entry.image.size - (parent?.image.size ?? 0));
}

/** The marks grouped by image: whether an image goes depends on all of its references being marked. */
type Marks = {
	readonly byImage: ReadonlyMap<string, readonly RemovalTarget[]>;
	/** Tags the marks leave on an image. */
	readonly unmarkedTags: (id: string) => string[];
	/** Every tag of the image is marked; marked by ID, one of them may go with the image (as `docker rmi ID` does). */
	readonly removesAll: (id: string) => boolean;
};

function groupMarks(targets: readonly RemovalTarget[], facts: ReadonlyMap<string, ImageFacts>): Marks {
	const byImage = new Map<string, RemovalTarget[]>();
	for (const target of targets) {
		if (!facts.has(target.imageId)) continue;
		const list = byImage.get(target.imageId) ?? [];
		if (!list.some(existing => existing.reference === target.reference)) list.push(target);
		byImage.set(target.imageId, list);
	}
	const unmarkedTags = (id: string) => {
		const marked = byImage.get(id) ?? [];
		return facts.get(id)!.tags.filter(tag => !marked.some(target => target.reference === tag));
	};
	const markedById = (id: string) => (byImage.get(id) ?? []).some(target => target.reference === null);
	const removesAll = (id: string) => {
		const left = unmarkedTags(id).length;
		return left === 0 || (left === 1 && markedById(id));
	};
	return {byImage, unmarkedTags, removesAll};
}

/**
 * Images that can go, found as a fixpoint: an image with children goes only when all its children
 * go. Untagged intermediate images whose children all go are pruned by the engine along the way.
 */
function deletableImages(facts: ReadonlyMap<string, ImageFacts>, marks: Marks, options: RemovalOptions): Set<string> {
	const clearOfContainers = (id: string) => {
		const entry = facts.get(id)!;
		if (entry.running.length > 0) return false;
		return entry.stopped.length === 0 || options.removeStoppedContainers || options.forced.has(id);
	};
	const deleted = new Set<string>();
	let changed = true;
	while (changed) {
		changed = false;
		for (const [id, entry] of facts) {
			if (deleted.has(id)) continue;
			const marked = marks.byImage.has(id);
			const wanted = marked ? marks.removesAll(id) : entry.tags.length === 0 && entry.children.length > 0;
			if (!wanted || !clearOfContainers(id)) continue;
			if (!marked && entry.stopped.length > 0) continue;
			if (entry.children.every(child => deleted.has(child))) {
				deleted.add(id);
				changed = true;
			}
		}
	}
	return deleted;
}

/** The deletion's shape: what goes, and the order deletes run in (children before parents). */
type Deletion = {
	readonly deleted: ReadonlySet<string>;
	/** Unmarked untagged ancestors that go with this image (the engine prunes them): the one parent walk. */
	readonly prunedAncestors: (id: string) => string[];
	/** 0 for an image none of whose children goes, else one more than its highest deleted child. */
	readonly levelOf: (id: string) => number;
};

function deletion(facts: ReadonlyMap<string, ImageFacts>, marks: Marks, deleted: ReadonlySet<string>): Deletion {
	const prunedAncestors = (id: string): string[] => {
		const found: string[] = [];
		let parent = facts.get(id)!.image.parentId;
		while (parent && deleted.has(parent) && !marks.byImage.has(parent)) {
			found.push(parent);
			parent = facts.get(parent)!.image.parentId;
		}
		return found;
	};
	const levels = new Map<string, number>();
	const levelOf = (id: string): number => {
		const cached = levels.get(id);
		if (cached !== undefined) return cached;
		const children = facts.get(id)!.children.filter(child => deleted.has(child));
		const level = children.length === 0 ? 0 : 1 + Math.max(...children.map(levelOf));
		levels.set(id, level);
		return level;
	};
	return {deleted, prunedAncestors, levelOf};
}

/**
 * Bytes a deleted item frees, with the untagged ancestors pruned with it (they count only when a
 * marked descendant brings them down): exact from layers where the index has the image, each
 * layer counted once across items; else its own bytes.
 */
function itemBytesCounter(input: RemovalInput, facts: Map<string, ImageFacts>, {deleted, prunedAncestors}: Deletion): (id: string) => number {
	const {options} = input;
	// A forced image stays (dangling, for its stopped containers): its layers stay with it.
	const gone = new Set([...deleted].filter(id => !(options.forced.has(id) && facts.get(id)!.stopped.length > 0)));
	const countedLayers = new Set<string>();
	const layersOf = input.layers;
	const held = layersOf ? heldLayers(layersOf, gone) : new Set<string>();
	return id => {
		const pruned = prunedAncestors(id);
		if (!layersOf?.has(id)) return [id, ...pruned].reduce((sum, each) => sum + ownBytes(facts, each, input.uniqueSizes), 0);
		if (!gone.has(id)) return 0;
		return freedLayers(layersOf, [id, ...pruned], held, countedLayers);
	};
}

/** The plan as its items and steps are added, image by image. */
type PlanDraft = {
	readonly items: PlanItem[];
	readonly untagSteps: RemovalStep[];
	readonly deleteSteps: (RemovalStep & {kind: 'delete'})[];
	readonly containersToRemove: Map<string, ContainerInfo>;
	readonly recovery: {recoverable: number; notInRegistry: number; recoveryUnknown: number};
	imagesDeleted: number;
	tagsRemoved: number;
	bytesReclaimed: number;
	blocked: number;
};

/** Not every tag of the image is marked: the marked tags are untagged, a mark by ID is refused. */
function draftUntags(draft: PlanDraft, id: string, targets: readonly RemovalTarget[], remaining: readonly string[]): void {
	for (const target of targets) {
		if (target.reference === null) {
			// The docker CLI refuses `rmi ID` here without -f; so does the plan, naming the tags instead of removing them all.
			draft.items.push({target, label: targetLabel(target), outcome: {kind: 'blocked', blocker: 'references', containers: [], children: [], references: remaining, forceable: false}});
			draft.blocked++;
			continue;
		}
		draft.items.push({target, label: targetLabel(target), outcome: {kind: 'untag', remainingReferences: remaining}});
		draft.untagSteps.push({kind: 'untag', reference: target.reference, imageId: id, keeps: remaining});
		draft.tagsRemoved++;
	}
}

/** The image goes: its other references are untagged first; then it goes by ID, with at most its last tag. */
function draftDelete(
	draft: PlanDraft,
	entry: ImageFacts,
	targets: readonly RemovalTarget[],
	unmarked: readonly string[],
	bytes: number,
	level: number,
	options: RemovalOptions,
	sync: ReadonlyMap<string, SyncEntry>,
): void {
	const id = entry.image.id;
	const removesContainers = options.forced.has(id) ? [] : entry.stopped;
	for (const container of removesContainers) draft.containersToRemove.set(container.id, container);
	const forced = options.forced.has(id) && entry.stopped.length > 0;
	const recoverability = recoverabilityOf(entry.image, sync);
	const recoverable = recoverability.kind === 'recoverable' ? {reference: recoverability.reference} : null;
	const unchecked = recoverability.kind === 'unknown' ? recoverability.references : [];
	if (recoverability.kind === 'recoverable') draft.recovery.recoverable++;
	else if (recoverability.kind === 'unknown') draft.recovery.recoveryUnknown++;
	else draft.recovery.notInRegistry++;
	const ordered = [...targets].sort((a, b) => (a.reference === null ? 1 : 0) - (b.reference === null ? 1 : 0));
	const lastTag = ordered.at(-1)!.reference ?? unmarked[0] ?? [...ordered].reverse().find(target => target.reference !== null)?.reference ?? null;
	ordered.forEach((target, index) => {
		const last = index === ordered.length - 1;
		draft.items.push({
			target,
			label: targetLabel(target),
			outcome: last ? {kind: 'delete', bytes, removesContainers, forced, recoverable, unchecked} : {kind: 'untag', remainingReferences: [targetLabel(ordered.at(-1)!)]},
		});
		if (target.reference) draft.tagsRemoved++;
		if (last) {
			if (target.reference === null) draft.tagsRemoved += unmarked.length;
			draft.deleteSteps.push({kind: 'delete', imageId: id, reference: target.reference, lastTag, level, force: forced});
		} else if (target.reference !== lastTag) {
			// Only the last target can be the image's ID: the ID sorts last.
			draft.untagSteps.push({kind: 'untag', reference: target.reference!, imageId: id, keeps: lastTag ? [lastTag] : []});
		}
	});
	draft.imagesDeleted++;
	draft.bytesReclaimed += bytes;
}

/** The image cannot go. Says why, naming every blocker; marked tags alone are still untagged. */
function draftKept(draft: PlanDraft, entry: ImageFacts, targets: readonly RemovalTarget[], liveChildren: string[], options: RemovalOptions): void {
	const id = entry.image.id;
	let outcome: PlanOutcome;
	if (entry.running.length > 0) {
		outcome = {kind: 'blocked', blocker: 'running', containers: entry.running, children: liveChildren, references: [], forceable: false};
	} else if (entry.stopped.length > 0 && !options.removeStoppedContainers && !options.forced.has(id)) {
		outcome = {kind: 'blocked', blocker: 'stopped', containers: entry.stopped, children: liveChildren, references: [], forceable: liveChildren.length === 0};
	} else if (targets.every(target => target.reference !== null)) {
		outcome = {kind: 'untag-keeps-parent', children: liveChildren};
	} else {
		outcome = {kind: 'blocked', blocker: 'children', containers: [], children: liveChildren, references: [], forceable: false};
	}
	if (outcome.kind === 'untag-keeps-parent') {
		for (const target of targets) {
			draft.items.push({target, label: targetLabel(target), outcome});
			// No tag keeps it: its children do.
			draft.untagSteps.push({kind: 'untag', reference: target.reference!, imageId: id, keeps: []});
			draft.tagsRemoved++;
		}
		if (options.removeStoppedContainers) for (const container of entry.stopped) draft.containersToRemove.set(container.id, container);
		return;
	}
	for (const target of targets) draft.items.push({target, label: targetLabel(target), outcome});
	draft.blocked += targets.length;
}

/** Items in the order the user marked them, not grouped by image; steps containers first, then untags, then deletes level by level. */
function finishPlan(draft: PlanDraft, targets: readonly RemovalTarget[]): RemovalPlan {
	const deleteSteps = [...draft.deleteSteps].sort((a, b) => a.level - b.level);
	const order = new Map(targets.map((target, index) => [`${target.imageId}|${target.reference}`, index]));
	const items = [...draft.items].sort((a, b) => (order.get(`${a.target.imageId}|${a.target.reference}`) ?? 0) - (order.get(`${b.target.imageId}|${b.target.reference}`) ?? 0));
	const steps: RemovalStep[] = [...[...draft.containersToRemove.values()].map(container => ({kind: 'remove-container', container}) as const), ...draft.untagSteps, ...deleteSteps];
	const {imagesDeleted, tagsRemoved, bytesReclaimed, blocked, recovery} = draft;
	return {items, steps, totals: {imagesDeleted, tagsRemoved, containersRemoved: draft.containersToRemove.size, bytesReclaimed, blocked, ...recovery}};
}

/** In phases: group the marks by image, find what can go, then say per image what happens to it. */
export function planRemoval(input: RemovalInput): RemovalPlan {
	const facts = factsIndex(input.images, input.containers);
	const marks = groupMarks(input.targets, facts);
	const shape = deletion(facts, marks, deletableImages(facts, marks, input.options));
	const itemBytes = itemBytesCounter(input, facts, shape);
	const sync = input.sync ?? new Map<string, SyncEntry>();
	const draft: PlanDraft = {
		items: [],
		untagSteps: [],
		deleteSteps: [],
		containersToRemove: new Map(),
		recovery: {recoverable: 0, notInRegistry: 0, recoveryUnknown: 0},
		imagesDeleted: 0,
		tagsRemoved: 0,
		bytesReclaimed: 0,
		blocked: 0,
	};
	for (const [id, targets] of marks.byImage) {
		const entry = facts.get(id)!;
		if (!marks.removesAll(id)) draftUntags(draft, id, targets, marks.unmarkedTags(id));
		else if (shape.deleted.has(id)) draftDelete(draft, entry, targets, marks.unmarkedTags(id), itemBytes(id), shape.levelOf(id), input.options, sync);
		else draftKept(draft, entry, targets, dependentImages(facts, id, shape.deleted), input.options);
	}
	return finishPlan(draft, input.targets);
}
/**
 * Images that keep this one alive: children, seen through the untagged intermediate images a
 * classic build leaves between a parent and its tagged child.
 */
function dependentImages(facts: ReadonlyMap<string, ImageFacts>, id: string, deleted: ReadonlySet<string>): string[] {
	const found: string[] = [];
	const visit = (parent: string) => {
		for (const child of facts.get(parent)!.children) {
			if (deleted.has(child)) continue;
			const entry = facts.get(child)!;
			if (entry.tags.length === 0 && entry.children.length > 0) visit(child);
			else found.push(child);
		}
	};
	visit(id);
	return found;
}

/** Tagged images (or untagged leaves) that descend from an image through intermediate images. */
export function taggedDescendants(images: readonly ImageInfo[], id: string): string[] {
	const facts = factsIndex(images, []);
	return facts.has(id) ? dependentImages(facts, id, new Set()) : [];
}

/** Children of an image by name for messages: their tags, or their short IDs when untagged. */
export function describeImages(ids: readonly string[], images: readonly ImageInfo[]): string[] {
	const byId = new Map(images.map(image => [image.id, image]));
	return ids.map(id => {
		const image = byId.get(id);
		return (image && realTags(image)[0]) ?? shortId(id);
	});
}
