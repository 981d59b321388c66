// Removing named tags from a registry repository and nothing else. A registry deletes manifests by
// digest, and a digest takes every tag naming it: deleting 1.0 by its digest also removes latest
// when both name it. So a tag whose digest another tag (or an index that stays) still needs is
// untagged alone: a placeholder manifest of its own is pushed to that tag, then deleted by its
// digest. A digest named only by the tags asked for is simply deleted.
import {protectingPattern} from './protect';
import type {TagDigest} from './remote-plan';
import {sortTagsNewestFirst} from './versions';

/** What the placeholder pushed over a tag will be: known before anything is pushed, so the plan can name it. */
export type PlaceholderFacts = {readonly digest: string; readonly bytes: number; readonly configDigest: string};

export type UntagItem =
	/** Every tag of the digest was asked for, and no index that stays lists it: the digest is deleted. */
	| {readonly kind: 'delete'; readonly digest: string; readonly tags: readonly string[]}
	/** The tag alone goes: the placeholder is pushed to it and deleted; `digest` stays under `keeps` (or an index). */
	| {readonly kind: 'untag'; readonly digest: string; readonly tag: string; readonly keeps: readonly string[]; readonly heldBy: readonly string[]; readonly placeholder: PlaceholderFacts}
	| {readonly kind: 'blocked'; readonly tag: string; readonly digest: string | null; readonly reason: string};

export type UntagPlan = {readonly repository: string; readonly items: readonly UntagItem[]};

/** The tags of indexes that list `digest` (and are not themselves deleted by this plan). */
function indexTagsListing(digest: string, tags: readonly TagDigest[], deleted: ReadonlySet<string>): string[] {
	return tags.filter(entry => (entry.children ?? []).includes(digest) && !deleted.has(entry.digest)).map(entry => entry.tag);
}

export function planRemoteUntag(repository: string, tags: readonly TagDigest[], selected: readonly string[], protect: readonly string[], placeholderFor: (tag: string) => PlaceholderFacts): UntagPlan {
	const digestOf = new Map(tags.map(({tag, digest}) => [tag, digest]));
	const order = sortTagsNewestFirst(tags.map(({tag, digest}) => ({tag, imageId: digest, created: 0}))).map(entry => entry.tag);
	const chosen = new Set(selected);
	const items: UntagItem[] = [];
	for (const tag of selected.filter((name, index) => selected.indexOf(name) === index && !digestOf.has(name))) items.push({kind: 'blocked', tag, digest: null, reason: 'not in the registry'});
	const guarded = new Set<string>();
	for (const tag of selected) {
		const pattern = protectingPattern(repository, tag, protect);
		const digest = digestOf.get(tag);
		if (pattern === null || digest === undefined || guarded.has(tag)) continue;
		guarded.add(tag);
		items.push({kind: 'blocked', tag, digest, reason: `protected by ${pattern}`});
	}
	// A digest goes whole when every tag naming it was asked for (and none of them is protected).
	const whole = new Set<string>();
	for (const tag of order) {
		const digest = digestOf.get(tag)!;
		const names = order.filter(name => digestOf.get(name) === digest);
		if (names.every(name => chosen.has(name) && !guarded.has(name))) whole.add(digest);
	}
	// A platform manifest an index still lists must stay: only its tag goes. Repeated while an index
	// that stays keeps another digest from going whole.
	for (let changed = true; changed;) {
		changed = false;
		for (const digest of whole) {
			if (indexTagsListing(digest, tags, whole).length === 0) continue;
			whole.delete(digest);
			changed = true;
		}
	}
	const planned = new Set<string>();
	for (const tag of order) {
		if (!chosen.has(tag) || guarded.has(tag)) continue;
		const digest = digestOf.get(tag)!;
		if (whole.has(digest)) {
			if (planned.has(digest)) continue;
			planned.add(digest);
			items.push({kind: 'delete', digest, tags: order.filter(name => digestOf.get(name) === digest)});
			continue;
		}
		// The digest's other tags, but those this plan untags too.
		const keeps = order.filter(name => name !== tag && digestOf.get(name) === digest && (!chosen.has(name) || guarded.has(name)));
		items.push({kind: 'untag', digest, tag, keeps, heldBy: indexTagsListing(digest, tags, whole), placeholder: placeholderFor(tag)});
	}
	return {repository, items};
}

/** Whether a plan made again from the registry still does this item the same way: what a confirm agreed to. */
export function sameUntagItem(a: UntagItem, b: UntagItem): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}
