// The BuildKit build cache as `/system/df` describes it, and what pruning it with a size cap and an
// age would leave. Pure.

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

/** What the engine says a prune did. */
export type BuildCachePruned = {readonly cachesDeleted: number; readonly spaceReclaimed: number};

/**
 * What a prune did as figures (the cache's bytes before, its usage after), worded by the view;
 * or why it failed.
 */
export type BuildCachePruneOutcome =
	{readonly kind: 'pruned'; readonly pruned: BuildCachePruned; readonly before: number | null; readonly after: BuildCacheUsage | null} | {readonly kind: 'failed'; readonly message: string};

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
	const prunable = usage.entries.filter(entry => !entry.shared && !entry.inUse && (entry.lastUsed ?? 0) < cutoff).sort((a, b) => (a.lastUsed ?? 0) - (b.lastUsed ?? 0));
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
 * Whether the engine's BuildCache list means anything. Podman's compat API (4.3) lists an empty
 * BuildCache, yet keeps no BuildKit cache at all (`/build/prune` answers 404): its list is
 * dropped, so the figures say "none reported" rather than an empty cache.
 */
export function reportedBuildCache(usage: BuildCacheUsage | null, product: string | undefined): BuildCacheUsage | null {
	return product && /podman/i.test(product) ? null : usage;
}
