// Push, pull, build and the operations they become. Pure: the operation runner does the work.
import {parseReference} from '../../domain/reference';
import {tagSuggestions, type RepositoryGroups} from '../../domain/tagging';
import type {PushTarget} from '../../domain/push-target';
import type {BuildDialog, OperationDialog, OperationsDialog, PullDialog, PushConfirmDialog, QuitDialog, PullReport} from './transfers-types';
import {isActiveOperation} from '../selectors';
import {decideConfirm, otherFocus} from './confirm';
import {means} from './intent';
import {stay, type FlowEvent, type FlowResult, type DialogFlow} from './flow';
import {reduceTextField, textFieldEvent} from './text-field';

/** References without a registry host go to Docker Hub: a push of those asks first. */
export function hubReferences(targets: readonly PushTarget[]): string[] {
	return targets
		.filter(target => {
			const parsed = parseReference(target.reference);
			return parsed.ok && (parsed.reference.domain === null || parsed.reference.domain === 'docker.io');
		})
		.map(target => target.reference);
}

/** Pushing: straight to the runner, or first the Docker Hub question. */
export function startPush(targets: readonly PushTarget[]): FlowResult<PushConfirmDialog> {
	const hub = hubReferences(targets);
	if (hub.length > 0) return stay({kind: 'push-confirm', targets, hub, focus: 'cancel'});
	return stay(null, {type: 'push', targets});
}

function reducePushConfirm(dialog: PushConfirmDialog, event: FlowEvent): FlowResult<PushConfirmDialog> {
	if (event.type === 'paste') return stay(dialog);
	const decision = decideConfirm(dialog.focus, event);
	if (decision === 'cancel') return stay(null);
	if (decision === 'switch') return stay({...dialog, focus: otherFocus(dialog.focus)});
	return decision === 'confirm' ? stay(null, {type: 'push', targets: dialog.targets}) : stay(dialog);
}

export const operationDialog = (id: number): OperationDialog => ({kind: 'operation', id, confirmingCancel: false, focus: 'cancel', scroll: 0});

/** `active`: the operation still runs (or waits), so Esc asks whether to cancel it. */
export function reduceOperation(dialog: OperationDialog, event: FlowEvent, active: boolean): FlowResult<OperationDialog> {
	if (event.type === 'paste') return stay(dialog);
	if (dialog.confirmingCancel) {
		if (!active) return stay({...dialog, confirmingCancel: false});
		const decision = decideConfirm(dialog.focus, event);
		if (decision === 'cancel') return stay({...dialog, confirmingCancel: false});
		if (decision === 'switch') return stay({...dialog, focus: otherFocus(dialog.focus)});
		return decision === 'confirm' ? stay({...dialog, confirmingCancel: false}, {type: 'cancel-operation', id: dialog.id}) : stay(dialog);
	}
	if (means(event, 'down')) return stay({...dialog, scroll: dialog.scroll + 1});
	if (means(event, 'up')) return stay({...dialog, scroll: Math.max(0, dialog.scroll - 1)});
	// Enter leaves it: the operation goes on in the background (O lists it).
	if (means(event, 'submit', 'close')) return stay(null);
	if (means(event, 'back')) return active ? stay({...dialog, confirmingCancel: true, focus: 'cancel'}) : stay(null);
	return stay(dialog);
}

function reduceOperations(dialog: OperationsDialog, event: FlowEvent, ids: readonly number[]): FlowResult<OperationsDialog | OperationDialog> {
	if (event.type === 'paste') return stay(dialog);
	if (means(event, 'back', 'close', 'operations')) return stay(null);
	if (means(event, 'down')) return stay({...dialog, cursor: Math.min(ids.length - 1, dialog.cursor + 1)});
	if (means(event, 'up')) return stay({...dialog, cursor: Math.max(0, dialog.cursor - 1)});
	if (means(event, 'submit') && ids[dialog.cursor] !== undefined) return stay(operationDialog(ids[dialog.cursor]!));
	return stay(dialog);
}

export const pullDialog = (reference = ''): PullDialog => ({kind: 'pull', reference, suggestions: [], suggestionsFor: null, suggestion: -1, tagPrefix: '', error: null});

/** The repository part of a typed reference, once it has a ':' to complete after. */
function repositoryToComplete(reference: string): string | null {
	const colon = reference.lastIndexOf(':');
	if (colon <= 0 || reference.slice(colon).includes('/')) return null;
	return reference.slice(0, colon);
}

