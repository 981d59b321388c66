// What every flow takes and gives: events and service reports in; the next dialog (or none) and
// effects out. A flow's row says both for its dialog kind, and the dialogs it leads to are checked
// against the Dialog union, which the flows' -types modules declare (state/dialog-kinds.ts).
import type {BuildCachePrune} from '../../domain/build-cache';
import type {Dialog, DialogKind, DialogOf, DialogReports} from '../dialog-kinds';
import type {ContainerAction} from '../../domain/container-action';
import type {FleetEnginePlan} from '../../domain/fleet-plan';
import type {PushTarget} from '../../domain/push-target';
import type {RemovalPlan, RemovalTarget} from '../../domain/removal-plan';
import type {ReleaseJob} from '../../domain/release-job';
import type {RemotePlan} from '../../domain/remote-plan';
import type {TagSource, TagTarget} from '../../domain/tagging';
import type {ContainerInfo, ImageInfo} from '../../domain/types';
import type {FlowContext, Message, PaneId} from '../flow-context';
import type {FlowKey} from './intent';

export type {FlowKey} from './intent';
export type FlowPaste = {readonly type: 'paste'; readonly text: string};
export type FlowEvent = FlowKey | FlowPaste;

/** Deleting a remote plan's digests on `server`: never asked by a key, only by a re-check that found the plan unchanged. */
export type RemoteDeleteEffect = {readonly type: 'remote-delete'; readonly server: string; readonly plan: RemotePlan};

export type Effect =
	/** A pane was opened by its key: the work it starts (registry checks, the fleet's first read). */
	| {readonly type: 'open-pane'; readonly pane: PaneId}
	/** Run the plan the delete dialog showed, as it was when confirmed. */
	| {readonly type: 'run-removal'; readonly plan: RemovalPlan}
	/** `forced`: the user typed the running container's name, so it is stopped before removal. */
	| {readonly type: 'run-containers'; readonly action: ContainerAction; readonly containers: readonly ContainerInfo[]; readonly forced: boolean}
	| {readonly type: 'run-tag'; readonly sources: readonly TagSource[]; readonly target: TagTarget}
	| {readonly type: 'prune-build-cache'; readonly prune: BuildCachePrune}
	| {readonly type: 'load-history'; readonly imageId: string}
	/** The platform the engine holds, and what a registry's index lists for the image's digest. */
	| {readonly type: 'load-platforms'; readonly imageId: string}
	/** Read an image's archive for its layers' files; `cancel-layers` stops a read under way. */
	| {readonly type: 'read-layers'; readonly imageId: string}
	/** Read two images' archives and compare their files (the versions view's `=`). */
	| {readonly type: 'read-diff'; readonly before: string; readonly after: string}
	| {readonly type: 'cancel-layers'}
	/** The engine's disk figures, for the housekeeping menu: asked on demand, never at start. */
	| {readonly type: 'measure-disk'}
	/** Read the layers of a delete plan's images, so its bytes are exact. */
	| {readonly type: 'load-layers'; readonly targets: readonly RemovalTarget[]; readonly images: readonly ImageInfo[]; readonly uniqueSizes: ReadonlyMap<string, number> | null}
	| {readonly type: 'message'; readonly message: Message}
	| {readonly type: 'login'; readonly server: string; readonly username: string; readonly password: string}
	| {readonly type: 'logout'; readonly server: string}
	| {readonly type: 'browse-repositories'; readonly server: string; readonly refresh: boolean}
	| {readonly type: 'browse-tags'; readonly server: string; readonly repository: string; readonly refresh: boolean}
	/** Read the registry again (tag list, a HEAD per tag) before a remote plan runs. */
	| {readonly type: 'remote-verify'; readonly server: string; readonly plan: RemotePlan}
	| RemoteDeleteEffect
	| {readonly type: 'push'; readonly targets: readonly PushTarget[]}
	| {readonly type: 'pull'; readonly reference: string}
	| {readonly type: 'pull-suggestions'; readonly repository: string}
	| {readonly type: 'build'; readonly context: string; readonly dockerfile: string; readonly reference: string}
	| {readonly type: 'cancel-operation'; readonly id: number}
	| {readonly type: 'quit'}
	/** Run the release's step at `from` (the flow asks for each next one when it ends). */
	| {readonly type: 'release'; readonly job: ReleaseJob; readonly from: number}
	| {readonly type: 'fleet-refresh'}
	/** Run each engine's plan (those with steps), in this order: reports name them by index. */
	| {readonly type: 'fleet-keep-run'; readonly plans: readonly FleetEnginePlan[]}
	| {readonly type: 'load-contexts'}
	/** Reconnect every pane to a docker context or a --host URL; `endOperations`: the user agreed that running operations end. */
	| {readonly type: 'switch-engine'; readonly context: string; readonly endOperations?: boolean};

/** Any dialog, for what is generic over dialogs; what a flow leads to is a `Dialog`. */
type AnyDialog = {readonly kind: string};

/** The dialog after the event (null: closed; another dialog: the flow moved on) and what to do. */
export type FlowResult<D extends AnyDialog> = {readonly dialog: D | null; readonly effects: readonly Effect[]};

/** The flow's result: the dialog given (null closes it), and these effects. */
export function stay(dialog: null, ...effects: Effect[]): FlowResult<never>;
export function stay<D extends AnyDialog>(dialog: D | null, ...effects: Effect[]): FlowResult<D>;
export function stay<D extends AnyDialog>(dialog: D | null, ...effects: Effect[]): FlowResult<D> {
	return {dialog, effects};
}

/**
 * One dialog kind's row: its reducer, given what the flow reads of the store besides its own
 * dialog, and its reporter (a service's report in; the dialog now, or a whole result when it has
 * effects) exactly when services report to that kind (`R` not `never`). Both lead only to declared
 * dialogs. A flow module declares its row `satisfies DialogFlow<D, R>`.
 */
export type DialogFlow<D extends AnyDialog, R = never> = {readonly reduce: (dialog: D, event: FlowEvent, context: FlowContext) => FlowResult<Dialog>} & ([R] extends [never]
	? {readonly report?: never}
	: {readonly report: (dialog: D, report: R, context: FlowContext) => Dialog | null | FlowResult<Dialog>});

/** A row for every dialog kind, each for its own kind, with a reporter exactly for the kinds that get reports. */
export type DialogFlows = {readonly [K in DialogKind]: DialogFlow<DialogOf<K>, DialogReports[K]>};
