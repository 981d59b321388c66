// Semantic-version tags: what comes next, which versions are newest, and which to keep.
import {inc, parse, rcompare, type SemVer} from 'semver';
import {realTags, splitRepoTag} from './image-rows';
import type {ImageInfo} from './types';
import {compareText} from './compare';

export type VersionTag = {version: SemVer; prefix: 'v' | ''};

export type VersionSuggestions = {
	patch: string;
	minor: string;
	major: string;
	/** The tag the suggestions count up from, or null when the repository has no semver tag. */
	basedOn: string | null;
};

export type VersionedImage = {tag: string; imageId: string; created: number};

export type KeepPlan = {keep: VersionedImage[]; remove: VersionedImage[]};

/** Tags that name a channel rather than a version; keep-newest leaves them alone. */
export const floatingTags: readonly string[] = ['latest', 'stable', 'edge', 'main', 'master', 'nightly'];

export function isFloatingTag(tag: string): boolean {
	return floatingTags.includes(tag);
}

/** Strict semver with at most one leading 'v': `1.4.2`, `v1.4.2`, `1.4.0-rc.1`; not `1.4` or `latest`. */
export function parseVersionTag(tag: string): VersionTag | null {
	const prefix = tag.startsWith('v') ? 'v' : '';
	const rest = tag.slice(prefix.length);
	// semver itself accepts a 'v' and surrounding spaces, which would let `vv1.0.0` or ` 1.0.0` through.
	if (!/^[0-9]/.test(rest) || /\s/.test(rest)) return null;
	const version = parse(rest);
	return version ? {version, prefix} : null;
}

function stripAlgorithm(imageId: string): string {
	return imageId.startsWith('sha256:') ? imageId.slice('sha256:'.length) : imageId;
}

type RankedTag = {tag: string; version: VersionTag};

function versionTagsNewestFirst(tags: readonly string[]): RankedTag[] {
	const ranked: RankedTag[] = [];
	for (const tag of tags) {
		const version = parseVersionTag(tag);
		if (version) ranked.push({tag, version});
	}
	return ranked.sort((a, b) => rcompare(a.version.version, b.version.version) || compareText(a.tag, b.tag));
}

/** A list with a first element, as the compiler sees it once this says so. */
const hasOne = <T>(list: readonly T[]): list is readonly [T, ...T[]] => list.length > 0;

/** The prefix of the highest version; when it exists both with and without 'v', the majority of version tags decides. */
function suggestionPrefix(ranked: readonly [RankedTag, ...RankedTag[]]): 'v' | '' {
	const highest = ranked[0].version.version;
	const highestPrefixes = new Set(ranked.filter(entry => entry.version.version.compare(highest) === 0).map(entry => entry.version.prefix));
	if (highestPrefixes.size === 1) return ranked[0].version.prefix;
	const withV = ranked.filter(entry => entry.version.prefix === 'v').length;
	return withV > ranked.length - withV ? 'v' : '';
}

function nextVersion(version: SemVer, release: 'patch' | 'minor' | 'major' | 'prerelease'): string {
	return inc(version.version, release) ?? version.version;
}

/**
 * Next versions after the highest semver tag (semver order, so 1.10.0 beats 1.9.0), in the
 * prefix style the repository already uses.
 *
 * After a release X.Y.Z: patch X.Y.(Z+1), minor X.(Y+1).0, major (X+1).0.0.
 * After a prerelease such as 1.4.0-rc.1 the three choices are the useful ones instead of the
 * literal ones: patch is the next prerelease (1.4.0-rc.2), minor is the release itself (1.4.0),
 * major is the next major (2.0.0).
 * Without any semver tag: 0.1.0 for patch and minor, since a first version is never a patch, and
 * 1.0.0 for major.
 */
export function suggestNextVersions(tags: readonly string[]): VersionSuggestions {
	const ranked = versionTagsNewestFirst(tags);
	if (!hasOne(ranked)) return {patch: '0.1.0', minor: '0.1.0', major: '1.0.0', basedOn: null};
	const highest = ranked[0].version.version;
	const prefix = suggestionPrefix(ranked);
	const release = `${highest.major}.${highest.minor}.${highest.patch}`;
	const nextMajor = `${highest.major + 1}.0.0`;
	if (highest.prerelease.length > 0) {
		return {patch: prefix + nextVersion(highest, 'prerelease'), minor: prefix + release, major: prefix + nextMajor, basedOn: ranked[0].tag};
	}
	return {
		patch: prefix + nextVersion(highest, 'patch'),
		minor: prefix + nextVersion(highest, 'minor'),
		major: prefix + nextMajor,
		basedOn: ranked[0].tag,
	};
}

