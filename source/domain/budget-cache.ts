// The build cache's part of a `--budget` plan. Pure.
import {planBuildCachePrune, type BuildCachePlan, type BuildCachePrune, type BuildCacheUsage} from './build-cache';

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

/** What the cache holds after a budget plan, about. */
export const cacheBytesAfter = (cache: BudgetCache): number => cache.plan?.after ?? cache.usage?.bytes ?? 0;
