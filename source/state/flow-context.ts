// What the store holds besides its dialog and help: what a flow reads of the store, and so what
// the selectors and builders flows call take. Built from domain types and the fleet's, never from
// state/types.ts, so that what a flow reads of the store is named apart from the open dialog.
// State is this plus the dialog and help.
import type {RateLimit, RegistryEntry} from '../domain/registry-types';
import type {ContainerInfo, DiskUsage, ImageInfo} from '../domain/types';
import type {TransferFailure, TransferProgress} from '../domain/transfer-progress';
import type {SyncEntry} from '../domain/sync-status';
import type {Fleet} from './fleet-types';

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

export type FlowContext = {
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
	readonly viewport: {readonly columns: number; readonly rows: number};
	/** Clock for ages, advanced at most once a minute so idle frames stay identical. */
	readonly now: number;
	readonly message: Message | null;
	/** Newest last. */
	readonly operations: readonly Operation[];
	/** The housekeeping dialog's keep-N to start with (config file `keep`). */
	readonly defaultKeep: number;
};
