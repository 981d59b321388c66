// The build-cache prune dialog and what the prune reports to it.
import type {BuildCachePruneOutcome, BuildCacheUsage} from '../../domain/build-cache';

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

export type BuildCacheReport = {readonly type: 'done'; readonly outcome: BuildCachePruneOutcome};

// This module's dialog kinds (and what services report to them), for the Dialog union.
declare module '../dialog-kinds' {
	interface DialogKinds {
		readonly 'build-cache': BuildCacheDialog;
	}
	interface DialogReportKinds {
		readonly 'build-cache': BuildCacheReport;
	}
}
