// The engine's BuildKit build cache: read from `/system/df`, pruned with `POST /build/prune`.
// dockerode's pruneBuilder sends no query at all (no keep-storage, no filters), so the prune goes
// through the modem.
import type Docker from 'dockerode';
import {buildCacheUsage, type BuildCachePrune, type BuildCachePruned, type BuildCacheUsage} from '../domain/build-cache';
import {compareApiVersions} from './version';

/** One row of `/system/df` BuildCache, as engines send it (every field may be missing). */
export type BuildCacheRow = {ID?: string; Size?: number; InUse?: boolean; Shared?: boolean; LastUsedAt?: string | null};

/**
 * Null when the engine sent no list (absent, or null as engines without BuildKit send): then
 * nothing is known about a cache, which is not the same as an empty one.
 */
export function readBuildCache(rows: readonly BuildCacheRow[] | null | undefined): BuildCacheUsage | null {
	if (!Array.isArray(rows)) return null;
	return buildCacheUsage(
		rows.map(row => {
			const lastUsed = row.LastUsedAt ? Date.parse(row.LastUsedAt) : NaN;
			return {
				id: row.ID ?? '',
				bytes: typeof row.Size === 'number' && row.Size > 0 ? row.Size : 0,
				inUse: row.InUse === true,
				shared: row.Shared === true,
				lastUsed: Number.isNaN(lastUsed) ? null : lastUsed,
			};
		}),
	);
}

/** The API version that first takes `keep-storage` on a build cache prune. */
export const buildCachePruneApi = '1.39';

/** Why dockswab does not prune this engine's cache (one prune for every engine: the cap may be asked), or null. */
export function buildCachePruneRefusal(apiVersion: string): string | null {
	if (compareApiVersions(apiVersion, buildCachePruneApi) >= 0) return null;
	return `this engine speaks API ${apiVersion}; dockswab prunes the build cache on API ${buildCachePruneApi} (Docker 18.09) or newer, which added keep-storage`;
}

type PruneAnswer = {CachesDeleted?: readonly string[] | null; SpaceReclaimed?: number};

/** The API version a client was pinned to (`v1.45` → `1.45`), or null for an unversioned one. */
function clientApiVersion(docker: Docker): string | null {
	const version = (docker.modem as {version?: string}).version;
	return version ? version.replace(/^v/, '') : null;
}

export class BuildCacheError extends Error {}

/**
 * One prune pass, as `docker builder prune --all` with `--keep-storage` and `--filter until=`:
 * every entry not in use may go (entries shared with images free nothing while those stay).
 * A 404 is an engine without BuildKit's cache (Podman's compat API).
 */
export async function pruneBuildCachePass(docker: Docker, prune: BuildCachePrune): Promise<BuildCachePruned> {
	const version = clientApiVersion(docker);
	const refusal = version === null ? null : buildCachePruneRefusal(version);
	if (refusal) throw new BuildCacheError(refusal);
	const query: Record<string, string> = {all: '1'};
	if (prune.keepBytes !== null) query['keep-storage'] = String(prune.keepBytes);
	if (prune.unusedFor !== null) query.filters = JSON.stringify({until: [`${prune.unusedFor}s`]});
	const answer = await new Promise<PruneAnswer>((resolve, reject) => {
		docker.modem.dial(
			{
				path: '/build/prune?',
				method: 'POST',
				// An empty body object: docker-modem would otherwise send the query as a JSON body too.
				options: {_query: query, _body: {}},
				statusCodes: {200: true, 400: 'bad parameter', 404: 'not found', 500: 'server error'},
			},
			(error, data) => {
				if (!error) resolve((data ?? {}) as PruneAnswer);
				else if ((error as {statusCode?: number}).statusCode === 404) reject(new BuildCacheError('this engine has no BuildKit build cache to prune (POST /build/prune: 404)'));
				else reject(error instanceof Error ? error : new Error(String(error)));
			},
		);
	});
	return {cachesDeleted: answer.CachesDeleted?.length ?? 0, spaceReclaimed: typeof answer.SpaceReclaimed === 'number' ? answer.SpaceReclaimed : 0};
}

/** The cache as `/system/df` reports it now; null when the engine did not say. */
export async function readEngineBuildCache(docker: Docker): Promise<BuildCacheUsage | null> {
	const df = (await docker.df()) as {BuildCache?: readonly BuildCacheRow[] | null};
	return readBuildCache(df.BuildCache);
}

/**
 * Prunes until the cap holds or a pass removes nothing. BuildKit subtracts the sizes of entries
 * shared with images from its running total, which frees nothing on disk: one pass can stop
 * with the cache still above the cap (seen on Docker 26.1). SpaceReclaimed is the engine's sum
 * over the passes, shared entries included.
 */
export async function pruneBuildCache(docker: Docker, prune: BuildCachePrune): Promise<BuildCachePruned> {
	let total = {cachesDeleted: 0, spaceReclaimed: 0};
	for (;;) {
		const pass = await pruneBuildCachePass(docker, prune);
		total = {cachesDeleted: total.cachesDeleted + pass.cachesDeleted, spaceReclaimed: total.spaceReclaimed + pass.spaceReclaimed};
		if (pass.cachesDeleted === 0 || prune.keepBytes === null) return total;
		const now = await readEngineBuildCache(docker);
		if (!now || now.bytes <= prune.keepBytes) return total;
	}
}
