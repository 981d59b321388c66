// Which view draws a dialog: one row per dialog kind. The mapped type makes a kind without a view
// a compile error, where a chain of ifs drew an unknown kind as some other dialog.
import type {ReactElement} from 'react';
import type {DialogKind, DialogOf} from '../../state/flows';
import type {Dialog} from '../../state/types';
import {BuildCacheFlow} from './build-cache-flow';
import {ContainersFlow} from './containers-flow';
import {ContextsView} from './contexts-view';
import {DeleteFlow} from './delete-flow';
import {DetailsView} from './details-view';
import {FleetDetailView, FleetKeepView} from './fleet-flows';
import {HousekeepingMenu} from './housekeeping-menu';
import {ImageDiffView} from './image-diff-view';
import {LayersView} from './layers-view';
import {BrowseView, LoginView, LogoutView, RemoteKeepView, RemotePlanView} from './registry-flows';
import {TagFlow} from './tag-flow';
import {BuildView, OperationsView, OperationView, PullView, PushConfirmView, QuitView, ReleaseView} from './transfer-flows';
import {VersionsView} from './versions-view';

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
