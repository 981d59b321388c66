// One row per repository:tag, as `docker images` lists them.
import {shortId} from './format';
import {usageOf, type UsageIndex} from './usage';
import type {ImageInfo} from './types';
import {compareText, compareNatural} from './compare';

export type ImageRow = {
	/** Stable across re-lists: the image ID plus the reference the row stands for. */
	readonly key: string;
	readonly image: ImageInfo;
	readonly repository: string;
	readonly tag: string;
	/** `repository:tag`, or the short ID for dangling and intermediate images. */
	readonly reference: string;
	readonly dangling: boolean;
	readonly intermediate: boolean;
};

export type ImageSort = 'created' | 'size' | 'name';
export const imageSorts: readonly ImageSort[] = ['created', 'size', 'name'];

export function splitRepoTag(repoTag: string): {repository: string; tag: string} {
	const at = repoTag.lastIndexOf('@');
	if (at > 0) return {repository: repoTag.slice(0, at), tag: '<none>'};
	const colon = repoTag.lastIndexOf(':');
	// A colon before the last slash belongs to a registry port, not a tag.
	if (colon > repoTag.lastIndexOf('/')) return {repository: repoTag.slice(0, colon), tag: repoTag.slice(colon + 1)};
	return {repository: repoTag, tag: 'latest'};
}

export function realTags(image: ImageInfo): string[] {
	return image.repoTags.filter(tag => tag !== '<none>:<none>');
}

/**
 * Expands images into rows. Untagged images with children are intermediate layers of a build:
 * hidden unless `showAll`, like `docker images` without `-a`.
 */
export function buildImageRows(images: readonly ImageInfo[], usage: UsageIndex, showAll: boolean): ImageRow[] {
	const rows: ImageRow[] = [];
	for (const image of images) {
		const tags = realTags(image);
		if (tags.length === 0) {
			const intermediate = usageOf(usage, image.id).children.length > 0;
			if (intermediate && !showAll) continue;
			const digestRepo = image.repoDigests[0] ? splitRepoTag(image.repoDigests[0]).repository : '<none>';
			rows.push({
				key: `${image.id}|`,
				image,
				repository: digestRepo,
				tag: '<none>',
				reference: shortId(image.id),
				dangling: !intermediate,
				intermediate,
			});
			continue;
		}
		for (const repoTag of tags) {
			const {repository, tag} = splitRepoTag(repoTag);
			rows.push({key: `${image.id}|${repoTag}`, image, repository, tag, reference: repoTag, dangling: false, intermediate: false});
		}
	}
	return rows;
}

function compareNames(a: ImageRow, b: ImageRow): number {
	return compareText(a.repository, b.repository) || compareNatural(a.tag, b.tag) || compareText(a.key, b.key);
}

/** Sorts a copy; ties fall back to name then key so the order is stable across re-lists. */
export function sortImageRows(rows: readonly ImageRow[], sort: ImageSort): ImageRow[] {
	const sorted = [...rows];
	if (sort === 'name') return sorted.sort(compareNames);
	if (sort === 'size') return sorted.sort((a, b) => b.image.size - a.image.size || compareNames(a, b));
	return sorted.sort((a, b) => b.image.created - a.image.created || compareNames(a, b));
}

/**
 * The prefixes an engine adds to a short name: Podman stores `demo/app` as `localhost/demo/app`
 * and a pulled `alpine` as `docker.io/library/alpine`.
 */
const shortNamePrefixes = /^(?:localhost\/|docker\.io\/library\/|docker\.io\/)/;

/**
 * Case-insensitive substring match on repository:tag and the image ID; a leading `^` anchors the
 * match at the start of the name or of its short form (`^app:` leaves out `registry:5000/app:`
 * but finds Podman's `localhost/app:`).
 */
export function filterImageRows(rows: readonly ImageRow[], filter: string): ImageRow[] {
	const trimmed = filter.trim().toLowerCase();
	const anchored = trimmed.startsWith('^');
	const needle = anchored ? trimmed.slice(1) : trimmed;
	if (!needle) return [...rows];
	return rows.filter(row => {
		const name = `${row.repository}:${row.tag}`.toLowerCase();
		const matches = anchored ? name.startsWith(needle) || name.replace(shortNamePrefixes, '').startsWith(needle) : name.includes(needle);
		return matches || row.image.id.startsWith(needle);
	});
}
