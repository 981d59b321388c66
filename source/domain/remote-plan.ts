// Remote tag deletes and retention as a plan shown before anything happens. A registry deletes
// manifests by digest, which takes every tag pointing at that digest with it: the plan groups tags
// by digest, names the other tags a delete removes, and refuses a digest that a tag outside the
// selection (or a protected one) still needs. A multi-platform image is an index whose platform
// manifests have digests of their own, sometimes tagged too (1.0-amd64): deleting one the index
// still lists would leave the index's tags pointing at a platform the registry no longer has.
import {protectingPattern} from './protect';
import {selectRetention, type RetentionRule} from './remote-retention';
import type {StepResult} from './step-result';
import {sortTagsNewestFirst, type VersionedImage} from './versions';

export type TagDigest = {
	readonly tag: string;
	readonly digest: string;
	/** The platform manifests the digest lists when it is an index; absent or empty for a single manifest. */
	readonly children?: readonly string[];
	/** When the image was made (ms since the epoch), read only for rules that order or age by it; null: unknown. */
	readonly createdMs?: number | null;
};

export type RemotePlanItem = {
	readonly digest: string;
	/** Every tag of the repository that points at this digest (all go when it is deleted). */
	readonly tags: readonly string[];
	readonly outcome: {readonly kind: 'delete'; readonly alsoRemoves: readonly string[]} | {readonly kind: 'blocked'; readonly reason: string};
};

export type RemotePlan = {
	readonly repository: string;
	readonly items: readonly RemotePlanItem[];
	/** Tags a rule left alone, and why ("protected by latest", "shares its digest with kept 1.3.0", "not a version"). */
	readonly kept: readonly {readonly tag: string; readonly reason: string}[];
	readonly totals: {readonly digests: number; readonly tags: number; readonly blocked: number};
};

function names(tags: readonly string[]): string {
	return tags.join(', ');
}

/** Tags newest first (semver order, then the others by creation time when read, then by name), and each digest's tags in that order. */
function byDigest(tags: readonly TagDigest[]): {order: string[]; digestOf: Map<string, string>; tagsOf: Map<string, string[]>} {
	const entries: VersionedImage[] = tags.map(({tag, digest, createdMs}) => ({tag, imageId: digest, created: createdMs ?? 0}));
	const order = sortTagsNewestFirst(entries).map(entry => entry.tag);
	const digestOf = new Map(tags.map(({tag, digest}) => [tag, digest]));
	const tagsOf = new Map<string, string[]>();
	for (const tag of order) {
		const digest = digestOf.get(tag)!;
		tagsOf.set(digest, [...(tagsOf.get(digest) ?? []), tag]);
	}
	return {order, digestOf, tagsOf};
}

function totalsOf(items: readonly RemotePlanItem[]): RemotePlan['totals'] {
	const deletes = items.filter(item => item.outcome.kind === 'delete');
	return {digests: deletes.length, tags: deletes.reduce((sum, item) => sum + item.tags.length, 0), blocked: items.length - deletes.length};
}

/**
 * Digests the plan would delete while an index that stays still lists them, each with the tags
 * of those indexes. Repeated until nothing changes: a kept child may itself be an index.
 */
function heldByIndexes(items: readonly RemotePlanItem[], tags: readonly TagDigest[], tagsOf: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
	const parents = new Map<string, Set<string>>();
	for (const {digest, children = []} of tags) for (const child of children) parents.set(child, (parents.get(child) ?? new Set()).add(digest));
	const held = new Map<string, string[]>();
	for (let changed = true; changed;) {
		changed = false;
		const deleted = new Set(items.filter(item => item.outcome.kind === 'delete' && !held.has(item.digest)).map(item => item.digest));
		for (const digest of deleted) {
			const staying = [...(parents.get(digest) ?? [])].filter(index => !deleted.has(index));
			if (staying.length === 0) continue;
			held.set(
				digest,
				staying.flatMap(index => tagsOf.get(index) ?? []),
			);
			changed = true;
		}
	}
	return held;
}

