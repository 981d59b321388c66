// The context switcher's dialog and what reading the docker contexts reports to it.
import type {EngineChoice} from '../../domain/engine-choice';

/** The context switcher; `confirming` asks first when operations of the current engine still run. */
export type ContextsDialog = {
	readonly kind: 'contexts';
	/** null until the contexts are read. */
	readonly choices: readonly EngineChoice[] | null;
	readonly cursor: number;
	readonly confirming: {readonly name: string; readonly active: number} | null;
	readonly focus: 'confirm' | 'cancel';
};

export type ContextsReport = {readonly type: 'choices'; readonly choices: readonly EngineChoice[]};

// This module's dialog kinds (and what services report to them), for the Dialog union.
declare module '../dialog-kinds' {
	interface DialogKinds {
		readonly contexts: ContextsDialog;
	}
	interface DialogReportKinds {
		readonly contexts: ContextsReport;
	}
}
