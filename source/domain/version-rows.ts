// The versions view: images grouped by repository, versions newest first, with the floating tags
// that point at each version and the containers that run it.
import {buildUsageIndex, usageOf} from './usage';
import {groupByRepository, isFloatingTag, sortTagsNewestFirst} from './versions';
import type {ContainerInfo, ImageInfo} from './types';
import {compareText} from './compare';

export type VersionRow =
	| {readonly kind: 'repository'; readonly repository: string; readonly versions: number}
	| {
			readonly kind: 'version';
			readonly repository: string;
			readonly tag: string;
			readonly imageId: string;
			readonly floating: readonly string[];
			readonly running: readonly string[];
			readonly stopped: readonly string[];
	  };

export function buildVersionRows(images: readonly ImageInfo[], containers: readonly ContainerInfo[]): VersionRow[] {
	const usage = buildUsageIndex(images, containers);
	const rows: VersionRow[] = [];
	const groups = [...groupByRepository(images)].sort(([a], [b]) => compareText(a, b));
	for (const [repository, entries] of groups) {
		const versions = sortTagsNewestFirst(entries.filter(entry => !isFloatingTag(entry.tag)));
		const floating = entries.filter(entry => isFloatingTag(entry.tag));
		rows.push({kind: 'repository', repository, versions: versions.length});
		// A floating tag on an image with no version tag still gets a row, so it is never hidden.
		const orphans = floating.filter(entry => !versions.some(version => version.imageId === entry.imageId));
		for (const entry of [...versions, ...orphans]) {
			const used = usageOf(usage, entry.imageId);
			rows.push({
				kind: 'version',
				repository,
				tag: entry.tag,
				imageId: entry.imageId,
				floating: isFloatingTag(entry.tag) ? [] : floating.filter(tag => tag.imageId === entry.imageId).map(tag => tag.tag),
				running: used.running.map(container => container.name).sort(),
				stopped: used.stopped.map(container => container.name).sort(),
			});
		}
	}
	return rows;
}
