// The diff of two versions: its dialog and what reading both archives reports to it.
import type {ImageDiff} from '../../domain/image-diff';

/** A version marked for a diff (`=` with two marked): the image and the reference it was marked under. */
export type MarkedVersion = {readonly imageId: string; readonly reference: string};

/** What changed between two versions: both read from the engine's archives, then compared. */
export type ImageDiffDialog = {
	readonly kind: 'image-diff';
	readonly before: MarkedVersion;
	readonly after: MarkedVersion;
	/** Bytes read of both archives so far and their images' sizes; null once read. */
	readonly reading: {readonly bytes: number; readonly total: number} | null;
	readonly error: string | null;
	readonly diff: ImageDiff | null;
	readonly scroll: number;
};

/** The two archives of `before` and `after` as they are read (bytes of both), then their diff, or why not. */
export type ImageDiffReport =
	| {readonly type: 'progress'; readonly before: string; readonly after: string; readonly bytes: number}
	| {readonly type: 'done'; readonly before: string; readonly after: string; readonly diff: ImageDiff}
	| {readonly type: 'failed'; readonly before: string; readonly after: string; readonly message: string};

// This module's dialog kinds (and what services report to them), for the Dialog union.
declare module '../dialog-kinds' {
	interface DialogKinds {
		readonly 'image-diff': ImageDiffDialog;
	}
	interface DialogReportKinds {
		readonly 'image-diff': ImageDiffReport;
	}
}
