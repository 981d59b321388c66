// The registries' dialogs (login, logout, browse, remote plan, remote keep) and what the registry services report to them.
import type {PushTarget} from '../../domain/push-target';
import type {RemoteTag} from '../../domain/registry-types';
import type {RemotePlan, RemotePlanOutcome, RemotePlanRule, TagDigest} from '../../domain/remote-plan';
import type {StepResult} from '../step-result';

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

export type LoginReport =
	| {readonly type: 'stored'; readonly server: string; readonly username: string; readonly auth: string; readonly store: string}
	/** The registry refused the credential: nothing was written. */
	| {readonly type: 'refused'; readonly message: string}
	| {readonly type: 'failed'; readonly message: string};

export type LogoutReport = {readonly type: 'done'; readonly server: string; readonly removed: boolean} | {readonly type: 'failed'; readonly message: string};

/** Answers for the repository list (`repository` null) or one repository's tags, of `server`; others are dropped. */
export type BrowseReport =
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

/** What the service found for `plan` (the one it was given): the registry read again, or the deletes done; dropped once another plan is up. */
export type RemotePlanReport = {readonly type: 'outcome'; readonly plan: RemotePlan; readonly outcome: RemotePlanOutcome};

// This module's dialog kinds (and what services report to them), for the Dialog union.
declare module '../dialog-kinds' {
	interface DialogKinds {
		readonly login: LoginDialog;
		readonly logout: LogoutDialog;
		readonly browse: BrowseDialog;
		readonly 'remote-keep': RemoteKeepDialog;
		readonly 'remote-plan': RemotePlanDialog;
	}
	interface DialogReportKinds {
		readonly login: LoginReport;
		readonly logout: LogoutReport;
		readonly browse: BrowseReport;
		readonly 'remote-plan': RemotePlanReport;
	}
}