const platformOf = (holders: readonly string[]): string => `a platform of ${names(holders)} (index), which ${holders.length === 1 ? 'stays' : 'stay'}`;

/** Indexes go before their platform manifests: a delete that stops half-way never leaves an index listing a platform the registry lost. */
function indexesFirst(items: readonly RemotePlanItem[], tags: readonly TagDigest[]): RemotePlanItem[] {
	const indexes = new Set(tags.filter(entry => (entry.children ?? []).length > 0).map(entry => entry.digest));
	return [...items.filter(item => indexes.has(item.digest)), ...items.filter(item => !indexes.has(item.digest))];
}

function deleteItem(digest: string, tags: readonly string[]): RemotePlanItem {
	return {digest, tags, outcome: {kind: 'delete', alsoRemoves: tags.slice(1)}};
}

/** Deleting the selected tags: a digest also held by a tag outside the selection is blocked ("latest shares this digest: mark it too"); protected tags block their digest. */
export function planRemoteDelete(repository: string, tags: readonly TagDigest[], selected: readonly string[], protect: readonly string[]): RemotePlan {
	const {order, digestOf, tagsOf} = byDigest(tags);
	const chosen = new Set(selected);
	const items: RemotePlanItem[] = [];
	const planned = new Set<string>();
	for (const tag of order) {
		const digest = digestOf.get(tag)!;
		if (!chosen.has(tag) || planned.has(digest)) continue;
		planned.add(digest);
		const digestTags = tagsOf.get(digest)!;
		const guarded = digestTags.map(name => ({tag: name, pattern: protectingPattern(repository, name, protect)})).find(entry => entry.pattern !== null);
		if (guarded) {
			const reason = chosen.has(guarded.tag) ? `${guarded.tag} is protected by ${guarded.pattern}` : `${guarded.tag} shares this digest and is protected by ${guarded.pattern}`;
			items.push({digest, tags: digestTags, outcome: {kind: 'blocked', reason}});
			continue;
		}
		const outside = digestTags.filter(name => !chosen.has(name));
		if (outside.length > 0) {
			const reason = `${names(outside)} ${outside.length === 1 ? 'shares this digest: mark it' : 'share this digest: mark them'} too`;
			items.push({digest, tags: digestTags, outcome: {kind: 'blocked', reason}});
		} else items.push(deleteItem(digest, digestTags));
	}
	const held = heldByIndexes(items, tags, tagsOf);
	const checked = items.map((item): RemotePlanItem => {
		const holders = held.get(item.digest);
		return holders ? {...item, outcome: {kind: 'blocked', reason: platformOf(holders)}} : item;
	});
	const kept = [...chosen].filter(tag => !digestOf.has(tag)).map(tag => ({tag, reason: 'not in the registry'}));
	return {repository, items: indexesFirst(checked, tags), kept, totals: totalsOf(checked)};
}

/** Keep the newest `keep` semver versions; non-semver tags are never selected; digests shared with a kept or protected tag are kept (and said). */
export function planRemoteKeepNewest(repository: string, tags: readonly TagDigest[], keep: number, protect: readonly string[]): RemotePlan {
	return planRemoteRetention(repository, tags, {keep, protect});
}

