// The BuildKit build cache as `/system/df` describes it, and what pruning it with a size cap and an
// age would leave. Pure.
import {formatBytes} from './format';

export type BuildCacheEntry = {
	readonly id: string;
	readonly bytes: number;
	/** A build uses it now: no prune removes it. */
	readonly inUse: boolean;
	/** Its bytes are also an image's layers: they stay on disk while the image does. */
	readonly shared: boolean;
	/** Milliseconds since the epoch; null when the engine did not say. */
	readonly lastUsed: number | null;
};

/**
 * `bytes` and `reclaimableBytes` count what the cache holds alone, as `docker system df` does:
 * entries shared with images are counted with the images, so counting them here would count
 * those bytes twice. Reclaimable: held alone and not in use.
 */
export type BuildCacheUsage = {
	readonly entries: readonly BuildCacheEntry[];
	readonly bytes: number;
	readonly reclaimableBytes: number;
	readonly sharedBytes: number;
};

export function buildCacheUsage(entries: readonly BuildCacheEntry[]): BuildCacheUsage {
	const own = entries.filter(entry => !entry.shared);
	const sum = (list: readonly BuildCacheEntry[]) => list.reduce((total, entry) => total + entry.bytes, 0);
	return {entries, bytes: sum(own), reclaimableBytes: sum(own.filter(entry => !entry.inUse)), sharedBytes: sum(entries.filter(entry => entry.shared))};
}

/** A prune: `keepBytes` caps what the cache may keep (null: no cap, all that may go goes); `unusedFor` (seconds) spares entries used more recently. */
export type BuildCachePrune = {readonly keepBytes: number | null; readonly unusedFor: number | null};

/** What the housekeeping menu's prune asks: every entry no build uses, as `docker builder prune --all`. */
export const wholeCachePrune: BuildCachePrune = {keepBytes: null, unusedFor: null};

export type BuildCachePlan = {
	readonly before: number;
	/** About: the engine picks the entries, least recently used first. */
	readonly after: number;
	readonly frees: number;
	/** Entries held alone the prune is expected to remove. */
	readonly entries: number;
};

/**
 * What a prune would leave, as BuildKit goes about it: entries not in use and not used within
 * `unusedFor` may go, least recently used first, until what the cache holds alone fits the cap.
 */
export function planBuildCachePrune(usage: BuildCacheUsage, prune: BuildCachePrune, now: number): BuildCachePlan {
	const cutoff = prune.unusedFor === null ? Infinity : now - prune.unusedFor * 1000;
	const prunable = usage.entries
		.filter(entry => !entry.shared && !entry.inUse && (entry.lastUsed ?? 0) < cutoff)
		.sort((a, b) => (a.lastUsed ?? 0) - (b.lastUsed ?? 0));
	let after = usage.bytes;
	let entries = 0;
	for (const entry of prunable) {
		if (prune.keepBytes !== null && after <= prune.keepBytes) break;
		after -= entry.bytes;
		entries++;
	}
	return {before: usage.bytes, after, frees: usage.bytes - after, entries};
}

/**
 * The cache in a line of disk figures. No BuildCache list is "none reported": Docker 20.10 sends
 * null before its first BuildKit build, and engines without BuildKit never send one.
 */
export function buildCacheFigure(usage: BuildCacheUsage | null): string {
	if (!usage) return 'build cache none reported';
	if (usage.entries.length === 0) return 'build cache empty';
	return `build cache ${formatBytes(usage.bytes)} (${formatBytes(usage.reclaimableBytes)} reclaimable)`;
}

const ageUnits: readonly [string, number][] = [['w', 604_800], ['d', 86_400], ['h', 3600], ['m', 60]];

/** Seconds as the largest unit that divides them (`86400` → `1d`), as --unused-for takes them. */
function formatAge(seconds: number): string {
	const unit = ageUnits.find(([, size]) => seconds > 0 && seconds % size === 0);
	return unit ? `${seconds / unit[1]}${unit[0]}` : `${seconds}s`;
}

