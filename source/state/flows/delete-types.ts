// The delete flow's dialog and what the removal service reports to it.
import type {LayerIndex, RemovalTarget} from '../../domain/removal-plan';
import type {ContainerInfo, ImageInfo} from '../../domain/types';
import type {SyncEntry} from '../../domain/sync-status';
import type {Progress, RunPhase, StepResult} from '../step-result';

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

export type DeleteReport =
	| {readonly type: 'progress'; readonly progress: Progress}
	| {readonly type: 'done'; readonly results: readonly StepResult[]}
	/** The engine's per-image sizes and the layers read for the plan with these `targets`; `layers` null: not read, the bytes stay a floor. */
	| {readonly type: 'sizes'; readonly targets: readonly RemovalTarget[]; readonly uniqueSizes: ReadonlyMap<string, number>}
	| {readonly type: 'layers'; readonly targets: readonly RemovalTarget[]; readonly layers: LayerIndex | null};

// This module's dialog kinds (and what services report to them), for the Dialog union.
declare module '../dialog-kinds' {
	interface DialogKinds {
		readonly delete: DeleteDialog;
	}
	interface DialogReportKinds {
		readonly delete: DeleteReport;
	}
}
