// What a tag operation proposes and what it changes. Pure; the grammar lives in reference.ts,
// version arithmetic in versions.ts.
import {shortId} from './format';
import {parseReference, validateTagTarget} from './reference';
import {isFloatingTag, latestWarning, sortTagsNewestFirst, suggestNextVersions, type VersionedImage} from './versions';

/** Tags per repository, as groupByRepository gives them; callers keep one per image list. */
export type RepositoryGroups = ReadonlyMap<string, readonly VersionedImage[]>;

/** An image to tag, by ID, and the reference it was chosen under (the dialog's label for it). */
export type TagSource = {readonly imageId: string; readonly reference: string};

/** What the sources are tagged as: one image gets `repository`:`tag`; several keep their tags under `namespace`. */
export type TagTarget = {readonly repository: string; readonly tag: string; readonly namespace: string};

export type TagSuggestion = {readonly label: string; readonly tag: string};

/** Next patch, minor and major after the highest version, then the floating tags the repository already uses. */
export function tagSuggestions(groups: RepositoryGroups, repository: string): TagSuggestion[] {
	const entries = groups.get(repository) ?? [];
	const next = suggestNextVersions(entries.map(entry => entry.tag));
	const floating = [...new Set(entries.filter(entry => isFloatingTag(entry.tag)).map(entry => entry.tag))];
	return [{label: 'patch', tag: next.patch}, {label: 'minor', tag: next.minor}, {label: 'major', tag: next.major}, ...floating.map(tag => ({label: 'move', tag}))];
}

export type TagChange =
	| {readonly kind: 'new'}
	| {readonly kind: 'unchanged'}
	/** The tag exists and points elsewhere: tagging moves it (a rollout or a rollback). */
	| {readonly kind: 'move'; readonly fromImageId: string; readonly fromLabel: string; readonly toLabel: string};

function versionName(entries: readonly VersionedImage[], imageId: string): string {
	const named = sortTagsNewestFirst(entries.filter(entry => entry.imageId === imageId && !isFloatingTag(entry.tag)))[0];
	return named ? `${named.tag} (${shortId(imageId)})` : shortId(imageId);
}

export function tagChange(groups: RepositoryGroups, repository: string, tag: string, imageId: string): TagChange {
	const entries = groups.get(repository) ?? [];
	const existing = entries.find(entry => entry.tag === tag);
	if (!existing) return {kind: 'new'};
	if (existing.imageId === imageId) return {kind: 'unchanged'};
	return {kind: 'move', fromImageId: existing.imageId, fromLabel: versionName(entries, existing.imageId), toLabel: versionName(entries, imageId)};
}

export type TagCheck = {readonly ok: true; readonly reference: string; readonly change: TagChange; readonly warning: string | null} | {readonly ok: false; readonly reason: string};

/** Everything the tag dialog shows under its fields while the user types. */
export function checkTag(groups: RepositoryGroups, repository: string, tag: string, imageId: string): TagCheck {
	const valid = validateTagTarget(repository.trim(), tag.trim());
	if (!valid.ok) return valid;
	const change = tagChange(groups, repository.trim(), tag.trim(), imageId);
	const warning = tag.trim() === 'latest' ? latestWarning(groups.get(repository.trim()) ?? [], imageId) : null;
	return {ok: true, reference: valid.reference, change, warning};
}

export type RetagPreview = {readonly source: string; readonly imageId: string; readonly target: string; readonly error: string | null};

/**
 * Several images into another namespace, keeping repository names and tags:
 * `app:1.2.0` with namespace `127.0.0.1:5000/team` → `127.0.0.1:5000/team/app:1.2.0`.
 * A registry host already in the source name is replaced.
 */
export function retagIntoNamespace(sources: readonly {reference: string; imageId: string}[], namespace: string): RetagPreview[] {
	const prefix = namespace.trim().replace(/\/+$/, '');
	return sources.map(({reference, imageId}) => {
		const parsed = parseReference(reference);
		if (!parsed.ok) return {source: reference, imageId, target: '', error: parsed.reason};
		const tag = parsed.reference.tag ?? 'latest';
		const repository = prefix ? `${prefix}/${parsed.reference.path}` : parsed.reference.path;
		const check = validateTagTarget(repository, tag);
		return check.ok ? {source: reference, imageId, target: check.reference, error: null} : {source: reference, imageId, target: `${repository}:${tag}`, error: check.reason};
	});
}
