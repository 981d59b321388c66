// Delete and untag: the plan is on screen, confirm runs exactly that plan. Pure.
import {deleteDialog, planOf} from '../dialogs';
import type {RemovalTarget} from '../../domain/removal-plan';
import type {FlowContext} from '../flow-context';
import type {StepResult} from '../step-result';
import type {DeleteDialog, DeleteReport} from './delete-types';
import {decideConfirm, otherFocus, typeName} from './confirm';
import {means} from './intent';
import {stay, type FlowEvent, type FlowResult, type DialogFlow} from './flow';

/** The one blocked item that typing its name may force; only offered when it is the whole plan. */
export function forceableItem(dialog: DeleteDialog) {
	const plan = planOf(dialog);
	return plan.items.length === 1 ? plan.items.find(item => item.outcome.kind === 'blocked' && item.outcome.forceable) : undefined;
}

function reduceDelete(dialog: DeleteDialog, event: FlowEvent): FlowResult<DeleteDialog> {
	const update = (patch: Partial<DeleteDialog>) => stay({...dialog, ...patch});
	if (dialog.phase === 'running') return stay(dialog);
	if (dialog.phase === 'force') {
		const typed = typeName(dialog.forceInput, event);
		if (typed.kind === 'edit') return update({forceInput: typed.value});
		if (typed.kind === 'back') return update({phase: 'plan', forceInput: ''});
		if (typed.kind === 'none') return stay(dialog);
		const item = forceableItem(dialog);
		if (item && dialog.forceInput === item.label) return update({phase: 'plan', forced: new Set([...dialog.forced, item.target.imageId]), forceInput: ''});
		return stay({...dialog, phase: 'plan', forceInput: ''}, {type: 'message', message: {kind: 'error', text: 'the name does not match; nothing forced'}});
	}
	if (event.type === 'paste') return stay(dialog);
	if (means(event, 'down')) return update({scroll: dialog.scroll + 1});
	if (means(event, 'up')) return update({scroll: Math.max(0, dialog.scroll - 1)});
	if (dialog.phase === 'done') return means(event, 'submit', 'back', 'close') ? stay(null) : stay(dialog);
	if (means(event, 'toggle-containers')) return update({removeStoppedContainers: !dialog.removeStoppedContainers});
	if (means(event, 'force') && forceableItem(dialog)) return update({phase: 'force', forceInput: ''});
	const decision = decideConfirm(dialog.focus, event);
	if (decision === 'cancel') return stay(null);
	if (decision === 'switch') return update({focus: otherFocus(dialog.focus)});
	if (decision !== 'confirm') return stay(dialog);
	if (planOf(dialog).steps.length === 0) return stay(null);
	const running: DeleteDialog = {...dialog, phase: 'running'};
	return stay(running, {type: 'run-removal', plan: planOf(dialog)});
}

/**
 * What the removal and the layer reading report. Sizes and layers count only for the plan they
 * were read for, while it is still a plan; the run's results add the blocked items it left alone.
 */
function reportDelete(dialog: DeleteDialog, report: DeleteReport): DeleteDialog {
	switch (report.type) {
		case 'progress':
			return {...dialog, progress: report.progress};
		case 'done': {
			const skipped: StepResult[] = planOf(dialog)
				.items.filter(item => item.outcome.kind === 'blocked')
				.map(item => ({label: item.label, status: 'skipped', message: 'not touched: blocked in the plan'}));
			return {...dialog, phase: 'done', results: [...report.results, ...skipped]};
		}
		case 'sizes':
		case 'layers': {
			if (dialog.targets !== report.targets || dialog.phase !== 'plan') return dialog;
			if (report.type === 'sizes') return {...dialog, uniqueSizes: report.uniqueSizes};
			return report.layers ? {...dialog, layers: report.layers, bytes: 'exact'} : {...dialog, bytes: 'floor'};
		}
	}
}

/** A delete plan on screen, and the reading of its layers that makes its bytes exact. */
export function openDelete(state: FlowContext, title: string, targets: readonly RemovalTarget[]): FlowResult<DeleteDialog> {
	const dialog = deleteDialog(state, title, targets);
	return stay(dialog, {type: 'load-layers', targets: dialog.targets, images: dialog.images, uniqueSizes: dialog.uniqueSizes});
}

export const deleteFlow = {reduce: reduceDelete, report: reportDelete} satisfies DialogFlow<DeleteDialog, DeleteReport>;
