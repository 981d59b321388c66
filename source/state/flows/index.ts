// Which reducer a dialog's events go to: one row per dialog kind. The mapped type makes a kind
// without a row a compile error, so a new dialog is its module plus one row here.
import {activeOperationCount, isActiveOperation, selectRepositories} from '../selectors';
import type {Dialog, DialogKind, DialogOf, State} from '../types';
import {reduceBuildCache} from './build-cache';
import {reduceContainers} from './containers';
import {reduceContexts} from './contexts';
import {reduceDelete} from './delete';
import {reduceFleetDetail, reduceFleetKeep} from './fleet';
import type {FlowEvent, FlowResult} from './flow';
import {reduceDetails, reduceHousekeeping, reduceVersions} from './menus';
import {reduceLayers} from './layers';
import {reduceImageDiff} from './image-diff';
import {reduceBrowse, reduceLogin, reduceLogout, reduceRemoteKeep, reduceRemotePlan} from './registries';
import {reduceRelease} from './release';
import {reduceTag} from './tag';
import {reduceBuild, reduceOperation, reduceOperations, reducePull, reducePushConfirm, reduceQuit} from './transfers';

/** A flow's reducer, given the store's state for what it reads besides its own dialog. */
export type DialogReducer<K extends DialogKind> = (dialog: DialogOf<K>, event: FlowEvent, state: State) => FlowResult;

export const dialogReducers: {readonly [K in DialogKind]: DialogReducer<K>} = {
	delete: (dialog, event) => reduceDelete(dialog, event),
	containers: (dialog, event) => reduceContainers(dialog, event),
	tag: (dialog, event, state) => reduceTag(dialog, event, selectRepositories(state.images)),
	housekeeping: reduceHousekeeping,
	'build-cache': (dialog, event) => reduceBuildCache(dialog, event),
	versions: reduceVersions,
	details: reduceDetails,
	layers: (dialog, event) => reduceLayers(dialog, event),
	'image-diff': (dialog, event) => reduceImageDiff(dialog, event),
	login: (dialog, event) => reduceLogin(dialog, event),
	logout: (dialog, event) => reduceLogout(dialog, event),
	browse: (dialog, event, state) => reduceBrowse(dialog, event, state.protect),
	'remote-keep': (dialog, event) => reduceRemoteKeep(dialog, event),
	'remote-plan': (dialog, event) => reduceRemotePlan(dialog, event),
	'push-confirm': (dialog, event) => reducePushConfirm(dialog, event),
	operation: (dialog, event, state) => {
		const operation = state.operations.find(candidate => candidate.id === dialog.id);
		return reduceOperation(dialog, event, operation !== undefined && isActiveOperation(operation));
	},
	operations: (dialog, event, state) =>
		reduceOperations(
			dialog,
			event,
			[...state.operations].reverse().map(operation => operation.id),
		),
	pull: (dialog, event) => reducePull(dialog, event),
	build: (dialog, event) => reduceBuild(dialog, event),
	quit: (dialog, event) => reduceQuit(dialog, event),
	release: (dialog, event) => reduceRelease(dialog, event),
	'fleet-detail': reduceFleetDetail,
	'fleet-keep': reduceFleetKeep,
	contexts: (dialog, event, state) => reduceContexts(dialog, event, activeOperationCount(state)),
};

export function reduceDialog(dialog: Dialog, event: FlowEvent, state: State): FlowResult {
	// The row is the one for this dialog's kind; TypeScript cannot pair the two through the index.
	const reduce = dialogReducers[dialog.kind] as DialogReducer<DialogKind>;
	return reduce(dialog, event, state);
}
