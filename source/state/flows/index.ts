// Each dialog kind's flow: one row per kind, `{reduce, report?}`, exported by the flow's module
// and declared `satisfies DialogFlow<D, R>` there. The Dialog union and what services report to
// each kind are read from these rows, so a new dialog kind is its flow module, its -types file and
// its view, plus one row here and one in ui/dialogs/dialog-views.tsx (and rows in open.ts and
// ui/keymap.ts when a key opens it). The compiler refuses a row whose dialog is of another kind
// than its key, a flow that leads to a dialog with no row, and (DialogFlow) a kind that gets
// reports without a reporter.
import type {FlowContext} from '../flow-context';
import {buildCacheFlow} from './build-cache';
import {containersFlow} from './containers';
import {contextsFlow} from './contexts';
import {deleteFlow} from './delete';
import {fleetDetailFlow, fleetKeepFlow} from './fleet';
import type {FlowEvent, FlowResult} from './flow';
import {detailsFlow, housekeepingFlow, versionsFlow} from './menus';
import {layersFlow} from './layers';
import {imageDiffFlow} from './image-diff';
import {browseFlow, loginFlow, logoutFlow, remoteKeepFlow, remotePlanFlow} from './registries';
import {releaseFlow} from './release';
import {tagFlow} from './tag';
import {buildFlow, operationFlow, operationsFlow, pullFlow, pushConfirmFlow, quitFlow} from './transfers';

export const dialogFlows = {
	delete: deleteFlow,
	containers: containersFlow,
	tag: tagFlow,
	housekeeping: housekeepingFlow,
	'build-cache': buildCacheFlow,
	versions: versionsFlow,
	details: detailsFlow,
	layers: layersFlow,
	'image-diff': imageDiffFlow,
	login: loginFlow,
	logout: logoutFlow,
	browse: browseFlow,
	'remote-keep': remoteKeepFlow,
	'remote-plan': remotePlanFlow,
	'push-confirm': pushConfirmFlow,
	operation: operationFlow,
	operations: operationsFlow,
	pull: pullFlow,
	build: buildFlow,
	quit: quitFlow,
	release: releaseFlow,
	'fleet-detail': fleetDetailFlow,
	'fleet-keep': fleetKeepFlow,
	contexts: contextsFlow,
} as const;

type Rows = typeof dialogFlows;

/** The dialog a row's reducer takes. */
type DialogOfRow<Row> = Row extends {readonly reduce: (dialog: infer D, ...rest: never[]) => unknown} ? D : never;

/** What a row's reporter takes as its report; `never`: a row without a reporter. */
type ReportOfRow<Row> = Row extends {readonly report: (dialog: never, report: infer R, ...rest: never[]) => unknown} ? R : never;

/** The dialogs a row's reducer and reporter may lead to. */
type NextOfRow<Row> =
	| (Row extends {readonly reduce: (...args: never[]) => FlowResult<infer D>} ? D : never)
	| (Row extends {readonly report: (...args: never[]) => infer Answer} ? (Answer extends FlowResult<infer D> ? D : Exclude<Answer, null>) : never);

/** The rows' dialogs by kind, refused by the compiler when a row's dialog is of another kind than its key. */
type KindsMatchRows<T extends {readonly [K in keyof T]: {readonly kind: K}}> = T;
type DialogsByKind = KindsMatchRows<{[K in keyof Rows]: DialogOfRow<Rows[K]>}>;

export type Dialog = DialogsByKind[keyof DialogsByKind];
export type DialogKind = Dialog['kind'];
export type DialogOf<K extends DialogKind> = Extract<Dialog, {kind: K}>;

/** What services report to each dialog kind: typed events that go through that flow's reporter, never patches of the dialog. */
export type DialogReports = {readonly [K in DialogKind]: ReportOfRow<Rows[K]>};

/** The dialog kinds some service reports to. */
export type ReportedKind = {[K in DialogKind]: [DialogReports[K]] extends [never] ? never : K}[DialogKind];

/** A report for the open dialog of kind `kind`; dropped when that dialog was closed or replaced meanwhile. */
export type DialogReport = {[K in ReportedKind]: {readonly type: 'dialog-report'; readonly kind: K; readonly report: DialogReports[K]}}[ReportedKind];

/** Every dialog some flow leads to; refused by the compiler when one of them has no row. */
type NextDialog = OnlyKnownDialogs<{[K in DialogKind]: NextOfRow<Rows[K]>}[DialogKind]>;
type OnlyKnownDialogs<T extends Dialog> = T;

/** A row's reducer as the table calls it, for the open dialog of any kind. */
type AnyReducer = (dialog: Dialog, event: FlowEvent, context: FlowContext) => FlowResult<NextDialog>;

/** A row's reporter as the table calls it, for the open dialog of a kind that gets reports. */
export type AnyReporter = (dialog: Dialog, report: DialogReports[ReportedKind], context: FlowContext) => NextDialog | null | FlowResult<NextDialog>;

export function reduceDialog(dialog: Dialog, event: FlowEvent, context: FlowContext): FlowResult<Dialog> {
	// The row is the one for this dialog's kind; TypeScript cannot pair the two through the index.
	const reduce = dialogFlows[dialog.kind].reduce as AnyReducer;
	return reduce(dialog, event, context);
}
