import type {BuildCachePruned, BuildCacheUsage} from '../domain/build-cache';
import type {LayerIndex, RemovalTarget} from '../domain/removal-plan';
import type {RemotePlan, RemotePlanRule, TagDigest} from '../domain/remote-plan';
import type {RateLimit, RegistryEntry} from '../domain/registry-types';
import type {ContainerInfo, DiskUsage, HistoryEntry, ImageInfo} from '../domain/types';
import type {TransferFailure, TransferProgress} from '../domain/transfer-progress';
import type {SyncEntry} from '../domain/sync-status';
import type {Fleet, FleetDetailDialog, FleetEngineOutcome, FleetEngineStatus, FleetKeepDialog} from './fleet-types';
import type {StepResult} from './step-result';
import type {ImageFiles} from '../domain/layer-files';
import type {ImageAnalysis} from '../domain/layer-analysis';
import type {ImageDiff} from '../domain/image-diff';
import type {TreeFile, TreeRow} from '../domain/file-tree';

export type {StepResult} from './step-result';
export type Progress = {readonly done: number; readonly total: number; readonly current: string};
export type RunPhase = 'plan' | 'force' | 'running' | 'done';

/** The delete flow works on a snapshot of the lists taken when it opened: what it shows is what it does. */
export type DeleteDialog = {
	readonly kind: 'delete';
	readonly title: string;
	readonly targets: readonly RemovalTarget[];
	readonly images: readonly ImageInfo[];
	readonly containers: readonly ContainerInfo[];
	readonly uniqueSizes: ReadonlyMap<string, number> | null;
	/** The layers of the images involved, for exact bytes; null until read (or when they cannot be). */
	readonly layers: LayerIndex | null;
	/** Whether the bytes shown are exact (from layers), still being counted, or a floor. */
	readonly bytes: 'counting' | 'exact' | 'floor';
	/** What the registries said when the dialog opened: which deleted images a pull brings back. */
	readonly syncStatus: ReadonlyMap<string, SyncEntry>;
	readonly removeStoppedContainers: boolean;
	readonly forced: ReadonlySet<string>;
	readonly phase: RunPhase;
	readonly focus: 'confirm' | 'cancel';
	readonly forceInput: string;
	readonly progress: Progress | null;
	readonly results: readonly StepResult[];
	readonly scroll: number;
};

/** The platform of the manifest the engine holds (image inspect), while it is asked and once answered (null: the engine does not say). */
export type LocalPlatform = {readonly kind: 'asking'} | {readonly kind: 'known'; readonly platform: string | null};

/**
 * What a registry holding the image's digest says it is: an index and its platforms (`source`:
 * the repository that answered), a single manifest, or not known and why.
 */
export type IndexPlatforms =
	| {readonly kind: 'asking'}
	| {readonly kind: 'index'; readonly platforms: readonly string[]; readonly source: string}
	| {readonly kind: 'single'}
	| {readonly kind: 'unknown'; readonly reason: string};

export type DetailsDialog = {
	readonly kind: 'details';
	readonly imageId: string;
	readonly history: readonly HistoryEntry[] | null;
	readonly error: string | null;
	readonly local: LocalPlatform;
	readonly index: IndexPlatforms;
	readonly scroll: number;
};

/** Why an image is big: its layers, read from the engine's archive of it, then one layer's changes. */
export type LayersDialog = {
	readonly kind: 'layers';
	readonly imageId: string;
	/** Bytes of the archive read so far and the image's size (what the read is measured against); null once read. */
	readonly reading: {readonly bytes: number; readonly total: number} | null;
	readonly error: string | null;
	readonly files: ImageFiles | null;
	readonly analysis: ImageAnalysis | null;
	/** The layer under the cursor in the layer list. */
	readonly cursor: number;
	/** The layer whose files are shown; null: the layer list. */
	readonly open: LayerFiles | null;
};

/** One layer's files: its changes, or every file as of it (`everything`), filtered, then shown as a tree in `rows`. */
export type LayerFiles = {
	readonly layer: number;
	readonly everything: boolean;
	readonly sort: 'size' | 'path';
	readonly filter: string;
	readonly filtering: boolean;
	readonly source: readonly TreeFile[];
	/** Directory paths folded by the user. */
	readonly folded: ReadonlySet<string>;
	readonly rows: readonly TreeRow[];
	readonly cursor: number;
};

