import type {RateLimit, RegistryEntry} from '../domain/registry-types';
import type {ContainerInfo, DiskUsage, ImageInfo} from '../domain/types';
import type {SyncEntry} from '../domain/sync-status';
import type {FleetEngineStatus} from './fleet-types';
import type {FlowContext, LiveStatus, Message, Operation, PaneId, RegistryCheck} from './flow-context';
import type {Dialog, DialogReport} from './dialog-kinds';
import type {PushTarget} from '../domain/push-target';

export type {StepResult} from './step-result';
export type {Connection, FlowContext, ListPane, ListView, LiveStatus, Message, Operation, OperationKind, OperationState, PaneId, RegistryAuth, RegistryCheck} from './flow-context';
export {paneOrder} from './flow-context';
export type {Dialog, DialogKind, DialogOf, DialogReport, DialogReports, ReportedKind} from './dialog-kinds';

/** The whole store: what flows read of it, and the dialog and help open over the panes. */
export type State = FlowContext & {
	readonly help: boolean;
	readonly dialog: Dialog | null;
};

export type Action =
	| {type: 'connecting'; host: string; listing?: boolean}
	/** `containers` absent: still being listed (a `containers` action brings them). */
	| {type: 'connected'; host: string; engineVersion: string; apiVersion: string; product?: string; images: readonly ImageInfo[]; containers?: readonly ContainerInfo[]}
	/** The first containers list, come after the images; a later re-list (`lists`) already brought newer ones when `containersListed`. */
	| {type: 'containers'; containers: readonly ContainerInfo[]}
	| {type: 'connection-failed'; host: string; error: string; hint: string}
	| {type: 'lists'; images: readonly ImageInfo[]; containers: readonly ContainerInfo[]}
	| {type: 'live'; status: LiveStatus}
	| {type: 'disk'; disk: DiskUsage}
	| {type: 'registries'; registries: readonly RegistryEntry[]; configPath: string}
	| {type: 'registry-check'; server: string; check: RegistryCheck}
	| {type: 'settings'; protect: readonly string[]; keep?: number; imageSortIndex?: number}
	/** Another engine from now on: what was listed from the old one goes; settings and registries stay. */
	| {type: 'engine-switch'; host: string; message: string}
	| {type: 'registry-rate-limit'; server: string; rateLimit: RateLimit}
	/** The whole sync status: references no longer listed are gone from it. */
	| {type: 'sync-status'; entries: ReadonlyMap<string, SyncEntry>}
	| {type: 'resize'; columns: number; rows: number}
	| {type: 'tick'; now: number}
	| {type: 'pane'; pane: PaneId}
	| {type: 'pane-step'; step: 1 | -1}
	| {type: 'move'; delta: number}
	| {type: 'move-to'; where: 'first' | 'last'}
	| {type: 'page'; direction: 1 | -1; fraction: 0.5 | 1}
	| {type: 'filter-start'}
	| {type: 'filter-input'; text: string}
	| {type: 'filter-accept'}
	| {type: 'filter-cancel'}
	| {type: 'sort-cycle'}
	| {type: 'toggle-all'}
	| {type: 'mark-toggle'}
	| {type: 'mark-visible'}
	| {type: 'mark-clear'}
	| {type: 'help'; open: boolean}
	| {type: 'dialog-open'; dialog: Dialog}
	| {type: 'dialog-close'}
	/** An operation started by a key: its progress view opens. */
	| {type: 'show-operation'; id: number}
	/** A push the registry refused for want of credentials: its login opens, and pushes again once logged in. */
	| {type: 'push-unauthorized'; server: string; message: string; target: PushTarget}
	/** A switch asked for while operations run: it asks before ending them. */
	| {type: 'confirm-switch'; name: string; active: number}
	| {type: 'focus-image'; imageId: string}
	| {type: 'message'; message: Message | null}
	| {type: 'operation-add'; operation: Operation}
	| {type: 'operation-update'; id: number; patch: Partial<Omit<Operation, 'id' | 'kind'>>}
	| {type: 'fleet-start'; round: number; engines: readonly {name: string; host: string}[]; timeoutSeconds: number}
	| {type: 'fleet-engine'; round: number; name: string; status: FleetEngineStatus};

/** What the store takes: an action for the reducer, or a service's report for the open dialog's flow. */
export type StoreAction = Action | DialogReport;
