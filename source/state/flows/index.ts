// Each dialog kind's flow: one row per kind, `{reduce, report?}`, exported by the flow's module.
// The mapped type makes a kind without a row, or a row without the reporter its kind's reports
// need, a compile error. A new dialog kind is its flow module, its -types file and its view, plus
// one row here, one in state/types.ts and one in ui/dialogs/dialog-views.tsx.
import type {Dialog, DialogKind, State} from '../types';
import {buildCacheFlow} from './build-cache';
import {containersFlow} from './containers';
import {contextsFlow} from './contexts';
import {deleteFlow} from './delete';
import {fleetDetailFlow, fleetKeepFlow} from './fleet';
import type {DialogFlow, DialogReducer, FlowEvent, FlowResult} from './flow';
import {detailsFlow, housekeepingFlow, versionsFlow} from './menus';
import {layersFlow} from './layers';
import {imageDiffFlow} from './image-diff';
import {browseFlow, loginFlow, logoutFlow, remoteKeepFlow, remotePlanFlow} from './registries';
import {releaseFlow} from './release';
import {tagFlow} from './tag';
import {buildFlow, operationFlow, operationsFlow, pullFlow, pushConfirmFlow, quitFlow} from './transfers';

export const dialogFlows: {readonly [K in DialogKind]: DialogFlow<K>} = {
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
};

export function reduceDialog(dialog: Dialog, event: FlowEvent, state: State): FlowResult {
	// The row is the one for this dialog's kind; TypeScript cannot pair the two through the index.
	const reduce = dialogFlows[dialog.kind].reduce as DialogReducer<DialogKind>;
	return reduce(dialog, event, state);
}
