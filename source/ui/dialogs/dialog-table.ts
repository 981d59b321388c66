// One row per dialog kind: its flow's row (reducer, and reporter when services report to it, from
// the flow's module) and the view that draws it. The mapped type makes a kind without a row, a row
// whose reducer or view is for another kind, and a kind that gets reports without a reporter
// compile errors; the kinds themselves come from the flows' -types modules (state/dialog-kinds.ts).
// State cannot hold this table (it never imports ui): the store is given it (createAppStore).
// What opens a dialog stays keyed by command (state/flows/open.ts and the key table ui/keymap.ts,
// a contract): one key opens different kinds by pane, and several keys open one kind.
import type {ReactElement} from 'react';
import type {Dialog, DialogKind, DialogOf} from '../../state/dialog-kinds';
import type {FlowContext} from '../../state/flow-context';
import {buildCacheFlow} from '../../state/flows/build-cache';
import {containersFlow} from '../../state/flows/containers';
import {contextsFlow} from '../../state/flows/contexts';
import {deleteFlow} from '../../state/flows/delete';
import {fleetDetailFlow, fleetKeepFlow} from '../../state/flows/fleet';
import type {DialogFlows, FlowEvent, FlowResult} from '../../state/flows/flow';
import {imageDiffFlow} from '../../state/flows/image-diff';
import {layersFlow} from '../../state/flows/layers';
import {detailsFlow, housekeepingFlow, versionsFlow} from '../../state/flows/menus';
import {browseFlow, loginFlow, logoutFlow, remoteKeepFlow, remotePlanFlow} from '../../state/flows/registries';
import {releaseFlow} from '../../state/flows/release';
import {tagFlow} from '../../state/flows/tag';
import {buildFlow, operationFlow, operationsFlow, pullFlow, pushConfirmFlow, quitFlow} from '../../state/flows/transfers';
import {createStore, type Store} from '../../state/store';
import type {State} from '../../state/types';
import {BuildCacheFlow} from './build-cache';
import {ContainersFlow} from './containers';
import {ContextsView} from './contexts';
import {DeleteFlow} from './delete';
import {DetailsView} from './details';
import {FleetDetailView, FleetKeepView} from './fleet';
import {HousekeepingMenu} from './housekeeping';
import {ImageDiffView} from './image-diff';
import {LayersView} from './layers';
import {BrowseView, LoginView, LogoutView, RemoteKeepView, RemotePlanView} from './registries';
import {TagFlow} from './tag';
import {BuildView, OperationsView, OperationView, PullView, PushConfirmView, QuitView, ReleaseView} from './transfers';
import {VersionsView} from './versions';

type DialogViewProps<K extends DialogKind> = {readonly dialog: DialogOf<K>; readonly height: number; readonly width: number};
export type DialogViewOf<K extends DialogKind> = (props: DialogViewProps<K>) => ReactElement | null;

/**
 * A dialog kind's row. `withoutEngine`: the kind also opens and shows while no engine answers
 * (the context switcher: an engine that does not answer must not trap the user on it).
 */
type DialogRow<K extends DialogKind> = DialogFlows[K] & {readonly View: DialogViewOf<K>; readonly withoutEngine?: true};

export const dialogTable: {readonly [K in DialogKind]: DialogRow<K>} = {
	delete: {...deleteFlow, View: DeleteFlow},
	containers: {...containersFlow, View: ContainersFlow},
	tag: {...tagFlow, View: TagFlow},
	housekeeping: {...housekeepingFlow, View: HousekeepingMenu},
	'build-cache': {...buildCacheFlow, View: BuildCacheFlow},
	versions: {...versionsFlow, View: VersionsView},
	details: {...detailsFlow, View: DetailsView},
	layers: {...layersFlow, View: LayersView},
	'image-diff': {...imageDiffFlow, View: ImageDiffView},
	login: {...loginFlow, View: LoginView},
	logout: {...logoutFlow, View: LogoutView},
	browse: {...browseFlow, View: BrowseView},
	'remote-keep': {...remoteKeepFlow, View: RemoteKeepView},
	'remote-plan': {...remotePlanFlow, View: RemotePlanView},
	'push-confirm': {...pushConfirmFlow, View: PushConfirmView},
	operation: {...operationFlow, View: OperationView},
	operations: {...operationsFlow, View: OperationsView},
	pull: {...pullFlow, View: PullView},
	build: {...buildFlow, View: BuildView},
	quit: {...quitFlow, View: QuitView},
	release: {...releaseFlow, View: ReleaseView},
	'fleet-detail': {...fleetDetailFlow, View: FleetDetailView},
	'fleet-keep': {...fleetKeepFlow, View: FleetKeepView},
	contexts: {...contextsFlow, View: ContextsView, withoutEngine: true},
};

/** A row's reducer as the table calls it, for the open dialog of any kind. */
type AnyReducer = (dialog: Dialog, event: FlowEvent, context: FlowContext) => FlowResult<Dialog>;

/** The open dialog's flow, given a key or paste. */
export function reduceDialog(dialog: Dialog, event: FlowEvent, context: FlowContext): FlowResult<Dialog> {
	// The row is the one for this dialog's kind; TypeScript cannot pair the two through the index.
	const reduce = dialogTable[dialog.kind].reduce as AnyReducer;
	return reduce(dialog, event, context);
}

/** Whether this dialog opens and shows while no engine answers. */
export const showsWithoutEngine = (dialog: Dialog): boolean => dialogTable[dialog.kind].withoutEngine === true;

/** The app's store: services' reports go through this table's reporters. */
export const createAppStore = (initial: State): Store => createStore(initial, dialogTable);
