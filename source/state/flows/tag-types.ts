// The tag dialog and what tagging reports to it.
import type {TagSource} from '../../domain/tagging';
import type {StepResult} from '../step-result';

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

export type TagReport = {readonly type: 'done'; readonly results: readonly StepResult[]};

// This module's dialog kinds (and what services report to them), for the Dialog union.
declare module '../dialog-kinds' {
	interface DialogKinds {
		readonly tag: TagDialog;
	}
	interface DialogReportKinds {
		readonly tag: TagReport;
	}
}
