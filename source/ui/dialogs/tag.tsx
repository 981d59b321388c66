import {Text} from '../components/text';
import {retagIntoNamespace, tagSuggestions, type RepositoryGroups} from '../../domain/tagging';
import {fieldTail} from '../../state/flows/text-field';
import {singleCheck} from '../../state/flows/tag';
import {selectRepositories} from '../../state/selectors';
import type {TagDialog} from '../../state/flows/tag-types';
import {Buttons, DialogFrame} from '../components/dialog-frame';
import {useApp, useStoreState} from '../store-context';
import type {PlanLine} from '../../view/plan-text';
import {ResultsFrame} from './results-frame';

function singleLines(dialog: TagDialog, groups: RepositoryGroups, width: number): PlanLine[] {
	const check = singleCheck(dialog, groups);
	const field = (name: TagDialog['field']) => `${fieldTail(dialog[name], width - 14)}${dialog.field === name && dialog.phase === 'edit' ? '█' : ''}`;
	const suggestions = dialog.repository ? tagSuggestions(groups, dialog.repository.trim()) : [];
	const lines: PlanLine[] = [
		{text: `source      ${dialog.sources[0]!.reference}`, tone: 'muted'},
		{text: `repository  ${field('repository')}`, tone: dialog.field === 'repository' ? 'plain' : 'muted'},
		{text: `tag         ${field('tag')}`, tone: dialog.field === 'tag' ? 'plain' : 'muted'},
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

function severalLines(dialog: TagDialog, width: number): PlanLine[] {
	const previews = retagIntoNamespace(dialog.sources, dialog.namespace);
	return [
		{text: `namespace   ${fieldTail(dialog.namespace, width - 14)}█   (registry host[:port] and path, e.g. 127.0.0.1:5000/team)`, tone: 'plain'},
		{text: ' ', tone: 'plain'},
		...previews.map(preview => ({
			text: `${preview.source} → ${preview.error ? `✗ ${preview.error}` : preview.target}`,
			tone: preview.error ? ('danger' as const) : ('ok' as const),
		})),
	];
}

export function TagFlow({dialog, height, width}: {readonly dialog: TagDialog; readonly height: number; readonly width: number}) {
	const {theme} = useApp();
	const groups = useStoreState(state => selectRepositories(state.images));
	const single = dialog.sources.length === 1;
	const title = single ? `Tag ${dialog.sources[0]!.reference}` : `Tag ${dialog.sources.length} images into a namespace`;
	if (dialog.phase === 'done') return <ResultsFrame title={title} results={dialog.results} height={height} />;
	const footer =
		dialog.phase === 'confirm' ? (
			<>
				<Text color={theme.warn}>This changes where an existing tag points.</Text>
				<Text> </Text>
				<Buttons focus={dialog.focus} confirmLabel="Apply" />
			</>
		) : dialog.phase === 'running' ? (
			<Text>tagging…</Text>
		) : (
			<>
				{dialog.error ? (
					<Text color={theme.danger} wrap="truncate">
						{dialog.error}
					</Text>
				) : (
					<Text> </Text>
				)}
				<Text color={theme.muted}>{single ? 'Tab switch field · ↑/↓ suggestions · Ctrl-U clear · Enter tag · Esc cancel' : 'Ctrl-U clear · Enter tag all · Esc cancel'}</Text>
			</>
		);
	return <DialogFrame title={title} height={height} lines={single ? singleLines(dialog, groups, width - 4) : severalLines(dialog, width - 4)} scroll={0} footer={footer} />;
}
