// The layers view's dialog and what reading the image's archive reports to it.
import type {TreeFile, TreeRow} from '../../domain/file-tree';
import type {ImageFiles} from '../../domain/layer-files';
import type {ImageAnalysis} from '../../domain/layer-analysis';

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

/** The archive of `imageId` as it is read: bytes so far, then its files and their analysis, or why not. */
export type LayersReport =
	| {readonly type: 'progress'; readonly imageId: string; readonly bytes: number}
	| {readonly type: 'read'; readonly imageId: string; readonly files: ImageFiles; readonly analysis: ImageAnalysis}
	| {readonly type: 'failed'; readonly imageId: string; readonly message: string};

// This module's dialog kinds (and what services report to them), for the Dialog union.
declare module '../dialog-kinds' {
	interface DialogKinds {
		readonly layers: LayersDialog;
	}
	interface DialogReportKinds {
		readonly layers: LayersReport;
	}
}
