// Where one key or paste goes, as a pure function of the state: the open dialog's flow, help, the
// filter's text field, or the key table. A paste is text for the focused field and never commands.
// Keys reach a dialog as intents from the key table; the pane table in use is an argument.
import type {Effect, FlowEvent, FlowResult} from '../../state/flows/flow';
import {openFlow, type OpenFlow} from '../../state/flows/open';
import {reduceTextField, textFieldEvent} from '../../state/flows/text-field';
import {activeOperationCount, steppedPane} from '../../state/selectors';
import type {Action, Dialog, State} from '../../state/types';
import {means} from '../../state/flows/intent';
import {reduceDialog} from '../dialogs/dialog-table';
import {commandForKey, commandWithoutEngine, dialogKeys, flowKey, type DialogKeys, type KeyBinding} from '../keymap';
import type {ServiceEffect} from './effect-handlers';
import type {InputEvent} from '../../terminal/parse-input';

export type Routed = {readonly actions: readonly Action[]; readonly effects: readonly ServiceEffect[]; readonly quit?: number; readonly retry?: boolean};

const nothing: Routed = {actions: [], effects: []};

const flowEvent = (event: InputEvent, onScreen: boolean, dialogs: DialogKeys = dialogKeys): FlowEvent =>
	event.kind === 'paste' ? {type: 'paste', text: event.text} : flowKey(event.input, event.key, onScreen, dialogs);

/** What a flow's effects come to: messages for the store, work for the services, or the end. */
export function routeEffects(flowEffects: readonly Effect[], actions: Action[] = []): Routed {
	const effects = flowEffects.filter((effect): effect is ServiceEffect => effect.type !== 'message' && effect.type !== 'quit');
	if (flowEffects.some(effect => effect.type === 'quit')) return {actions, effects, quit: 0};
	for (const effect of flowEffects) if (effect.type === 'message') actions.push({type: 'message', message: effect.message});
	return {actions, effects};
}

function fromFlow(state: State, result: FlowResult<Dialog>): Routed {
	return routeEffects(result.effects, result.dialog === state.dialog ? [] : [result.dialog ? {type: 'dialog-open', dialog: result.dialog} : {type: 'dialog-close'}]);
}

/** What a flow key opens: its dialog, a plain action (a jump, a message), or nothing. */
function openedBy(state: State, flow: OpenFlow, workingDirectory: string): Routed {
	const opened = openFlow(state, flow, workingDirectory);
	if (!opened) return nothing;
	return 'type' in opened ? {...nothing, actions: [opened]} : fromFlow(state, opened);
}

/** Back, help and close close the help, as the dialog key table in use names them. */
const closesHelp = (event: FlowEvent): boolean => event.type === 'key' && means(event, 'back', 'help', 'close');

/**
 * A dialog's keys: while its help is up, they only close the help; otherwise they go to its
 * flow, and the help key opens the help when the flow has no use for it (a text field types it).
 */

function routeDialogEvent(state: State, dialog: Dialog, event: FlowEvent): Routed {
	if (state.help) return closesHelp(event) ? {...nothing, actions: [{type: 'help', open: false}]} : nothing;
	const result = reduceDialog(dialog, event, state);
	const ignored = result.dialog === dialog && result.effects.length === 0;
	if (ignored && event.type === 'key' && means(event, 'help')) return {...nothing, actions: [{type: 'help', open: true}]};
	return fromFlow(state, result);
}

/**
 * `onScreen` is the dialog that was drawn before the read that brought this event began; a
 * flow's confirm counts only when the dialog is still exactly that one. `bindings` and `dialogs`:
 * the pane and dialog key tables in use (the default ones, or the config file's remapping).
 */
export function routeInput(state: State, event: InputEvent, onScreen: Dialog | null, bindings: readonly KeyBinding[], workingDirectory = '.', dialogs: DialogKeys = dialogKeys): Routed {
	// Ctrl-C is ours, not Ink's, so that the terminal is restored on the way out; 130 as a shell would report.
	if (event.kind === 'key' && event.key.ctrl && event.input === 'c') return {...nothing, quit: 130};
	if (state.dialog) return routeDialogEvent(state, state.dialog, flowEvent(event, onScreen === state.dialog, dialogs));
	if (state.help) return closesHelp(flowEvent(event, false, dialogs)) ? {...nothing, actions: [{type: 'help', open: false}]} : nothing;
	if (state.connection.status !== 'ready') {
		if (event.kind === 'paste') return nothing;
		// An engine that does not answer must not trap the user on it: the keys whose rows say so
		// (quit, the context switcher) still work, and the retry key asks the engine again.
		const command = commandWithoutEngine(state.pane, event.input, event.key, bindings);
		if (command?.type === 'quit') return {...nothing, quit: 0};
		if (state.connection.status === 'down' && means(flowKey(event.input, event.key, false, dialogs), 'retry')) return {...nothing, retry: true};
		return command?.type === 'flow' ? openedBy(state, command.flow, workingDirectory) : nothing;
	}
	const view = state.views[state.pane];
	if (view?.filtering) {
		if (event.kind === 'key' && event.key.return) return {...nothing, actions: [{type: 'filter-accept'}]};
		if (event.kind === 'key' && event.key.escape) return {...nothing, actions: [{type: 'filter-cancel'}]};
		const change = textFieldEvent(flowEvent(event, false, dialogs));
		if (!change) return nothing;
		const text = reduceTextField(view.filter, change);
		return text === view.filter ? nothing : {...nothing, actions: [{type: 'filter-input', text}]};
	}
	if (event.kind === 'paste') return nothing;
	if (event.key.escape && view?.filter) return {...nothing, actions: [{type: 'filter-cancel'}]};
	const command = commandForKey(state.pane, event.input, event.key, bindings);
	if (!command) return nothing;
	if (command.type === 'quit') {
		// Leaving ends what runs in the background: asked first.
		const active = activeOperationCount(state);
		return active > 0 ? {...nothing, actions: [{type: 'dialog-open', dialog: {kind: 'quit', active, focus: 'cancel'}}]} : {...nothing, quit: 0};
	}
	if (command.type === 'flow') return openedBy(state, command.flow, workingDirectory);
	// The key that opens a pane starts the pane's work; drawing the pane (again, after a dialog) does not.
	const opened = command.type === 'pane' ? command.pane : command.type === 'pane-step' ? steppedPane(state.pane, command.step) : state.pane;
	return {actions: state.message ? [{type: 'message', message: null}, command] : [command], effects: opened === state.pane ? [] : [{type: 'open-pane', pane: opened}]};
}
