// Where a service's report goes: to the reporter in its dialog kind's row of the flows the store
// was given (the ui's dialog table; state never imports ui). A report changes the dialog only
// through its flow, and only while that dialog is still the one open. A flow may answer a report
// with effects (the next release step), which the store hands to whoever runs effects.
import type {Dialog, DialogReport, DialogReports, ReportedKind} from '../dialog-kinds';
import type {FlowContext} from '../flow-context';
import type {State} from '../types';
import type {DialogFlows, Effect, FlowResult} from './flow';

/** A row's reporter as the table calls it, for the open dialog of a kind that gets reports. */
type AnyReporter = (dialog: Dialog, report: DialogReports[ReportedKind], context: FlowContext) => Dialog | null | FlowResult<Dialog>;

export function reportToFlow(state: State, action: DialogReport, flows: DialogFlows): {readonly state: State; readonly effects: readonly Effect[]} {
	const {dialog} = state;
	// A report for a dialog that was closed or replaced meanwhile is dropped.
	if (!dialog || dialog.kind !== action.kind) return {state, effects: []};
	// The row is the one for this report's kind; TypeScript cannot pair the two through the index.
	const report = flows[action.kind].report as AnyReporter;
	const answer = report(dialog, action.report, state);
	// A dialog never has `effects`: what has them is a flow's whole result.
	const result: FlowResult<Dialog> = answer !== null && 'effects' in answer ? answer : {dialog: answer, effects: []};
	return {state: result.dialog === dialog ? state : {...state, dialog: result.dialog}, effects: result.effects};
}