export type HousekeepingDialog = {readonly kind: 'housekeeping'; readonly choice: number; readonly keep: number};

/** Pruning the BuildKit build cache: the figures measured when it opened are the plan shown. */
export type BuildCacheDialog = {
	readonly kind: 'build-cache';
	/** null: the engine reported no build cache. */
	readonly usage: BuildCacheUsage | null;
	readonly phase: 'plan' | 'running' | 'done';
	readonly focus: 'confirm' | 'cancel';
	/** What the prune did, or why it failed, once done. */
	readonly outcome: BuildCachePruneOutcome | null;
};

/**
 * What a prune did as figures (the cache's bytes before, its usage after), worded by the view;
 * or why it failed.
 */
export type BuildCachePruneOutcome =
	{readonly kind: 'pruned'; readonly pruned: BuildCachePruned; readonly before: number | null; readonly after: BuildCacheUsage | null} | {readonly kind: 'failed'; readonly message: string};

export type ContainerAction = 'remove' | 'stop' | 'start';

export type ContainersDialog = {
	readonly kind: 'containers';
	readonly action: ContainerAction;
	readonly containers: readonly ContainerInfo[];
	readonly phase: RunPhase;
	readonly focus: 'confirm' | 'cancel';
	readonly forceInput: string;
	readonly progress: Progress | null;
	readonly results: readonly StepResult[];
};

export type TagSource = {readonly imageId: string; readonly reference: string};

export type TagDialog = {
	readonly kind: 'tag';
	/** One image: repository and tag fields. Several (marks): one namespace field, tags kept. */
	readonly sources: readonly TagSource[];
	readonly repository: string;
	readonly tag: string;
	readonly namespace: string;
	readonly field: 'repository' | 'tag';
	readonly suggestion: number;
	readonly phase: 'edit' | 'confirm' | 'running' | 'done';
	/** Which button Enter presses in the confirm phase. */
	readonly focus: 'confirm' | 'cancel';
	readonly error: string | null;
	readonly results: readonly StepResult[];
};

/** A version marked for a diff (`=` with two marked): the image and the reference it was marked under. */
export type MarkedVersion = {readonly imageId: string; readonly reference: string};

export type VersionsDialog = {readonly kind: 'versions'; readonly cursor: number; readonly marked: readonly MarkedVersion[]};

/** What changed between two versions: both read from the engine's archives, then compared. */
export type ImageDiffDialog = {
	readonly kind: 'image-diff';
	readonly before: MarkedVersion;
	readonly after: MarkedVersion;
	/** Bytes read of both archives so far and their images' sizes; null once read. */
	readonly reading: {readonly bytes: number; readonly total: number} | null;
	readonly error: string | null;
	readonly diff: ImageDiff | null;
	readonly scroll: number;
};

export type LoginDialog = {
	readonly kind: 'login';
	readonly server: string;
	readonly username: string;
	/** Held only while the dialog is open; drawn as dots, never logged. */
	readonly password: string;
	readonly field: 'server' | 'username' | 'password';
	readonly phase: 'edit' | 'verifying' | 'done';
	readonly error: string | null;
	/** What happened, once done: where the credential went. */
	readonly outcome: string | null;
	/** A push that met an auth failure, run again after a successful login. */
	readonly retryPush?: readonly PushTarget[];
};

export type LogoutDialog = {
	readonly kind: 'logout';
	readonly server: string;
	readonly user: string | null;
	readonly store: string;
	readonly focus: 'confirm' | 'cancel';
	readonly phase: 'confirm' | 'running' | 'done';
	readonly outcome: string | null;
};

export type RemoteTag = {
	readonly tag: string;
	readonly digest: string | null;
	readonly size: number | null;
	readonly created: string | null;
	readonly platforms: readonly string[];
	/** The platform manifests an index lists, by digest; empty for a single manifest or while unknown. */
	readonly children: readonly string[];
	readonly error: string | null;
};

