import {expect, test} from 'vitest';
import {planBuildCachePrune, reportedBuildCache, wholeCachePrune} from '../../source/domain/build-cache';
import {initialState, reducer} from '../../source/state/reducer';
import {budgetCacheLine, buildCacheFigure, buildCachePlanLines, buildCachePrunedText} from '../../source/view/build-cache-text';
import {budgetCache} from '../../source/domain/budget-cache';
import {budgetLine} from '../../source/commands/plan';
import {readBuildCache, buildCachePruneRefusal} from '../../source/engine/build-cache';
import {readDf} from '../../source/engine/lists';

const now = Date.parse('2026-12-05T12:00:00Z');
const hoursAgo = (hours: number) => new Date(now - hours * 3_600_000).toISOString();

// As dockerd 26.1.5 answers after two `docker buildx build --load` runs: local sources, a shared
// base snapshot (also an image's layer), and RUN results held by the cache alone.
const rows = [
	{ID: 'src1', Type: 'source.local', Size: 8_192, InUse: false, Shared: false, LastUsedAt: hoursAgo(30)},
	{ID: 'base', Type: 'regular', Size: 1_069_339, InUse: false, Shared: true, LastUsedAt: hoursAgo(30)},
	{ID: 'run1', Type: 'regular', Size: 611_574, InUse: false, Shared: false, LastUsedAt: hoursAgo(26)},
	{ID: 'run2', Type: 'regular', Size: 409_147, InUse: false, Shared: false, LastUsedAt: hoursAgo(2)},
	{ID: 'busy', Type: 'regular', Size: 100_000, InUse: true, Shared: false, LastUsedAt: hoursAgo(1)},
];

test('the cache counts what it holds alone, as `docker system df` does; reclaimable leaves out entries in use', () => {
	const usage = readBuildCache(rows)!;
	expect(usage.entries).toHaveLength(5);
	expect(usage.bytes).toBe(8_192 + 611_574 + 409_147 + 100_000);
	expect(usage.reclaimableBytes).toBe(8_192 + 611_574 + 409_147);
	expect(usage.sharedBytes).toBe(1_069_339);
	expect(buildCacheFigure(usage)).toBe('build cache 1.13MB (1.03MB reclaimable)');
});

test('a /system/df without BuildCache, or with null, is "none reported", never zero or a crash; an empty list is an empty cache', () => {
	expect(readBuildCache(undefined)).toBeNull();
	expect(readBuildCache(null)).toBeNull();
	expect(readDf({LayersSize: 10, Images: [], Containers: []}).buildCache).toBeNull();
	expect(readDf({LayersSize: 10, Images: [], Containers: [], BuildCache: null}).buildCache).toBeNull();
	expect(buildCacheFigure(null)).toBe('build cache none reported');
	const empty = readDf({LayersSize: 10, Images: [], Containers: [], BuildCache: []}).buildCache;
	expect(empty).toMatchObject({bytes: 0, reclaimableBytes: 0});
	expect(buildCacheFigure(empty)).toBe('build cache empty');
});

test('rows missing fields count as zero bytes, not in use, not shared, never used', () => {
	const usage = readBuildCache([{ID: 'odd'}, {Size: -5, LastUsedAt: 'not a date'}])!;
	expect(usage.bytes).toBe(0);
	expect(usage.entries.map(entry => entry.lastUsed)).toEqual([null, null]);
});

test('a prune without a cap frees everything not in use; with a cap, least recently used first until it fits', () => {
	const usage = readBuildCache(rows)!;
	expect(planBuildCachePrune(usage, wholeCachePrune, now)).toEqual({before: 1_128_913, after: 100_000, frees: 1_028_913, entries: 3});
	// 1,128,913 − 8,192 − 611,574 = 509,147 ≤ 600,000: run2, used more recently, stays.
	expect(planBuildCachePrune(usage, {keepBytes: 600_000, unusedFor: null}, now)).toEqual({before: 1_128_913, after: 509_147, frees: 619_766, entries: 2});
	// Used in the last 24 hours: run2 stays whatever the cap.
	expect(planBuildCachePrune(usage, {keepBytes: 0, unusedFor: 86_400}, now)).toMatchObject({after: 509_147, entries: 2});
	expect(planBuildCachePrune(usage, {keepBytes: 2_000_000, unusedFor: null}, now)).toMatchObject({frees: 0, entries: 0});
});

test('the plan text says what the cache holds, what goes, and when the cap cannot hold', () => {
	const usage = readBuildCache(rows)!;
	const prune = {keepBytes: 50_000, unusedFor: 86_400};
	expect(buildCachePlanLines(usage, prune, planBuildCachePrune(usage, prune, now))).toEqual([
		'build cache: 1.13MB in 4 entries held alone, 1.03MB of it not in use; 1.07MB more is shared with images and stays while they do',
		'prune (keeping at most 50kB, sparing entries used in the last 1d): frees about 620kB in 2 entries, leaving about 509kB',
		'the cap cannot hold: 509kB is in use or used too recently',
	]);
	const empty = readBuildCache([])!;
	expect(buildCachePlanLines(empty, wholeCachePrune, planBuildCachePrune(empty, wholeCachePrune, now))[1]).toBe('prune: nothing to free');
});

