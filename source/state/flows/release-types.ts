// The release dialog and what each release step reports to it.
import type {ReleaseStepKind} from '../../domain/release-job';

export type ReleaseStep = {
	readonly kind: ReleaseStepKind;
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

/** How the step at `index` ended; a finished one says which image the new version points at, once known. */
export type ReleaseReport =
	| {readonly type: 'step-done'; readonly index: number; readonly detail: string; readonly releasedImageId: string | null}
	| {readonly type: 'step-failed'; readonly index: number; readonly detail: string};

// This module's dialog kinds (and what services report to them), for the Dialog union.
declare module '../dialog-kinds' {
	interface DialogKinds {
		readonly release: ReleaseDialog;
	}
	interface DialogReportKinds {
		readonly release: ReleaseReport;
	}
}
