// Which flow a service's report goes to: one row per dialog kind that services report to,
// checked by the compiler against DialogReports. A report changes the dialog only through its
// flow, and only while that dialog is still the one open. A flow may answer a report with
// effects (the next release step), which the store hands to whoever runs effects.
import type {Dialog, DialogOf, DialogReport, DialogReports, ReportedKind, State} from '../types';
import type {Effect, FlowResult} from './flow';
import {reportBuildCache} from './build-cache';
import {reportContainers} from './containers';
import {reportDelete} from './delete';
import {reportDetails} from './menus';
import {reportImageDiff} from './image-diff';
import {reportLayers} from './layers';
import {reportBrowse, reportLogin, reportLogout, reportRemotePlan} from './registries';
import {reportContexts} from './contexts';
import {reportFleetKeep} from './fleet';
import {reportRelease} from './release';
import {reportTag} from './tag';
import {reportPull} from './transfers';

type Reporter<K extends ReportedKind> = (dialog: DialogOf<K>, report: DialogReports[K], state: State) => Dialog | null | FlowResult;

export const dialogReporters: {readonly [K in ReportedKind]: Reporter<K>} = {
	delete: reportDelete,
	containers: reportContainers,
	tag: reportTag,
	'build-cache': reportBuildCache,
	details: reportDetails,
	layers: reportLayers,
	'image-diff': reportImageDiff,
	login: reportLogin,
	logout: reportLogout,
	browse: reportBrowse,
	pull: reportPull,
	'remote-plan': reportRemotePlan,
	'fleet-keep': reportFleetKeep,
	contexts: reportContexts,
	release: reportRelease,
};

export function reportToFlow(state: State, action: DialogReport): {readonly state: State; readonly effects: readonly Effect[]} {
	const {dialog} = state;
	// A report for a dialog that was closed or replaced meanwhile is dropped.
	if (!dialog || dialog.kind !== action.kind) return {state, effects: []};
	// The row is the one for this report's kind; TypeScript cannot pair the two through the index.
	const report = dialogReporters[action.kind] as Reporter<ReportedKind>;
	const answer = report(dialog as DialogOf<ReportedKind>, action.report, state);
	// A dialog never has `effects`: what has them is a flow's whole result.
	const result: FlowResult = answer !== null && 'effects' in answer ? answer : {dialog: answer, effects: []};
	return {state: result.dialog === dialog ? state : {...state, dialog: result.dialog}, effects: result.effects};
}

export const applyReport = (state: State, action: DialogReport): State => reportToFlow(state, action).state;
