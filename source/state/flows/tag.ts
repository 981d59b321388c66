// Tag one image (repository and tag fields, semver suggestions) or several into a namespace. Pure.
import {splitRepoTag} from '../../domain/image-rows';
import {checkTag, retagIntoNamespace, tagSuggestions, type RepositoryGroups, type TagCheck, type TagSource} from '../../domain/tagging';
import type {TagDialog, TagReport} from './tag-types';
import {selectRepositories} from '../selectors';
import {decideConfirm, otherFocus} from './confirm';
import {means} from './intent';
import {stay, type Effect, type FlowEvent, type FlowResult, type DialogFlow} from './flow';
import {reduceTextField, textFieldEvent} from './text-field';

/** The tagging the dialog shows: its sources, under the names typed. */
const runTag = (dialog: TagDialog): Effect => ({type: 'run-tag', sources: dialog.sources, target: {repository: dialog.repository, tag: dialog.tag, namespace: dialog.namespace}});

/** A tag dialog for one image (prefilled with its repository and the next patch version) or several. */
export function tagDialog(sources: readonly TagSource[], groups: RepositoryGroups): TagDialog {
	const first = sources[0]!;
	const repository = sources.length === 1 && first.reference.includes(':') ? splitRepoTag(first.reference).repository : '';
	const suggestions = repository ? tagSuggestions(groups, repository) : [];
	return {
		kind: 'tag',
		sources,
		repository,
		tag: suggestions[0]?.tag ?? '',
		namespace: '',
		field: repository ? 'tag' : 'repository',
		suggestion: suggestions.length > 0 ? 0 : -1,
		phase: 'edit',
		focus: 'cancel',
		error: null,
		results: [],
	};
}

export function singleCheck(dialog: TagDialog, groups: RepositoryGroups): TagCheck {
	return checkTag(groups, dialog.repository, dialog.tag, dialog.sources[0]!.imageId);
}

/** Enter in the fields: a plain new tag runs at once; moving a tag or `latest` asks first. */
function apply(dialog: TagDialog, groups: RepositoryGroups): FlowResult<TagDialog> {
	const update = (patch: Partial<TagDialog>) => stay({...dialog, ...patch});
	if (dialog.sources.length === 1) {
		const check = singleCheck(dialog, groups);
		if (!check.ok) return update({error: `Cannot tag: ${check.reason}. Nothing was changed.`});
		if (check.change.kind === 'unchanged') return update({error: `${check.reference} already points at this image. Nothing to do.`});
		if (check.change.kind === 'move' || check.warning) return update({phase: 'confirm', focus: 'cancel', error: null});
		return stay({...dialog, phase: 'running'}, runTag(dialog));
	}
	if (!dialog.namespace.trim()) return update({error: 'Type a namespace first. Nothing was changed.'});
	const bad = retagIntoNamespace(dialog.sources, dialog.namespace).find(preview => preview.error);
	if (bad) return update({error: `Cannot tag ${bad.source}: ${bad.error}. Nothing was changed.`});
	return stay({...dialog, phase: 'running'}, runTag(dialog));
}

function reduceTag(dialog: TagDialog, event: FlowEvent, groups: RepositoryGroups): FlowResult<TagDialog> {
	const update = (patch: Partial<TagDialog>) => stay({...dialog, ...patch});
	const single = dialog.sources.length === 1;
	if (dialog.phase === 'running') return stay(dialog);
	if (event.type === 'key' && dialog.phase === 'done') return means(event, 'submit', 'back', 'close') ? stay(null) : stay(dialog);
	if (dialog.phase === 'confirm') {
		if (event.type === 'paste') return stay(dialog);
		const decision = decideConfirm(dialog.focus, event);
		if (decision === 'cancel') return update({phase: 'edit'});
		if (decision === 'switch') return update({focus: otherFocus(dialog.focus)});
		return decision === 'confirm' ? stay({...dialog, phase: 'running'}, runTag(dialog)) : stay(dialog);
	}
	if (dialog.phase !== 'edit') return stay(dialog);
	if (event.type === 'key') {
		if (means(event, 'back')) return stay(null);
		if (means(event, 'next-field', 'previous-field') && single) return update({field: dialog.field === 'repository' ? 'tag' : 'repository', error: null});
		if (means(event, 'next-choice', 'previous-choice') && single) {
			const suggestions = tagSuggestions(groups, dialog.repository.trim());
			if (suggestions.length === 0) return stay(dialog);
			const next = (dialog.suggestion + (means(event, 'next-choice') ? 1 : -1) + suggestions.length) % suggestions.length;
			return update({suggestion: next, tag: suggestions[next]!.tag, field: 'tag', error: null});
		}
		if (means(event, 'submit')) return event.onScreen ? apply(dialog, groups) : stay(dialog);
	}
	const change = textFieldEvent(event);
	if (!change) return stay(dialog);
	const field = single ? dialog.field : 'namespace';
	const value = reduceTextField(dialog[field], change);
	if (value === dialog[field]) return stay(dialog);
	return update({[field]: value, error: null, suggestion: field === 'tag' ? -1 : dialog.suggestion});
}

/** What tagging did, reference by reference. */
const reportTag = (dialog: TagDialog, report: TagReport): TagDialog => ({...dialog, phase: 'done', results: report.results});

export const tagFlow = {reduce: (dialog, event, state) => reduceTag(dialog, event, selectRepositories(state.images)), report: reportTag} satisfies DialogFlow<TagDialog, TagReport>;
