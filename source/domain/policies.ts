// Clean-up policies as removal targets: one pure function for the housekeeping menu, `dockswab
// plan/clean` and every engine of a fleet. The targets go through planRemoval like marks do.
import {planKeepNewestTargets} from './housekeeping';
import {realTags, splitRepoTag} from './image-rows';
import {isProtected} from './protect';
import {freedBytes, type LayerIndex, type RemovalTarget} from './removal-plan';
import {isActive, type ContainerInfo, type ImageInfo} from './types';
import {compareText} from './compare';

/**
 * The rules given combine like docker's filters: a reference is selected only when every rule
 * given selects it (`--keep 2 --older-than 30d`: old versions beyond the newest two, and only
 * those older than 30 days). Protect patterns and running containers then take references out.
 */
export type PolicyOptions = {
	/** Keep the newest N semver versions of each repository; other tags are never selected by this rule. */
	readonly keep?: number;
	/** Only references of these repositories (an untagged image belongs to none); absent: all. */
	readonly repositories?: readonly string[];
	/** Untagged images that no other image builds on. */
	readonly dangling?: boolean;
	/** Images no container uses, running or stopped. */
	readonly unused?: boolean;
	/** Images created more than this many seconds ago. */
	readonly olderThan?: number;
	/** Images whose last use (see lastUseOf) is more than this many seconds ago. */
	readonly unusedFor?: number;
	/** Remove least recently used unused images until the images take at most this many bytes. */
	readonly budget?: number;
	/** Glob patterns (see protect.ts): references no rule may select. */
	readonly protect?: readonly string[];
};

/** What the engine knows beyond its lists, fetched only for the rules that need it. */
export type PolicyFacts = {
	/** Per container ID: the newest of its start and finish, seconds since the epoch. */
	readonly containerLastUse?: ReadonlyMap<string, number>;
	/** Per image ID: when the engine last tagged it (or pulled or loaded it, where it records that), seconds since the epoch. */
	readonly lastTagTime?: ReadonlyMap<string, number>;
	/** Layers of the images a budget may remove and of those sharing layers with them. */
	readonly layers?: LayerIndex;
	/** What the images take now (`/system/df` LayersSize); a budget needs it. */
	readonly imagesBytes?: number;
};

export type PolicySelection = {
	readonly targets: RemovalTarget[];
	/** Set when a budget was asked: the images' bytes before and after the selection, and whether it holds then. */
	readonly budget: {readonly before: number; readonly after: number; readonly holds: boolean} | null;
};

export function hasPolicy(options: PolicyOptions): boolean {
	return options.keep !== undefined || options.dangling === true || options.unused === true || options.olderThan !== undefined || options.unusedFor !== undefined || options.budget !== undefined;
}

/**
 * When an image was last used, in seconds: the newest of its creation, the engine's last tag time
 * for it, and the start or finish of any of its containers (their creation when the engine's
 * records are not at hand). A freshly pulled or tagged image built long ago is thus in use now.
 * The engine forgets removed containers, and not every engine records pulls as tag times, so the
 * real last use may be later than this one.
 */
export function lastUseOf(image: ImageInfo, containers: readonly ContainerInfo[], facts: Pick<PolicyFacts, 'containerLastUse' | 'lastTagTime'> = {}): number {
	let last = Math.max(image.created, facts.lastTagTime?.get(image.id) ?? 0);
	for (const container of containers) {
		if (container.imageId !== image.id) continue;
		last = Math.max(last, container.created, facts.containerLastUse?.get(container.id) ?? 0);
	}
	return last;
}

function hasChildren(images: readonly ImageInfo[]): Set<string> {
	return new Set(images.filter(image => image.parentId).map(image => image.parentId));
}

/** Every reference a rule could select: each tag, and untagged images that are not build intermediates by ID. */
function candidateTargets(images: readonly ImageInfo[], parents: ReadonlySet<string>): RemovalTarget[] {
	const targets: RemovalTarget[] = [];
	for (const image of images) {
		const tags = realTags(image);
		if (tags.length === 0) {
			if (!parents.has(image.id)) targets.push({imageId: image.id, reference: null});
			continue;
		}
		for (const reference of tags) targets.push({imageId: image.id, reference});
	}
	return targets;
}