/** A registry's repositories (from its catalog), or its tags for one repository. */
export type BrowseDialog = {
	readonly kind: 'browse';
	readonly server: string;
	/** null: the repository list; a name: that repository's tags. */
	readonly repository: string | null;
	readonly repositories: readonly string[];
	readonly tags: readonly RemoteTag[];
	readonly loading: boolean;
	/** Pages of the catalog read so far, for the progress count. */
	readonly pages: number;
	/** What the listing limits left out of the repository list, or null when it is whole. */
	readonly repositoriesCut: string | null;
	/** The same for the tag list shown. */
	readonly tagsCut: string | null;
	readonly error: string | null;
	/** The registry has no catalog (Docker Hub): the user types a repository instead. */
	readonly noCatalog: boolean;
	readonly cursor: number;
	readonly filter: string;
	readonly filtering: boolean;
	/** The repository name typed when there is no catalog. */
	readonly typed: string;
	/** Marked tags in the tag list. */
	readonly marks: ReadonlySet<string>;
};

/**
 * Deleting manifests from a registry: the plan on screen is what runs. A confirm first reads the
 * registry again ('verifying'); a plan that comes out different is shown instead of run.
 */
export type RemotePlanDialog = {
	readonly kind: 'remote-plan';
	readonly server: string;
	readonly title: string;
	readonly plan: RemotePlan;
	/** How the plan was made: the same rule is applied to the registry's answer when re-checking. */
	readonly rule: RemotePlanRule;
	/** The last re-check that stopped a confirm: the registry had changed, or could not be read. */
	readonly recheck: {readonly kind: 'changed'} | {readonly kind: 'failed'; readonly message: string} | null;
	readonly focus: 'confirm' | 'cancel';
	readonly phase: 'plan' | 'verifying' | 'running' | 'done';
	readonly results: readonly StepResult[];
	readonly scroll: number;
	/** The tag list this plan came from, to go back to. */
	readonly back: BrowseDialog;
};

/** What the service reports back for a remote plan: the registry read again, or the deletes done. */
export type RemotePlanOutcome =
	{readonly type: 'verified'; readonly tags: readonly TagDigest[]} | {readonly type: 'verify-failed'; readonly message: string} | {readonly type: 'deleted'; readonly results: readonly StepResult[]};

/** A reference to push and the image the user chose it on: the push runs against that image. */
export type PushTarget = {readonly imageId: string; readonly reference: string};

/** References without a registry host would go to Docker Hub: asked first. */
export type PushConfirmDialog = {readonly kind: 'push-confirm'; readonly targets: readonly PushTarget[]; readonly hub: readonly string[]; readonly focus: 'confirm' | 'cancel'};

/** One operation's progress, live; Esc asks before cancelling it, Enter leaves it running. */
export type OperationDialog = {readonly kind: 'operation'; readonly id: number; readonly confirmingCancel: boolean; readonly focus: 'confirm' | 'cancel'; readonly scroll: number};

export type OperationsDialog = {readonly kind: 'operations'; readonly cursor: number};

export type ReleaseStep = {
	readonly kind: 'tag' | 'build' | 'push' | 'move' | 'push-floating';
	readonly label: string;
	readonly state: 'pending' | 'running' | 'done' | 'failed' | 'skipped';
	/** Progress, the digest pushed, or why it failed. */
	readonly detail: string;
};

export type ReleaseDialog = {
	readonly kind: 'release';
	readonly repository: string;
	readonly sourceImageId: string;
	readonly sourceTag: string;
	readonly versions: {readonly patch: string; readonly minor: string; readonly major: string};
	readonly bump: 'patch' | 'minor' | 'major';
	/** Build the context into the new version, or tag the chosen image with it. */
	readonly build: boolean;
	readonly context: string;
	readonly floatingChoices: readonly string[];
	readonly floating: string | null;
	readonly phase: 'choose' | 'running' | 'failed' | 'done' | 'stopped';
	readonly steps: readonly ReleaseStep[];
	/** Esc while running: stop before the next step. */
	readonly stopRequested: boolean;
	readonly focus: 'confirm' | 'cancel';
	/** The image the new version points at, once tagged or built. */
	readonly releasedImageId: string | null;
};