/** Semver tags in descending semver order, then the other tags newest image first; ties by tag name. */
export function sortTagsNewestFirst(entries: readonly VersionedImage[]): VersionedImage[] {
	const versioned: {entry: VersionedImage; version: SemVer}[] = [];
	const others: VersionedImage[] = [];
	for (const entry of entries) {
		const parsed = parseVersionTag(entry.tag);
		if (parsed) versioned.push({entry, version: parsed.version});
		else others.push(entry);
	}
	versioned.sort((a, b) => rcompare(a.version, b.version) || compareText(a.entry.tag, b.entry.tag));
	others.sort((a, b) => b.created - a.created || compareText(a.tag, b.tag));
	return [...versioned.map(({entry}) => entry), ...others];
}

/**
 * Keep-newest for the tags of one repository: the `keep` highest semver tags stay. A version rule
 * keeps its hands off every other tag (`latest`, `dev`, `feature-x`): they always stay and do not
 * count towards `keep`, since nothing says how they rank against versions.
 *
 * The plan is per tag, not per image: an image kept through one tag still appears in `remove`
 * for its other tags (and another tag may keep a removed version's image alive), so the
 * caller decides between untagging and deleting.
 *
 * `keep` lists the kept versions newest first, then the other tags as given; `remove` is newest first.
 */
export function planKeepNewest(entries: readonly VersionedImage[], keep: number): KeepPlan {
	const keepCount = keep > 0 ? Math.floor(keep) : 0;
	const versions = sortTagsNewestFirst(entries.filter(entry => parseVersionTag(entry.tag)));
	const others = entries.filter(entry => !parseVersionTag(entry.tag));
	return {keep: [...versions.slice(0, keepCount), ...others], remove: versions.slice(keepCount)};
}

/** Tags per repository, with the registry port left in the repository; untagged images are skipped. */
export function groupByRepository(images: readonly ImageInfo[]): Map<string, VersionedImage[]> {
	const byRepository = new Map<string, VersionedImage[]>();
	for (const image of images) {
		for (const repoTag of realTags(image)) {
			const {repository, tag} = splitRepoTag(repoTag);
			if (repository === '<none>' || tag === '<none>') continue;
			const entries = byRepository.get(repository) ?? [];
			entries.push({tag, imageId: image.id, created: image.created});
			byRepository.set(repository, entries);
		}
	}
	return byRepository;
}

/** An image as its newest version tag names it, with its short ID: `1.3.0 (ac9099b48283)`; the short ID alone without one. */
function imageName(repositoryTags: readonly VersionedImage[], imageId: string): string {
	const id = stripAlgorithm(imageId);
	const sameImage = repositoryTags.filter(entry => !isFloatingTag(entry.tag) && stripAlgorithm(entry.imageId) === id);
	const namedBy = sortTagsNewestFirst(sameImage)[0];
	return namedBy ? `${namedBy.tag} (${id.slice(0, 12)})` : id.slice(0, 12);
}

/**
 * The warning for tagging an image `latest`: the tag says nothing about which version runs, and
 * moving it silently changes what a later `docker run repo` starts. It names the version `latest`
 * will stand for, or the one it stands for now when it moves. Null only when `latest` already
 * points at the target, since then nothing changes.
 */
export function latestWarning(repositoryTags: readonly VersionedImage[], targetImageId: string): string | null {
	const latest = repositoryTags.find(entry => entry.tag === 'latest');
	if (!latest) return `latest will stand for ${imageName(repositoryTags, targetImageId)} and hide which version runs; prefer a version tag`;
	if (stripAlgorithm(latest.imageId) === stripAlgorithm(targetImageId)) return null;
	return `latest now points at ${imageName(repositoryTags, latest.imageId)}; moving it hides which version runs`;
}