export function selectPolicyTargets(
	images: readonly ImageInfo[],
	containers: readonly ContainerInfo[],
	options: PolicyOptions,
	/** Milliseconds since the epoch. */
	now: number,
	facts: PolicyFacts = {},
): PolicySelection {
	const nowSeconds = now / 1000;
	const parents = hasChildren(images);
	const byId = new Map(images.map(image => [image.id, image]));
	const running = new Set(containers.filter(isActive).map(container => container.imageId));
	const used = new Set(containers.map(container => container.imageId));
	const repositories = options.repositories ? new Set(options.repositories) : undefined;
	const protect = options.protect ?? [];

	// The version rule fixes the order when given (per repository, newest first); else the engine's list order.
	let targets = options.keep !== undefined ? planKeepNewestTargets(images, options.keep, repositories) : candidateTargets(images, parents);
	const rules: ((target: RemovalTarget, image: ImageInfo) => boolean)[] = [
		(_target, image) => !running.has(image.id),
		target => !target.reference || !isProtected(splitRepoTag(target.reference).repository, splitRepoTag(target.reference).tag, protect),
	];
	if (repositories) rules.push(target => target.reference !== null && repositories.has(splitRepoTag(target.reference).repository));
	if (options.dangling) rules.push(target => target.reference === null);
	if (options.unused || options.budget !== undefined) rules.push((_target, image) => !used.has(image.id));
	if (options.olderThan !== undefined) rules.push((_target, image) => image.created < nowSeconds - options.olderThan!);
	if (options.unusedFor !== undefined) rules.push((_target, image) => lastUseOf(image, containers, facts) < nowSeconds - options.unusedFor!);
	targets = targets.filter(target => {
		const image = byId.get(target.imageId);
		return image !== undefined && rules.every(rule => rule(target, image));
	});
	if (options.budget === undefined) return {targets, budget: null};
	return withinBudget(images, containers, targets, options.budget, facts);
}

/**
 * Whole images, least recently used first, until the images take at most `budget` bytes; none once
 * it holds. An image goes only with all of its tags, so one with a tag the other rules left out
 * (protected, say) frees nothing and is passed over, as is a parent of images that stay.
 */
function withinBudget(images: readonly ImageInfo[], containers: readonly ContainerInfo[], selected: readonly RemovalTarget[], budget: number, facts: PolicyFacts): PolicySelection {
	const before = facts.imagesBytes ?? images.reduce((sum, image) => sum + image.size, 0);
	const perImage = new Map<string, RemovalTarget[]>();
	for (const target of selected) perImage.set(target.imageId, [...(perImage.get(target.imageId) ?? []), target]);
	const byId = new Map(images.map(image => [image.id, image]));
	const children = new Map<string, string[]>();
	for (const image of images) if (image.parentId) children.set(image.parentId, [...(children.get(image.parentId) ?? []), image.id]);
	const whole = [...perImage.entries()].filter(([id, targets]) => {
		const image = byId.get(id)!;
		const tags = realTags(image);
		return tags.length === 0 ? targets.some(target => target.reference === null) : tags.every(tag => targets.some(target => target.reference === tag));
	});
	whole.sort(([a], [b]) => lastUseOf(byId.get(a)!, containers, facts) - lastUseOf(byId.get(b)!, containers, facts) || compareText(a, b));

	const chosen = new Set<string>();
	// Untagged intermediates go with the last child that needs them, as the engine prunes them.
	const withPrunedAncestors = (ids: ReadonlySet<string>) => {
		const all = new Set(ids);
		let grew = true;
		while (grew) {
			grew = false;
			for (const image of images) {
				if (all.has(image.id) || realTags(image).length > 0 || !children.has(image.id)) continue;
				if (children.get(image.id)!.every(child => all.has(child))) {
					all.add(image.id);
					grew = true;
				}
			}
		}
		return all;
	};
	const freed = (ids: ReadonlySet<string>) => freedBytes(images, withPrunedAncestors(ids), facts.layers);
	let after = before;
	let progress = true;
	// A parent becomes removable once its children are chosen: go round until nothing more fits.
	while (after > budget && progress) {
		progress = false;
		for (const [id] of whole) {
			if (after <= budget) break;
			if (chosen.has(id)) continue;
			const liveChildren = (children.get(id) ?? []).filter(child => !withPrunedAncestors(chosen).has(child));
			if (liveChildren.length > 0) continue;
			chosen.add(id);
			after = before - freed(chosen);
			progress = true;
			// Least recently used first: after each choice, start again from the oldest.
			break;
		}
	}
	// In the order chosen: least recently used first.
	const targets = [...chosen].flatMap(id => perImage.get(id)!);
	return {targets, budget: {before, after, holds: after <= budget}};
}

const durationUnits: Record<string, number> = {s: 1, m: 60, h: 3600, d: 86_400, w: 604_800};

/** `30d`, `12h`, `2w`, `90m`, `45s` as seconds; null when the text is not one of those. */
export function parseDuration(text: string): number | null {
	const match = /^(\d+)([smhdw])$/.exec(text.trim());
	return match ? Number(match[1]) * durationUnits[match[2]!]! : null;
}

const sizeUnits: Record<string, number> = {b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40};

/**
 * `20GB`, `500MB`, `1.5GB`, `2048` (bytes) in decimal units, as the docker CLI prints them, or
 * `1GiB`, `512MiB` in binary ones; null otherwise.
 */
export function parseSize(text: string): number | null {
	const match = /^(\d+(?:\.\d+)?)\s*((?:[kmgt]i?)?b)?$/i.exec(text.trim());
	if (!match) return null;
	return Math.round(Number(match[1]) * sizeUnits[(match[2] ?? 'b').toLowerCase()]!);
}