function reducePull(dialog: PullDialog, event: FlowEvent): FlowResult<PullDialog> {
	if (event.type === 'key') {
		if (means(event, 'back')) return stay(null);
		if (means(event, 'next-field', 'previous-field', 'next-choice', 'previous-choice')) {
			const repository = repositoryToComplete(dialog.reference);
			if (!repository) return stay(dialog);
			// The first Tab asks the registry for the repository's tags; the next ones cycle through them.
			if (repository !== dialog.suggestionsFor) return stay({...dialog, suggestions: [], suggestionsFor: repository, suggestion: -1}, {type: 'pull-suggestions', repository});
			// As shells complete: only the tags starting with what was typed, kept while Tab replaces it.
			const tagPrefix = typedTag(dialog, repository);
			const matches = pullMatches(dialog);
			if (matches.length === 0) return stay(dialog);
			const step = means(event, 'previous-choice', 'previous-field') ? -1 : 1;
			const next = (dialog.suggestion + step + matches.length) % matches.length;
			return stay({...dialog, suggestion: next, tagPrefix, reference: `${repository}:${matches[next]}`, error: null});
		}
		if (means(event, 'submit')) {
			if (!event.onScreen) return stay(dialog);
			const reference = dialog.reference.trim();
			const parsed = parseReference(reference);
			if (!parsed.ok) return stay({...dialog, error: `Cannot pull "${reference}": ${parsed.reason}.`});
			return stay(null, {type: 'pull', reference});
		}
	}
	const change = textFieldEvent(event);
	if (!change) return stay(dialog);
	const reference = reduceTextField(dialog.reference, change);
	if (reference === dialog.reference) return stay(dialog);
	return stay({...dialog, reference, error: null, suggestion: -1});
}

/** The registry's tags for the repository typed; dropped when the user has typed another since. */
const reportPull = (dialog: PullDialog, report: PullReport): PullDialog => (dialog.suggestionsFor === report.repository ? {...dialog, suggestions: report.tags} : dialog);

/** The tags a pull dialog offers, narrowed to what is typed after the ':'. */
export function pullMatches(dialog: PullDialog): readonly string[] {
	const repository = repositoryToComplete(dialog.reference);
	if (!repository || repository !== dialog.suggestionsFor) return [];
	const typed = typedTag(dialog, repository);
	return dialog.suggestions.filter(tag => tag.startsWith(typed));
}

/** What the user typed after `repository:`: while Tab cycles, the text before the first Tab. */
function typedTag(dialog: PullDialog, repository: string): string {
	return dialog.suggestion >= 0 ? dialog.tagPrefix : dialog.reference.slice(repository.length + 1);
}

const buildFields: readonly BuildDialog['field'][] = ['context', 'dockerfile', 'tag'];

/** Build: context (default the current directory), Dockerfile, and the tag, prefilled with the next version. */
export function buildDialog(context: string, repository: string | null, groups: RepositoryGroups): BuildDialog {
	const next = repository ? tagSuggestions(groups, repository)[0]?.tag : undefined;
	return {kind: 'build', context, dockerfile: 'Dockerfile', tag: repository && next ? `${repository}:${next}` : '', field: 'tag', error: null};
}

function reduceBuild(dialog: BuildDialog, event: FlowEvent): FlowResult<BuildDialog> {
	if (event.type === 'key') {
		const index = buildFields.indexOf(dialog.field);
		if (means(event, 'back')) return stay(null);
		if (means(event, 'next-field', 'previous-field', 'next-choice', 'previous-choice')) {
			const step = means(event, 'previous-field', 'previous-choice') ? -1 : 1;
			return stay({...dialog, field: buildFields[(index + step + buildFields.length) % buildFields.length]!});
		}
		if (means(event, 'submit')) {
			if (!event.onScreen) return stay(dialog);
			const reference = dialog.tag.trim();
			const parsed = parseReference(reference);
			if (!parsed.ok || !parsed.reference.tag) return stay({...dialog, field: 'tag', error: parsed.ok ? 'Give the image a tag (repository:version).' : `Cannot tag "${reference}": ${parsed.reason}.`});
			if (!dialog.context.trim() || !dialog.dockerfile.trim()) return stay({...dialog, error: 'Type the context directory and the Dockerfile.'});
			return stay(null, {type: 'build', context: dialog.context.trim(), dockerfile: dialog.dockerfile.trim(), reference});
		}
	}
	const change = textFieldEvent(event);
	if (!change) return stay(dialog);
	const value = reduceTextField(dialog[dialog.field], change);
	return value === dialog[dialog.field] ? stay(dialog) : stay({...dialog, [dialog.field]: value, error: null});
}

function reduceQuit(dialog: QuitDialog, event: FlowEvent): FlowResult<QuitDialog> {
	if (event.type === 'paste') return stay(dialog);
	const decision = decideConfirm(dialog.focus, event);
	if (decision === 'cancel') return stay(null);
	if (decision === 'switch') return stay({...dialog, focus: otherFocus(dialog.focus)});
	return decision === 'confirm' ? stay(null, {type: 'quit'}) : stay(dialog);
}

export const pushConfirmFlow = {reduce: reducePushConfirm} satisfies DialogFlow<PushConfirmDialog>;
export const operationFlow = {
	reduce: (dialog, event, state) => {
		const operation = state.operations.find(candidate => candidate.id === dialog.id);
		return reduceOperation(dialog, event, operation !== undefined && isActiveOperation(operation));
	},
} satisfies DialogFlow<OperationDialog>;
export const operationsFlow = {
	reduce: (dialog, event, state) =>
		reduceOperations(
			dialog,
			event,
			[...state.operations].reverse().map(operation => operation.id),
		),
} satisfies DialogFlow<OperationsDialog>;
export const pullFlow = {reduce: reducePull, report: reportPull} satisfies DialogFlow<PullDialog, PullReport>;
export const buildFlow = {reduce: reduceBuild} satisfies DialogFlow<BuildDialog>;
export const quitFlow = {reduce: reduceQuit} satisfies DialogFlow<QuitDialog>;
