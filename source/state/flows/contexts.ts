// The context switcher: a list of engines (docker contexts, --host URLs), j/k to move, Enter to
// switch. Switching changes nothing on any engine; but background operations belong to the
// engine they started on and end with the switch, so while any runs it asks first.
import type {EngineChoice} from '../../domain/engine-choice';
import type {ContextsDialog, ContextsReport} from './contexts-types';
import {activeOperationCount} from '../selectors';
import {decideConfirm, otherFocus} from './confirm';
import {means} from './intent';
import {stay, type FlowEvent, type FlowResult, type DialogFlow} from './flow';

export function contextsDialog(): FlowResult<ContextsDialog> {
	return stay({kind: 'contexts', choices: null, cursor: 0, confirming: null, focus: 'cancel'}, {type: 'load-contexts'});
}

/** The list once read: the cursor starts on the engine in use. */
export function withChoices(dialog: ContextsDialog, choices: readonly EngineChoice[]): ContextsDialog {
	return {
		...dialog,
		choices,
		cursor: Math.max(
			0,
			choices.findIndex(choice => choice.current),
		),
	};
}

/** Asks before a switch that would end `active` operations; used by the list and by any other code that switches. */
export function confirmSwitch(name: string, active: number): ContextsDialog {
	return {kind: 'contexts', choices: null, cursor: 0, confirming: {name, active}, focus: 'cancel'};
}

function reduceContexts(dialog: ContextsDialog, event: FlowEvent, activeOperations: number): FlowResult<ContextsDialog> {
	if (event.type === 'paste') return stay(dialog);
	if (dialog.confirming) {
		const {name} = dialog.confirming;
		const decision = decideConfirm(dialog.focus, event);
		if (decision === 'switch') return stay({...dialog, focus: otherFocus(dialog.focus)});
		// Back to the list it came from, or closed when it was asked from elsewhere.
		if (decision === 'cancel') return stay(dialog.choices ? {...dialog, confirming: null, focus: 'cancel'} : null);
		if (decision === 'confirm') return stay(null, {type: 'switch-engine', context: name, endOperations: true});
		return stay(dialog);
	}
	if (means(event, 'back', 'close')) return stay(null);
	const choices = dialog.choices ?? [];
	if (means(event, 'down')) return stay({...dialog, cursor: Math.min(choices.length - 1, dialog.cursor + 1)});
	if (means(event, 'up')) return stay({...dialog, cursor: Math.max(0, dialog.cursor - 1)});
	if (means(event, 'first')) return stay({...dialog, cursor: 0});
	if (means(event, 'last')) return stay({...dialog, cursor: Math.max(0, choices.length - 1)});
	if (!means(event, 'submit')) return stay(dialog);
	const choice = choices[dialog.cursor];
	if (!choice) return stay(dialog);
	if (choice.error) return stay(dialog, {type: 'message', message: {kind: 'error', text: choice.error}});
	if (choice.current) return stay(null, {type: 'message', message: {kind: 'info', text: `already on ${choice.name} (${choice.host})`}});
	if (activeOperations > 0) return stay({...dialog, confirming: {name: choice.name, active: activeOperations}, focus: 'cancel'});
	return stay(null, {type: 'switch-engine', context: choice.name});
}

/** The engines there are, once read. */
const reportContexts = (dialog: ContextsDialog, report: ContextsReport): ContextsDialog => withChoices(dialog, report.choices);

export const contextsFlow = {reduce: (dialog, event, state) => reduceContexts(dialog, event, activeOperationCount(state)), report: reportContexts} satisfies DialogFlow<ContextsDialog, ContextsReport>;
