// Which view draws a dialog: one row per dialog kind. The mapped type makes a kind without a view
// a compile error, where a chain of ifs drew an unknown kind as some other dialog.
import type {ReactElement} from 'react';
import type {Dialog, DialogKind, DialogOf} from '../../state/types';
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
type DialogViewOf<K extends DialogKind> = (props: DialogViewProps<K>) => ReactElement | null;

export const dialogViews: {readonly [K in DialogKind]: DialogViewOf<K>} = {
	delete: DeleteFlow,
	containers: ContainersFlow,
	details: DetailsView,
	layers: LayersView,
	'image-diff': ImageDiffView,
	housekeeping: HousekeepingMenu,
	'build-cache': BuildCacheFlow,
	tag: TagFlow,
	versions: VersionsView,
	login: LoginView,
	logout: LogoutView,
	browse: BrowseView,
	'remote-plan': RemotePlanView,
	'remote-keep': RemoteKeepView,
	'push-confirm': PushConfirmView,
	operation: OperationView,
	operations: OperationsView,
	pull: PullView,
	build: BuildView,
	quit: QuitView,
	release: ReleaseView,
	'fleet-detail': FleetDetailView,
	'fleet-keep': FleetKeepView,
	contexts: ContextsView,
};

export function DialogView({dialog, height, width}: {readonly dialog: Dialog; readonly height: number; readonly width: number}) {
	// The row is the one for this dialog's kind; TypeScript cannot pair the two through the index.
	const View = dialogViews[dialog.kind] as DialogViewOf<DialogKind>;
	return <View dialog={dialog} height={height} width={width} />;
}
