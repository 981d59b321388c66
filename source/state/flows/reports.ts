// Which flow a service's report goes to: one row per dialog kind that services report to,
// checked by the compiler against DialogReports. A report changes the dialog only through its
// flow, and only while that dialog is still the one open.
import type {Dialog, DialogReport, DialogReports, ReportedKind, State} from '../types';
import {reportBuildCache} from './build-cache';
import {reportContainers} from './containers';
import {reportDelete} from './delete';
import type {DialogOf} from './index';
import {reportDetails} from './menus';
import {reportBrowse, reportLogin, reportLogout, reportRemotePlan} from './registries';
import {reportContexts} from './contexts';
import {reportFleetKeep} from './fleet';
import {reportRelease} from './release';
import {reportTag} from './tag';
import {reportPull} from './transfers';

type Reporter<K extends ReportedKind> = (dialog: DialogOf<K>, report: DialogReports[K], state: State) => Dialog | null;

export const dialogReporters: {readonly [K in ReportedKind]: Reporter<K>} = {
	delete: reportDelete,
	containers: reportContainers,
	tag: reportTag,
	'build-cache': reportBuildCache,
	details: reportDetails,
	login: reportLogin,
	logout: reportLogout,
	browse: reportBrowse,
	pull: reportPull,
	'remote-plan': reportRemotePlan,
	'fleet-keep': reportFleetKeep,
	contexts: reportContexts,
	release: reportRelease,
};

export function applyReport(state: State, action: DialogReport): State {
	const {dialog} = state;
	// A report for a dialog that was closed or replaced meanwhile is dropped.
	if (!dialog || dialog.kind !== action.kind) return state;
	// The row is the one for this report's kind; TypeScript cannot pair the two through the index.
	const report = dialogReporters[action.kind] as Reporter<ReportedKind>;
	const next = report(dialog as DialogOf<ReportedKind>, action.report, state);
	return next === dialog ? state : {...state, dialog: next};
}