/** A retention rule (remote-retention.ts) as a plan: its candidates by digest, a digest a tag that stays still needs kept, and said. */
export function planRemoteRetention(repository: string, tags: readonly TagDigest[], rule: RetentionRule): RemotePlan {
	const {order, digestOf, tagsOf} = byDigest(tags);
	const createdOf = new Map(tags.map(({tag, createdMs}) => [tag, createdMs ?? null]));
	const {candidates, reasons} = selectRetention(
		repository,
		order.map(tag => ({tag, createdMs: createdOf.get(tag)})),
		rule,
	);
	const items: RemotePlanItem[] = [];
	const planned = new Set<string>();
	for (const tag of order) {
		const digest = digestOf.get(tag)!;
		if (!candidates.has(tag) || planned.has(digest)) continue;
		planned.add(digest);
		const digestTags = tagsOf.get(digest)!;
		const holder = digestTags.find(name => !candidates.has(name));
		if (holder === undefined) {
			items.push(deleteItem(digest, digestTags));
			continue;
		}
		const holderKind = reasons.get(holder)!.startsWith('protected') ? 'protected' : 'kept';
		for (const name of digestTags.filter(other => candidates.has(other))) reasons.set(name, `shares its digest with ${holderKind} ${holder}`);
	}
	// A platform manifest of an index that stays is kept like a digest a kept tag shares.
	const held = heldByIndexes(items, tags, tagsOf);
	for (const [digest, holders] of held) for (const tag of tagsOf.get(digest) ?? []) reasons.set(tag, platformOf(holders));
	const deletes = indexesFirst(
		items.filter(item => !held.has(item.digest)),
		tags,
	);
	const kept = order.filter(tag => reasons.has(tag)).map(tag => ({tag, reason: reasons.get(tag)!}));
	return {repository, items: deletes, kept, totals: totalsOf(deletes)};
}

/** What the service reports back for a remote plan: the registry read again, or the deletes done. */
export type RemotePlanOutcome =
	{readonly type: 'verified'; readonly tags: readonly TagDigest[]} | {readonly type: 'verify-failed'; readonly message: string} | {readonly type: 'deleted'; readonly results: readonly StepResult[]};

/** What a plan was made from, so that it can be made again from what the registry says now. */
export type RemotePlanRule = {readonly kind: 'delete'; readonly selected: readonly string[]; readonly protect: readonly string[]} | ({readonly kind: 'keep-newest'} & RetentionRule);

export function planByRule(repository: string, tags: readonly TagDigest[], rule: RemotePlanRule): RemotePlan {
	return rule.kind === 'delete' ? planRemoteDelete(repository, tags, rule.selected, rule.protect) : planRemoteRetention(repository, tags, rule);
}

/** Each digest a plan deletes with the tags that go with it, in one comparable string. */
function deletesOf(plan: RemotePlan): string {
	return plan.items
		.filter(item => item.outcome.kind === 'delete')
		.map(item => `${item.digest} ${[...item.tags].sort().join(',')}`)
		.sort()
		.join('\n');
}

/** Whether two plans delete the same digests and remove the same tags: what a confirm agreed to. */
export function sameRemoteDeletes(a: RemotePlan, b: RemotePlan): boolean {
	return a.repository === b.repository && deletesOf(a) === deletesOf(b);
}

/** A planned delete the registry, read again, no longer agrees with: skipped, with what changed. */
export type MovedDelete = {readonly item: RemotePlanItem; readonly reason: string};

/**
 * The planned deletes that the same rule, applied to what the registry says now, still makes
 * with the same tags; the others with what changed. A digest the new plan deletes and the old
 * one did not is in neither: nobody saw it in a plan.
 */
export function stillPlanned(planned: RemotePlan, now: RemotePlan): {readonly run: readonly RemotePlanItem[]; readonly moved: readonly MovedDelete[]} {
	const current = new Map(now.items.map(item => [item.digest, item]));
	const run: RemotePlanItem[] = [];
	const moved: MovedDelete[] = [];
	for (const item of planned.items) {
		if (item.outcome.kind !== 'delete') continue;
		const again = current.get(item.digest);
		const sameTags = again !== undefined && [...again.tags].sort().join(',') === [...item.tags].sort().join(',');
		if (again?.outcome.kind === 'delete' && sameTags) run.push(again);
		else if (again?.outcome.kind === 'blocked') moved.push({item, reason: `changed since the plan: ${again.outcome.reason}`});
		else if (again) moved.push({item, reason: `changed since the plan: now ${names(again.tags)} name this digest`});
		else {
			const stays = now.kept.filter(({tag}) => item.tags.includes(tag)).map(({tag, reason}) => `${tag} ${reason}`);
			moved.push({item, reason: stays.length > 0 ? `changed since the plan: ${stays.join('; ')}` : `changed since the plan: no tag names this digest any more`});
		}
	}
	return {run, moved};
}
