// The dialogs of pushes, pulls, builds and the operations they run, and what the pull suggestions report.
import type {PushTarget} from '../../domain/push-target';

/** References without a registry host would go to Docker Hub: asked first. */
export type PushConfirmDialog = {readonly kind: 'push-confirm'; readonly targets: readonly PushTarget[]; readonly hub: readonly string[]; readonly focus: 'confirm' | 'cancel'};

/** One operation's progress, live; Esc asks before cancelling it, Enter leaves it running. */
export type OperationDialog = {readonly kind: 'operation'; readonly id: number; readonly confirmingCancel: boolean; readonly focus: 'confirm' | 'cancel'; readonly scroll: number};

export type OperationsDialog = {readonly kind: 'operations'; readonly cursor: number};

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

export type PullReport = {readonly type: 'suggestions'; readonly repository: string; readonly tags: readonly string[]};

// This module's dialog kinds (and what services report to them), for the Dialog union.
declare module '../dialog-kinds' {
	interface DialogKinds {
		readonly 'push-confirm': PushConfirmDialog;
		readonly operation: OperationDialog;
		readonly operations: OperationsDialog;
		readonly pull: PullDialog;
		readonly build: BuildDialog;
		readonly quit: QuitDialog;
	}
	interface DialogReportKinds {
		readonly pull: PullReport;
	}
}
