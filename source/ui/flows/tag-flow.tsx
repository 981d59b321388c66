import {Text, type Key} from 'ink';
import {splitRepoTag} from '../../domain/image-rows';
import {checkTag, retagIntoNamespace, tagSuggestions, type RepositoryGroups, type TagCheck} from '../../domain/tagging';
import {selectRepositories} from '../../state/selectors';
import type {Store} from '../../state/store';
import type {TagDialog, TagSource} from '../../state/types';
import type {Actions} from '../../services/actions';
import {DialogFrame} from '../components/dialog-frame';
import {useApp, useStoreState} from '../store-context';
import type {PlanLine} from '../../domain/plan-text';
import {resultLines, resultSummary} from './results-lines';

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
		error: null,
		results: [],
	};
}

export function singleCheck(dialog: TagDialog, groups: RepositoryGroups): TagCheck {
	return checkTag(groups, dialog.repository, dialog.tag, dialog.sources[0]!.imageId);
}

function singleLines(dialog: TagDialog, groups: RepositoryGroups): PlanLine[] {
	const check = singleCheck(dialog, groups);
	const cursor = (field: TagDialog['field']) => (dialog.field === field && dialog.phase === 'edit' ? '█' : '');
	const suggestions = dialog.repository ? tagSuggestions(groups, dialog.repository.trim()) : [];
	const lines: PlanLine[] = [
		{text: `source      ${dialog.sources[0]!.reference}`, tone: 'muted'},
		{text: `repository  ${dialog.repository}${cursor('repository')}`, tone: dialog.field === 'repository' ? 'plain' : 'muted'},
		{text: `tag         ${dialog.tag}${cursor('tag')}`, tone: dialog.field === 'tag' ? 'plain' : 'muted'},
		{text: ' ', tone: 'plain'},
		{
			text: suggestions.length > 0 ? `suggestions (↑/↓): ${suggestions.map((s, i) => `${i === dialog.suggestion ? '›' : ''}${s.tag} ${s.label}`).join(' · ')}` : 'suggestions: type a repository first',
			tone: 'muted',
		},
	];
	if (!check.ok) lines.push({text: `✗ ${check.reason}`, tone: 'danger'});
	else {
		lines.push({text: `→ ${check.reference}`, tone: 'ok'});
		if (check.change.kind === 'move') lines.push({text: `moves ${dialog.tag}: ${check.change.fromLabel} → ${check.change.toLabel}`, tone: 'warn'});
		if (check.change.kind === 'unchanged') lines.push({text: `${check.reference} already points at this image`, tone: 'muted'});
		if (check.warning) lines.push({text: `⚠ ${check.warning}`, tone: 'warn'});
	}
	return lines;
}

function severalLines(dialog: TagDialog): PlanLine[] {
	const previews = retagIntoNamespace(dialog.sources, dialog.namespace);
	return [
		{text: `namespace   ${dialog.namespace}█   (registry host[:port] and path, e.g. 127.0.0.1:5000/team)`, tone: 'plain'},
		{text: ' ', tone: 'plain'},
		...previews.map(preview => ({
			text: `${preview.source} → ${preview.error ? `✗ ${preview.error}` : preview.target}`,
			tone: preview.error ? ('danger' as const) : ('ok' as const),
		})),
	];
}

export function TagFlow({dialog, height}: {readonly dialog: TagDialog; readonly height: number}) {
	const {theme} = useApp();
	const groups = useStoreState(state => selectRepositories(state.images));
	const single = dialog.sources.length === 1;
	const title = single ? `Tag ${dialog.sources[0]!.reference}` : `Tag ${dialog.sources.length} images into a namespace`;
	if (dialog.phase === 'done')
		return <DialogFrame title={`${title}: ${resultSummary(dialog.results)}`} height={height} lines={resultLines(dialog.results)} scroll={0} footer={<Text color={theme.muted}>Enter/Esc close</Text>} />;
	const footer =
		dialog.phase === 'confirm' ? (
			<Text color={theme.warn}>y/Enter apply this change · n/Esc back</Text>
		) : dialog.phase === 'running' ? (
			<Text>tagging…</Text>
		) : (
			<>
				{dialog.error ? <Text color={theme.danger}>{dialog.error}</Text> : <Text> </Text>}
				<Text color={theme.muted}>{single ? 'Tab switch field · ↑/↓ suggestions · Ctrl-U clear · Enter tag · Esc cancel' : 'Ctrl-U clear · Enter tag all · Esc cancel'}</Text>
			</>
		);
	return <DialogFrame title={title} height={height} lines={single ? singleLines(dialog, groups) : severalLines(dialog)} scroll={0} footer={footer} />;
}

export function handleTagKey(input: string, key: Key, dialog: TagDialog, store: Store, actions: Actions): void {
	const update = (patch: Partial<TagDialog>) => store.dispatch({type: 'dialog-update', kind: 'tag', patch});
	const single = dialog.sources.length === 1;
	if (dialog.phase === 'running') return;
	if (dialog.phase === 'done') {
		if (key.return || key.escape || input === 'q') store.dispatch({type: 'dialog-close'});
		return;
	}
	if (dialog.phase === 'confirm') {
		if (input === 'y' || key.return) actions.runTag(dialog);
		else if (input === 'n' || key.escape) update({phase: 'edit'});
		return;
	}
	if (key.escape) return store.dispatch({type: 'dialog-close'});
	const field: 'repository' | 'tag' | 'namespace' = single ? dialog.field : 'namespace';
	const value = dialog[field];
	if (key.tab && single) return update({field: dialog.field === 'repository' ? 'tag' : 'repository', error: null});
	if ((key.upArrow || key.downArrow) && single) {
		const suggestions = tagSuggestions(selectRepositories(store.getState().images), dialog.repository.trim());
		if (suggestions.length === 0) return;
		const next = (dialog.suggestion + (key.downArrow ? 1 : -1) + suggestions.length) % suggestions.length;
		return update({suggestion: next, tag: suggestions[next]!.tag, field: 'tag', error: null});
	}
	if (key.ctrl && input === 'u') return update({[field]: '', error: null});
	if (key.backspace || key.delete) return update({[field]: value.slice(0, -1), error: null});
	if (key.return) {
		if (single) {
			const check = singleCheck(dialog, selectRepositories(store.getState().images));
			if (!check.ok) return update({error: `Cannot tag: ${check.reason}. Nothing was changed.`});
			if (check.change.kind === 'unchanged') return update({error: `${check.reference} already points at this image. Nothing to do.`});
			if (check.change.kind === 'move' || check.warning) return update({phase: 'confirm', error: null});
			return actions.runTag(dialog);
		}
		const previews = retagIntoNamespace(dialog.sources, dialog.namespace);
		const bad = previews.find(preview => preview.error);
		if (!dialog.namespace.trim()) return update({error: 'Type a namespace first. Nothing was changed.'});
		if (bad) return update({error: `Cannot tag ${bad.source}: ${bad.error}. Nothing was changed.`});
		return actions.runTag(dialog);
	}
	if (input && !key.ctrl && !key.meta && input >= ' ') update({[field]: value + input, error: null, suggestion: field === 'tag' ? -1 : dialog.suggestion});
}
