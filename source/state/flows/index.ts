// Which reducer a dialog's events go to.
import {selectRepositories} from '../selectors';
import type {Dialog, State} from '../types';
import {reduceBuildCache} from './build-cache';
import {reduceContainers} from './containers';
import {reduceDelete} from './delete';
import type {FlowEvent, FlowResult} from './flow';
import {reduceDetails, reduceHousekeeping, reduceVersions} from './menus';
import {reduceLayers} from './layers';
import {reduceImageDiff} from './image-diff';
import {reduceBrowse, reduceLogin, reduceLogout, reduceRemoteKeep, reduceRemotePlan} from './registries';
import {reduceTag} from './tag';
import {reduceRelease} from './release';
import {reduceFleetDetail, reduceFleetKeep} from './fleet';
import {reduceContexts} from './contexts';
import {activeOperationCount} from '../selectors';
import {reduceBuild, reduceOperation, reduceOperations, reducePull, reducePushConfirm, reduceQuit} from './transfers';

export function reduceDialog(dialog: Dialog, event: FlowEvent, state: State): FlowResult {
	switch (dialog.kind) {
		case 'delete':
			return reduceDelete(dialog, event);
		case 'containers':
			return reduceContainers(dialog, event);
		case 'tag':
			return reduceTag(dialog, event, selectRepositories(state.images));
		case 'housekeeping':
			return reduceHousekeeping(dialog, event, state);
		case 'build-cache':
			return reduceBuildCache(dialog, event);
		case 'versions':
			return reduceVersions(dialog, event, state);
		case 'details':
			return reduceDetails(dialog, event, state);
		case 'layers':
			return reduceLayers(dialog, event);
		case 'image-diff':
			return reduceImageDiff(dialog, event);
		case 'login':
			return reduceLogin(dialog, event);
		case 'logout':
			return reduceLogout(dialog, event);
		case 'browse':
			return reduceBrowse(dialog, event, state.protect);
		case 'remote-keep':
			return reduceRemoteKeep(dialog, event);
		case 'remote-plan':
			return reduceRemotePlan(dialog, event);
		case 'push-confirm':
			return reducePushConfirm(dialog, event);
		case 'operation': {
			const operation = state.operations.find(candidate => candidate.id === dialog.id);
			return reduceOperation(dialog, event, operation?.state === 'running' || operation?.state === 'queued');
		}
		case 'operations':
			return reduceOperations(dialog, event, [...state.operations].reverse().map(operation => operation.id));
		case 'pull':
			return reducePull(dialog, event);
		case 'build':
			return reduceBuild(dialog, event);
		case 'quit':
			return reduceQuit(dialog, event);
		case 'release':
			return reduceRelease(dialog, event);
		case 'fleet-detail':
			return reduceFleetDetail(dialog, event, state);
		case 'fleet-keep':
			return reduceFleetKeep(dialog, event, state);
		case 'contexts':
			return reduceContexts(dialog, event, activeOperationCount(state));
	}
}
