// The build cache in words: the disk figure, a prune's plan, its part of a budget plan and what a
// prune did. Pure.
import type {BuildCachePlan, BuildCachePrune, BuildCachePruned, BuildCacheUsage} from '../domain/build-cache';
import {formatBytes} from '../domain/format';
import type {BudgetCache} from '../domain/budget-cache';

/**
 * The cache in a line of disk figures. No BuildCache list is "none reported": Docker 20.10 sends
 * null before its first BuildKit build, and engines without BuildKit never send one.
 */
export function buildCacheFigure(usage: BuildCacheUsage | null): string {
	if (!usage) return 'build cache none reported';
	if (usage.entries.length === 0) return 'build cache empty';
	return `build cache ${formatBytes(usage.bytes)} (${formatBytes(usage.reclaimableBytes)} reclaimable)`;
}

const ageUnits: readonly [string, number][] = [
	['w', 604_800],
	['d', 86_400],
	['h', 3600],
	['m', 60],
];

/** Seconds as the largest unit that divides them (`86400` → `1d`), as --unused-for takes them. */
function formatAge(seconds: number): string {
	const unit = ageUnits.find(([, size]) => seconds > 0 && seconds % size === 0);
	return unit ? `${seconds / unit[1]}${unit[0]}` : `${seconds}s`;
}

/** The plan of a prune in words, one line each: what the cache holds and what would go. */
export function buildCachePlanLines(usage: BuildCacheUsage, prune: BuildCachePrune, plan: BuildCachePlan): string[] {
	const shared = usage.sharedBytes > 0 ? `; ${formatBytes(usage.sharedBytes)} more is shared with images and stays while they do` : '';
	const held = `build cache: ${formatBytes(usage.bytes)} in ${usage.entries.filter(entry => !entry.shared).length} entries held alone, ${formatBytes(usage.reclaimableBytes)} of it not in use${shared}`;
	const rules = [
		prune.keepBytes === null ? null : `keeping at most ${formatBytes(prune.keepBytes)}`,
		prune.unusedFor === null ? null : `sparing entries used in the last ${formatAge(prune.unusedFor)}`,
	].filter(rule => rule !== null);
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
export function buildCachePrunedText(pruned: BuildCachePruned, before: number | null, after: BuildCacheUsage | null): string {
	const removed = `removed ${pruned.cachesDeleted} build cache ${pruned.cachesDeleted === 1 ? 'entry' : 'entries'}`;
	const reported = `the engine reports ${formatBytes(pruned.spaceReclaimed)} reclaimed`;
	if (before === null || !after) return `${removed}; ${reported}`;
	return `${removed}; build cache took ${formatBytes(before)}, now ${formatBytes(after.bytes)}: ${formatBytes(Math.max(0, before - after.bytes))} freed (${reported})`;
}

/** The budget's cache prune as a plan line; null when the cache is not pruned. */
export function budgetCacheLine(cache: BudgetCache): string | null {
	if (!cache.plan || !cache.prune) return null;
	return `prune    build cache (keeping at most ${formatBytes(cache.prune.keepBytes ?? 0)}): frees about ${formatBytes(cache.plan.frees)}, leaving about ${formatBytes(cache.plan.after)}`;
}