test("after a prune: the engine's count and SpaceReclaimed, and the measured drop when both figures are known", () => {
	const after = readBuildCache([rows[4]!]);
	expect(buildCachePrunedText({cachesDeleted: 4, spaceReclaimed: 2_098_252}, 1_128_913, after)).toBe(
		'removed 4 build cache entries; build cache took 1.13MB, now 100kB: 1.03MB freed (the engine reports 2.1MB reclaimed)',
	);
	expect(buildCachePrunedText({cachesDeleted: 1, spaceReclaimed: 10}, null, null)).toBe('removed 1 build cache entry; the engine reports 10B reclaimed');
});

test('a prune needs API 1.39 (keep-storage), and says so below it', () => {
	expect(buildCachePruneRefusal('1.45')).toBeNull();
	expect(buildCachePruneRefusal('1.39')).toBeNull();
	expect(buildCachePruneRefusal('1.38')).toBe('this engine speaks API 1.38; dockswab prunes the build cache on API 1.39 (Docker 18.09) or newer, which added keep-storage');
});

test('--budget counts images and the cache together: the cache is pruned first, down to what the images leave', () => {
	const usage = readBuildCache(rows)!;
	// Images 2MB, cache 1.13MB, budget 3MB: the cache may keep 1MB; pruning the oldest entries leaves 509kB.
	const tight = budgetCache(3_000_000, 2_000_000, usage, now);
	expect(tight.prune).toEqual({keepBytes: 1_000_000, unusedFor: null});
	expect(tight.plan).toMatchObject({after: 509_147});
	expect(tight.imagesBudget).toBe(3_000_000 - 509_147);
	expect(budgetCacheLine(tight)).toBe('prune    build cache (keeping at most 1MB): frees about 620kB, leaving about 509kB');
	// Everything fits: nothing is pruned, and the images get what the cache does not take.
	const roomy = budgetCache(5_000_000, 2_000_000, usage, now);
	expect(roomy).toMatchObject({prune: null, plan: null, imagesBudget: 5_000_000 - 1_128_913});
	expect(budgetCacheLine(roomy)).toBeNull();
	// The images alone exceed the budget: the cache goes down to what is in use, the images take the rest.
	const over = budgetCache(1_000_000, 2_000_000, usage, now);
	expect(over.prune?.keepBytes).toBe(0);
	expect(over.imagesBudget).toBe(1_000_000 - 100_000);
	// No cache reported: the budget is the images'.
	expect(budgetCache(1_000_000, 2_000_000, null, now)).toEqual({usage: null, prune: null, plan: null, imagesBudget: 1_000_000});
});

test('the budget line names the cache when it is counted, and says so when the engine reported none', () => {
	const usage = readBuildCache(rows)!;
	const cache = budgetCache(3_000_000, 2_000_000, usage, now);
	expect(budgetLine({before: 2_000_000, after: 2_000_000, holds: true}, 3_000_000, cache)).toBe('images and build cache take 3.13MB now, about 2.51MB after this plan (budget 3MB)');
	expect(budgetLine({before: 2_000_000, after: 900_000, holds: true}, 1_000_000, budgetCache(1_000_000, 2_000_000, null, now))).toBe(
		'images take 2MB now, 900kB after this plan (budget 1MB); the engine reported no build cache, so none is counted',
	);
	expect(budgetLine({before: 2_000_000, after: 900_000, holds: true}, 1_000_000)).toBe('images take 2MB now, 900kB after this plan (budget 1MB)');
});

test("Podman's empty BuildCache list is taken as none reported (it keeps no BuildKit cache; /build/prune is 404 there), in the UI's state too", () => {
	const empty = readBuildCache([]);
	expect(reportedBuildCache(empty, 'Podman Engine')).toBeNull();
	expect(reportedBuildCache(empty, 'Docker')).toBe(empty);
	expect(reportedBuildCache(empty, undefined)).toBe(empty);
	const podman = [
		{type: 'connected', host: 'unix:///p.sock', engineVersion: '4.3.1', apiVersion: '1.41', product: 'Podman Engine', images: [], containers: []},
		{type: 'disk', disk: {imagesBytes: 1, reclaimableBytes: 0, containersBytes: 0, uniqueSizes: new Map(), buildCache: empty}},
	] as const;
	const state = podman.reduce((current, action) => reducer(current, action), initialState({host: 'unix:///p.sock', columns: 100, rows: 30, now}));
	expect(state.disk?.buildCache).toBeNull();
});
