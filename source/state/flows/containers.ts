// Stop, start and remove containers: the list is on screen, confirm runs it. Pure.
import {shortId} from '../../domain/format';
import type {ContainersDialog, ContainersReport} from './containers-types';
import {decideConfirm, otherFocus, typeName} from './confirm';
import {means} from './intent';
import {stay, type Effect, type FlowEvent, type FlowResult, type DialogFlow} from './flow';

const runContainers = (dialog: ContainersDialog, forced: boolean): Effect => ({type: 'run-containers', action: dialog.action, containers: dialog.containers, forced});

/** One running container can be removed by typing its name (stop, then remove); several cannot. */
export function containerForceName(dialog: ContainersDialog): string | null {
	if (dialog.action !== 'remove' || dialog.containers.length !== 1) return null;
	const container = dialog.containers[0]!;
	return container.state === 'running' ? container.name || shortId(container.id) : null;
}

function reduceContainers(dialog: ContainersDialog, event: FlowEvent): FlowResult<ContainersDialog> {
	const update = (patch: Partial<ContainersDialog>) => stay({...dialog, ...patch});
	if (dialog.phase === 'running') return stay(dialog);
	const force = containerForceName(dialog);
	if (dialog.phase === 'force') {
		const typed = typeName(dialog.forceInput, event);
		if (typed.kind === 'edit') return update({forceInput: typed.value});
		if (typed.kind === 'back') return update({phase: 'plan', forceInput: ''});
		if (typed.kind === 'none') return stay(dialog);
		if (force && dialog.forceInput === force) return stay({...dialog, phase: 'running'}, runContainers(dialog, true));
		return stay({...dialog, phase: 'plan', forceInput: ''}, {type: 'message', message: {kind: 'error', text: 'the name does not match; nothing removed'}});
	}
	if (event.type === 'paste') return stay(dialog);
	if (dialog.phase === 'done') return means(event, 'submit', 'back', 'close') ? stay(null) : stay(dialog);
	if (means(event, 'force') && force) return update({phase: 'force', forceInput: ''});
	const decision = decideConfirm(dialog.focus, event);
	if (decision === 'cancel') return stay(null);
	if (decision === 'switch') return update({focus: otherFocus(dialog.focus)});
	if (decision !== 'confirm') return stay(dialog);
	return stay({...dialog, forceInput: '', phase: 'running'}, runContainers(dialog, false));
}

/** The run's progress, one container at a time, and what each came to. */
function reportContainers(dialog: ContainersDialog, report: ContainersReport): ContainersDialog {
	if (report.type === 'progress') return {...dialog, progress: report.progress};
	return {...dialog, phase: 'done', results: report.results};
}

export const containersFlow = {reduce: reduceContainers, report: reportContainers} satisfies DialogFlow<ContainersDialog, ContainersReport>;
