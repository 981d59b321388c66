// Which tags of a registry repository a retention rule may remove, and why every other tag stays.
// The rule keeps the newest N of the tags it applies to, newest by semver or by when the image was
// made, and may spare what is younger than an age. The plan (remote-plan.ts) then groups the
// candidates by digest, since a registry deletes digests, not tags.
import {protectingPattern} from './protect';
import {parseVersionTag, planKeepNewest} from './versions';

export const retentionOrders = ['semver', 'pushed'] as const;
export type RetentionOrder = (typeof retentionOrders)[number];

export type RetentionRule = {
	readonly keep: number;
	readonly protect: readonly string[];
	/** A regular expression the whole tag must match for the rule to apply to it; absent: every tag. */
	readonly match?: string;
	/** semver (default): versions only, highest first; pushed: by the image's creation time, newest first. */
	readonly order?: RetentionOrder;
	/** Only tags whose image was made more than `seconds` before `now` (ms since the epoch) may go. */
	readonly olderThan?: {readonly seconds: number; readonly now: number};
};

/** A tag and, when it was read, when its image was made (ms since the epoch). */
export type RetentionTag = {readonly tag: string; readonly createdMs?: number | null};

export type RetentionSelection = {
	/** Tags the rule removes, unless a digest-mate stays. */
	readonly candidates: ReadonlySet<string>;
	/** Every other tag, with why it stays. */
	readonly reasons: Map<string, string>;
};

/** Whether a rule needs each tag's creation time: reading it costs a manifest and a config per digest. */
export function needsCreationTimes(rule: Pick<RetentionRule, 'order' | 'olderThan'>): boolean {
	return rule.order === 'pushed' || rule.olderThan !== undefined;
}

/** `--match` as the plan uses it: anchored, so that `1\..*` does not also take `11.0`. */
export function matchPattern(match: string): RegExp {
	return new RegExp(`^(?:${match})$`);
}

const units: readonly [number, string][] = [
	[604_800, 'w'],
	[86_400, 'd'],
	[3600, 'h'],
	[60, 'm'],
];

/** 2592000 → 30d: the age as a user would have typed it. */
export function ageText(seconds: number): string {
	const unit = units.find(([size]) => seconds >= size && seconds % size === 0);
	return unit ? `${seconds / unit[0]}${unit[1]}` : `${seconds}s`;
}

const unknownTime = "its image's creation time is unknown";

/** The kept reason of the newest `count` tags of a rule. */
function newestReason(order: RetentionOrder, count: number): string {
	if (order === 'semver') return count === 1 ? 'the newest version' : `one of the newest ${count} versions`;
	return count === 1 ? 'the newest image' : `one of the newest ${count} images`;
}

/**
 * `tags` come in the plan's display order (semver highest first, then the others by name), which
 * also breaks ties between images made at the same time.
 */
export function selectRetention(repository: string, tags: readonly RetentionTag[], rule: RetentionRule): RetentionSelection {
	const order = rule.order ?? 'semver';
	const reasons = new Map<string, string>();
	const pattern = rule.match === undefined ? null : matchPattern(rule.match);
	const created = new Map(tags.map(({tag, createdMs}) => [tag, createdMs ?? null]));
	const ruled: string[] = [];
	for (const {tag} of tags) {
		const protecting = protectingPattern(repository, tag, rule.protect);
		// Protected tags are out of every rule: they neither count towards `keep` nor can be removed.
		if (protecting !== null) reasons.set(tag, `protected by ${protecting}`);
		else if (pattern && !pattern.test(tag)) reasons.set(tag, `does not match ${rule.match}`);
		else ruled.push(tag);
	}
	let newest: string[];
	let older: string[];
	if (order === 'semver') {
		const kept = planKeepNewest(
			ruled.map(tag => ({tag, imageId: tag, created: 0})),
			rule.keep,
		);
		newest = kept.keep.filter(entry => parseVersionTag(entry.tag)).map(entry => entry.tag);
		for (const {tag} of kept.keep) if (!parseVersionTag(tag)) reasons.set(tag, 'not a version');
		older = kept.remove.map(entry => entry.tag);
	} else {
		for (const tag of ruled) if (created.get(tag) === null) reasons.set(tag, unknownTime);
		const position = new Map(ruled.map((tag, index) => [tag, index]));
		const timed = ruled.filter(tag => created.get(tag) !== null).sort((a, b) => created.get(b)! - created.get(a)! || position.get(a)! - position.get(b)!);
		newest = timed.slice(0, Math.max(0, Math.floor(rule.keep)));
		older = timed.slice(newest.length);
	}
	for (const tag of newest) reasons.set(tag, newestReason(order, newest.length));
	const candidates = new Set<string>();
	for (const tag of older) {
		const made = created.get(tag) ?? null;
		if (!rule.olderThan) candidates.add(tag);
		else if (made === null) reasons.set(tag, unknownTime);
		else if (made > rule.olderThan.now - rule.olderThan.seconds * 1000) reasons.set(tag, `made within ${ageText(rule.olderThan.seconds)}`);
		else candidates.add(tag);
	}
	return {candidates, reasons};
}
