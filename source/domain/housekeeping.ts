// Bulk clean-ups expressed as removal targets, so they go through the same plan as marks do.
import {groupByRepository, planKeepNewest} from './versions';
import type {RemovalTarget} from './removal-plan';
import type {ImageInfo} from './types';

/** For each repository (or only those named), the references beyond the newest `keep` versions. */
export function planKeepNewestTargets(images: readonly ImageInfo[], keep: number, repositories?: ReadonlySet<string>): RemovalTarget[] {
	const targets: RemovalTarget[] = [];
	for (const [repository, entries] of groupByRepository(images)) {
		if (repositories && !repositories.has(repository)) continue;
		for (const entry of planKeepNewest(entries, keep).remove) targets.push({imageId: entry.imageId, reference: `${repository}:${entry.tag}`});
	}
	return targets;
}
