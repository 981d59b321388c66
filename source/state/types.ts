import type {RateLimit, RegistryEntry} from '../domain/registry-types';
import type {ContainerInfo, DiskUsage, ImageInfo} from '../domain/types';
import type {TransferFailure, TransferProgress} from '../domain/transfer-progress';
import type {SyncEntry} from '../domain/sync-status';
import type {Fleet, FleetDetailDialog, FleetEngineStatus, FleetKeepDialog, FleetKeepReport} from './fleet-types';
import type {BuildCacheDialog, BuildCacheReport} from './flows/build-cache-types';
import type {ContainersDialog, ContainersReport} from './flows/containers-types';
import type {ContextsDialog, ContextsReport} from './flows/contexts-types';
import type {DeleteDialog, DeleteReport} from './flows/delete-types';
import type {ImageDiffDialog, ImageDiffReport} from './flows/image-diff-types';
import type {LayersDialog, LayersReport} from './flows/layers-types';
import type {DetailsDialog, DetailsReport, HousekeepingDialog, VersionsDialog} from './flows/menus-types';
import type {BrowseDialog, BrowseReport, LoginDialog, LoginReport, LogoutDialog, LogoutReport, RemoteKeepDialog, RemotePlanDialog, RemotePlanReport} from './flows/registries-types';
import type {ReleaseDialog, ReleaseReport} from './flows/release-types';
import type {TagDialog, TagReport} from './flows/tag-types';
import type {BuildDialog, OperationDialog, OperationsDialog, PullDialog, PullReport, PushConfirmDialog, PushTarget, QuitDialog} from './flows/transfers-types';

export type {StepResult} from './step-result';

/**
 * Each dialog kind: its dialog (declared beside its flow) and what a service reports back to it,
 * typed events that go through that flow's reducer, never patches of the
 * dialog; `never`: a dialog no service reports to. A new dialog kind is one row here.
 */
type DialogKinds = KindsMatchDialogs<{
	delete: {dialog: DeleteDialog; report: DeleteReport};
	details: {dialog: DetailsDialog; report: DetailsReport};
	layers: {dialog: LayersDialog; report: LayersReport};
	'image-diff': {dialog: ImageDiffDialog; report: ImageDiffReport};
	housekeeping: {dialog: HousekeepingDialog; report: never};
	'build-cache': {dialog: BuildCacheDialog; report: BuildCacheReport};
	containers: {dialog: ContainersDialog; report: ContainersReport};
	tag: {dialog: TagDialog; report: TagReport};
	versions: {dialog: VersionsDialog; report: never};
	login: {dialog: LoginDialog; report: LoginReport};
	logout: {dialog: LogoutDialog; report: LogoutReport};
	browse: {dialog: BrowseDialog; report: BrowseReport};
	'remote-plan': {dialog: RemotePlanDialog; report: RemotePlanReport};
	'remote-keep': {dialog: RemoteKeepDialog; report: never};
	'push-confirm': {dialog: PushConfirmDialog; report: never};
	operation: {dialog: OperationDialog; report: never};
	operations: {dialog: OperationsDialog; report: never};
	pull: {dialog: PullDialog; report: PullReport};
	build: {dialog: BuildDialog; report: never};
	quit: {dialog: QuitDialog; report: never};
	release: {dialog: ReleaseDialog; report: ReleaseReport};
	'fleet-detail': {dialog: FleetDetailDialog; report: never};
	'fleet-keep': {dialog: FleetKeepDialog; report: FleetKeepReport};
	contexts: {dialog: ContextsDialog; report: ContextsReport};
}>;

/** The rows themselves, refused by the compiler when a row's dialog is of another kind than its key. */
type KindsMatchDialogs<T extends {readonly [K in keyof T]: {readonly dialog: {readonly kind: K}; readonly report: unknown}}> = T;

export type Dialog = DialogKinds[keyof DialogKinds]['dialog'];
export type DialogKind = Dialog['kind'];
export type DialogOf<K extends DialogKind> = Extract<Dialog, {kind: K}>;

/** What services report to each dialog kind. */
export type DialogReports = {readonly [K in DialogKind]: DialogKinds[K]['report']};

/** The dialog kinds some service reports to. */
export type ReportedKind = {[K in DialogKind]: [DialogReports[K]] extends [never] ? never : K}[DialogKind];

