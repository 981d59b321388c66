// The containers dialog (stop, start, remove) and what the run reports to it.
import type {ContainerAction} from '../../domain/container-action';
import type {ContainerInfo} from '../../domain/types';
import type {Progress, RunPhase, StepResult} from '../step-result';

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

export type ContainersReport = {readonly type: 'progress'; readonly progress: Progress} | {readonly type: 'done'; readonly results: readonly StepResult[]};

// This module's dialog kinds (and what services report to them), for the Dialog union.
declare module '../dialog-kinds' {
	interface DialogKinds {
		readonly containers: ContainersDialog;
	}
	interface DialogReportKinds {
		readonly containers: ContainersReport;
	}
}