/** The plan of a prune in words, one line each: what the cache holds and what would go. */
export function buildCachePlanLines(usage: BuildCacheUsage, prune: BuildCachePrune, plan: BuildCachePlan): string[] {
	const shared = usage.sharedBytes > 0 ? `; ${formatBytes(usage.sharedBytes)} more is shared with images and stays while they do` : '';
	const held = `build cache: ${formatBytes(usage.bytes)} in ${usage.entries.filter(entry => !entry.shared).length} entries held alone, ${formatBytes(usage.reclaimableBytes)} of it not in use${shared}`;
	const rules = [prune.keepBytes === null ? null : `keeping at most ${formatBytes(prune.keepBytes)}`, prune.unusedFor === null ? null : `sparing entries used in the last ${formatAge(prune.unusedFor)}`].filter(rule => rule !== null);
	const how = rules.length > 0 ? ` (${rules.join(', ')})` : '';
	const outcome =
		plan.frees === 0
			? `prune${how}: nothing to free`
			: `prune${how}: frees about ${formatBytes(plan.frees)} in ${plan.entries} ${plan.entries === 1 ? 'entry' : 'entries'}, leaving about ${formatBytes(plan.after)}`;
	const short = prune.keepBytes !== null && plan.after > prune.keepBytes ? [`the cap cannot hold: ${formatBytes(plan.after)} is in use or used too recently`] : [];
	return [held, outcome, ...short];
}

/**
 * What a prune did: the engine's own count and SpaceReclaimed, and the measured drop of what the
 * cache holds alone. SpaceReclaimed also counts entries shared with images, which free nothing
 * while those images stay, so the two differ; both are shown.
 */
export function buildCachePrunedText(pruned: {readonly cachesDeleted: number; readonly spaceReclaimed: number}, before: number | null, after: BuildCacheUsage | null): string {
	const removed = `removed ${pruned.cachesDeleted} build cache ${pruned.cachesDeleted === 1 ? 'entry' : 'entries'}`;
	const reported = `the engine reports ${formatBytes(pruned.spaceReclaimed)} reclaimed`;
	if (before === null || !after) return `${removed}; ${reported}`;
	return `${removed}; build cache took ${formatBytes(before)}, now ${formatBytes(after.bytes)}: ${formatBytes(Math.max(0, before - after.bytes))} freed (${reported})`;
}

/**
 * How `--budget` counts the cache: the budget is for images and what the cache holds alone,
 * together. The cache goes first (a build recreates it; a deleted image may be gone for good),
 * down to what the images leave of the budget; the images then get the budget minus what the
 * cache keeps. An engine that reported no cache leaves the budget to the images.
 */
export type BudgetCache = {
	readonly usage: BuildCacheUsage | null;
	/** null: the cache is not pruned (it fits, frees nothing, or was not reported). */
	readonly prune: BuildCachePrune | null;
	readonly plan: BuildCachePlan | null;
	/** What the images may take. */
	readonly imagesBudget: number;
};

export function budgetCache(budget: number, imagesBytes: number, usage: BuildCacheUsage | null, now: number): BudgetCache {
	if (!usage) return {usage, prune: null, plan: null, imagesBudget: budget};
	if (imagesBytes + usage.bytes <= budget) return {usage, prune: null, plan: null, imagesBudget: budget - usage.bytes};
	const prune = {keepBytes: Math.max(0, budget - imagesBytes), unusedFor: null};
	const plan = planBuildCachePrune(usage, prune, now);
	if (plan.frees === 0) return {usage, prune: null, plan: null, imagesBudget: Math.max(0, budget - usage.bytes)};
	return {usage, prune, plan, imagesBudget: Math.max(0, budget - plan.after)};
}

/** The budget's cache prune as a plan line; null when the cache is not pruned. */
export function budgetCacheLine(cache: BudgetCache): string | null {
	if (!cache.plan || !cache.prune) return null;
	return `prune    build cache (keeping at most ${formatBytes(cache.prune.keepBytes ?? 0)}): frees about ${formatBytes(cache.plan.frees)}, leaving about ${formatBytes(cache.plan.after)}`;
}

/** What the cache holds after a budget plan, about. */
export const cacheBytesAfter = (cache: BudgetCache): number => cache.plan?.after ?? cache.usage?.bytes ?? 0;