/** q while pushes, pulls or builds run: leaving cancels them, so it asks. */
export type QuitDialog = {readonly kind: 'quit'; readonly active: number; readonly focus: 'confirm' | 'cancel'};

export type PullDialog = {
	readonly kind: 'pull';
	readonly reference: string;
	/** Tags the registry (or the registries pane's tag list) knows for the typed repository. */
	readonly suggestions: readonly string[];
	/** The repository the suggestions are for, to drop late answers for another. */
	readonly suggestionsFor: string | null;
	/** The tag offered last by Tab (an index into the matching tags); -1 while the user types. */
	readonly suggestion: number;
	/** What was typed after the ':' before Tab replaced it: Tab offers only the tags starting with it. */
	readonly tagPrefix: string;
	readonly error: string | null;
};

export type BuildDialog = {
	readonly kind: 'build';
	readonly context: string;
	readonly dockerfile: string;
	readonly tag: string;
	readonly field: 'context' | 'dockerfile' | 'tag';
	readonly error: string | null;
};

/** Keep the newest N versions of a remote repository, with protect patterns. */
export type RemoteKeepDialog = {
	readonly kind: 'remote-keep';
	readonly server: string;
	readonly repository: string;
	readonly tags: readonly TagDigest[];
	readonly keep: number;
	/** Protect patterns as typed, comma separated. */
	readonly protect: string;
	readonly back: BrowseDialog;
};

/** An engine the user can switch to: a docker context, or a --host URL (its name is the URL). */
export type EngineChoice = {
	readonly name: string;
	readonly host: string;
	readonly tls: boolean;
	readonly current: boolean;
	/** Why this context cannot be used (its meta.json is broken), or null. */
	readonly error: string | null;
};

/** The context switcher; `confirming` asks first when operations of the current engine still run. */
export type ContextsDialog = {
	readonly kind: 'contexts';
	/** null until the contexts are read. */
	readonly choices: readonly EngineChoice[] | null;
	readonly cursor: number;
	readonly confirming: {readonly name: string; readonly active: number} | null;
	readonly focus: 'confirm' | 'cancel';
};

export type Dialog =
	| DeleteDialog
	| DetailsDialog
	| LayersDialog
	| ImageDiffDialog
	| HousekeepingDialog
	| BuildCacheDialog
	| ContainersDialog
	| TagDialog
	| VersionsDialog
	| LoginDialog
	| LogoutDialog
	| BrowseDialog
	| RemotePlanDialog
	| RemoteKeepDialog
	| PushConfirmDialog
	| OperationDialog
	| OperationsDialog
	| PullDialog
	| BuildDialog
	| QuitDialog
	| ReleaseDialog
	| FleetDetailDialog
	| FleetKeepDialog
	| ContextsDialog;

/**
 * What a service reports back to the dialog it works for, per dialog kind: typed events that go
 * through that flow's reducer (state/flows/reports.ts), never patches of the dialog. `never`: a
 * dialog no service reports to. Every kind has an entry, so a new dialog must say.
 */