/** A report for the open dialog of kind `kind`; dropped when that dialog was closed or replaced meanwhile. */
export type DialogReport = {[K in ReportedKind]: {readonly type: 'dialog-report'; readonly kind: K; readonly report: DialogReports[K]}}[ReportedKind];

export type PaneId = 'images' | 'containers' | 'registries' | 'fleet';
export const paneOrder: readonly PaneId[] = ['images', 'containers', 'registries', 'fleet'];
export type ListPane = PaneId;

export type ListView = {
	/** Key of the row under the cursor; null means the first row. */
	readonly cursor: string | null;
	/** Index of the first row shown. */
	readonly top: number;
	readonly filter: string;
	readonly filtering: boolean;
	readonly sortIndex: number;
	readonly marks: ReadonlySet<string>;
};

export type Connection =
	/** `listing`: the engine answered and is building its lists (seconds on a large containerd store). */
	| {readonly status: 'connecting'; readonly host: string; readonly listing?: boolean}
	| {readonly status: 'ready'; readonly host: string; readonly engineVersion: string; readonly apiVersion: string; readonly product?: string}
	| {readonly status: 'down'; readonly host: string; readonly error: string; readonly hint: string};

export type LiveStatus = 'live' | 'reconnecting' | 'off';

export type RegistryAuth = 'none' | 'basic' | 'token';
export type RegistryCheck = {readonly state: 'checking'} | {readonly state: 'reachable'; readonly auth: RegistryAuth} | {readonly state: 'unreachable'; readonly message: string};

export type Message = {readonly kind: 'info' | 'error'; readonly text: string};

export type OperationKind = 'push' | 'pull' | 'build';
export type OperationState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** Work that runs in the background (push, pull, build), kept for the session once finished. */
export type Operation = {
	readonly id: number;
	readonly kind: OperationKind;
	readonly title: string;
	readonly state: OperationState;
	readonly progress: TransferProgress;
	readonly log: readonly string[];
	readonly error: TransferFailure | null;
	readonly digest: string | null;
	readonly imageId: string | null;
};

export type State = {
	readonly connection: Connection;
	/** The images are listed (from the engine in use). */
	readonly listed: boolean;
	/**
	 * The containers are listed too. The first screen may come before them (a large containerd
	 * store lists its containers slowly): meanwhile USED BY says so and nothing plans from them.
	 */
	readonly containersListed: boolean;
	readonly images: readonly ImageInfo[];
	readonly containers: readonly ContainerInfo[];
	readonly registries: readonly RegistryEntry[];
	readonly configPath: string;
	readonly disk: DiskUsage | null;
	readonly live: LiveStatus;
	readonly pane: PaneId;
	readonly showAll: boolean;
	readonly views: {readonly images: ListView; readonly containers: ListView; readonly registries: ListView; readonly fleet: ListView};
	/** null until the fleet pane is first opened: engines are asked only then. */
	readonly fleet: Fleet | null;
	/** Tags no clean-up rule selects, local or remote (settings file, or typed in a dialog). */
	readonly protect: readonly string[];
	/** Pull rate limits registries (Docker Hub) reported in their answers, by server. */
	readonly rateLimits: ReadonlyMap<string, RateLimit>;
	/** What the last background check of each registry found, by server. */
	readonly registryChecks: ReadonlyMap<string, RegistryCheck>;
	/** Each local reference naming a registry the user can ask, by the reference as in RepoTags. */
	readonly syncStatus: ReadonlyMap<string, SyncEntry>;
	readonly help: boolean;
	readonly dialog: Dialog | null;
	readonly viewport: {readonly columns: number; readonly rows: number};
	/** Clock for ages, advanced at most once a minute so idle frames stay identical. */
	readonly now: number;
	readonly message: Message | null;
	/** Newest last. */
	readonly operations: readonly Operation[];
	/** The housekeeping dialog's keep-N to start with (config file `keep`). */
	readonly defaultKeep: number;
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
	| DialogReport
	| {type: 'focus-image'; imageId: string}
	| {type: 'message'; message: Message | null}
	| {type: 'operation-add'; operation: Operation}
	| {type: 'operation-update'; id: number; patch: Partial<Omit<Operation, 'id' | 'kind'>>}
	| {type: 'fleet-start'; round: number; engines: readonly {name: string; host: string}[]; timeoutSeconds: number}
	| {type: 'fleet-engine'; round: number; name: string; status: FleetEngineStatus};