export type DialogReports = EveryDialogKind<{
	delete:
		| {readonly type: 'progress'; readonly progress: Progress}
		| {readonly type: 'done'; readonly results: readonly StepResult[]}
		/** The engine's per-image sizes and the layers read for the plan with these `targets`; `layers` null: not read, the bytes stay a floor. */
		| {readonly type: 'sizes'; readonly targets: readonly RemovalTarget[]; readonly uniqueSizes: ReadonlyMap<string, number>}
		| {readonly type: 'layers'; readonly targets: readonly RemovalTarget[]; readonly layers: LayerIndex | null};
	containers: {readonly type: 'progress'; readonly progress: Progress} | {readonly type: 'done'; readonly results: readonly StepResult[]};
	tag: {readonly type: 'done'; readonly results: readonly StepResult[]};
	'build-cache': {readonly type: 'done'; readonly outcome: BuildCachePruneOutcome};
	details:
		| {readonly type: 'history'; readonly history: readonly HistoryEntry[]}
		| {readonly type: 'history-failed'; readonly message: string}
		| {readonly type: 'local-platform'; readonly imageId: string; readonly platform: string | null}
		| {readonly type: 'index-platforms'; readonly imageId: string; readonly index: IndexPlatforms};
	housekeeping: never;
	versions: never;
	/** The archive of `imageId` as it is read: bytes so far, then its files and their analysis, or why not. */
	layers:
		| {readonly type: 'progress'; readonly imageId: string; readonly bytes: number}
		| {readonly type: 'read'; readonly imageId: string; readonly files: ImageFiles; readonly analysis: ImageAnalysis}
		| {readonly type: 'failed'; readonly imageId: string; readonly message: string};
	/** The two archives of `before` and `after` as they are read (bytes of both), then their diff, or why not. */
	'image-diff':
		| {readonly type: 'progress'; readonly before: string; readonly after: string; readonly bytes: number}
		| {readonly type: 'done'; readonly before: string; readonly after: string; readonly diff: ImageDiff}
		| {readonly type: 'failed'; readonly before: string; readonly after: string; readonly message: string};
	login:
		| {readonly type: 'stored'; readonly server: string; readonly username: string; readonly auth: string; readonly store: string}
		/** The registry refused the credential: nothing was written. */
		| {readonly type: 'refused'; readonly message: string}
		| {readonly type: 'failed'; readonly message: string};
	logout: {readonly type: 'done'; readonly server: string; readonly removed: boolean} | {readonly type: 'failed'; readonly message: string};
	/** Answers for the repository list (`repository` null) or one repository's tags, of `server`; others are dropped. */
	browse:
		| {readonly type: 'repositories-page'; readonly server: string; readonly repositories: readonly string[]; readonly pages: number}
		/** The whole list; `pages` null when it came from the cache. */
		| {readonly type: 'repositories'; readonly server: string; readonly repositories: readonly string[]; readonly pages: number | null; readonly cut: string | null}
		| {readonly type: 'no-catalog'; readonly server: string}
		| {readonly type: 'tags-listed'; readonly server: string; readonly repository: string; readonly tags: readonly RemoteTag[]; readonly cut: string | null}
		| {readonly type: 'tags-progress'; readonly server: string; readonly repository: string; readonly tags: readonly RemoteTag[]}
		| {readonly type: 'tags'; readonly server: string; readonly repository: string; readonly tags: readonly RemoteTag[]; readonly cut: string | null}
		| {readonly type: 'failed'; readonly server: string; readonly repository: string | null; readonly message: string}
		/** The registry wants a login for this listing: the login dialog for the server takes over. */
		| {readonly type: 'auth-needed'; readonly server: string; readonly repository: string | null};
	/** What the service found for the plan `shown`: the registry read again, or the deletes done; dropped once another dialog is up. */
	'remote-plan': {readonly type: 'outcome'; readonly shown: RemotePlanDialog; readonly outcome: RemotePlanOutcome};
	'remote-keep': never;
	'push-confirm': never;
	operation: never;
	operations: never;
	pull: {readonly type: 'suggestions'; readonly repository: string; readonly tags: readonly string[]};
	build: never;
	quit: never;
	/** How the step at `index` ended; a finished one says which image the new version points at, once known. */
	release:
		| {readonly type: 'step-done'; readonly index: number; readonly detail: string; readonly releasedImageId: string | null}
		| {readonly type: 'step-failed'; readonly index: number; readonly detail: string};
	'fleet-detail': never;
	'fleet-keep': {readonly type: 'engine'; readonly index: number; readonly outcome: FleetEngineOutcome} | {readonly type: 'done'};
	contexts: {readonly type: 'choices'; readonly choices: readonly EngineChoice[]};
}>;

/** The type itself, refused by the compiler when it lacks an entry for some dialog kind. */
type EveryDialogKind<T extends {readonly [K in Dialog['kind']]: unknown}> = T;

/** The dialog kinds some service reports to. */
export type ReportedKind = {[K in Dialog['kind']]: [DialogReports[K]] extends [never] ? never : K}[Dialog['kind']];

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
