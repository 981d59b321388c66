// The menus' dialogs: an image's details, the housekeeping menu and the versions view.
import type {IndexPlatforms} from '../../domain/registry-types';
import type {HistoryEntry} from '../../domain/types';
import type {MarkedVersion} from './image-diff-types';

/** The platform of the manifest the engine holds (image inspect), while it is asked and once answered (null: the engine does not say). */
export type LocalPlatform = {readonly kind: 'asking'} | {readonly kind: 'known'; readonly platform: string | null};

export type DetailsDialog = {
	readonly kind: 'details';
	readonly imageId: string;
	readonly history: readonly HistoryEntry[] | null;
	readonly error: string | null;
	readonly local: LocalPlatform;
	readonly index: {readonly kind: 'asking'} | IndexPlatforms;
	readonly scroll: number;
};

export type HousekeepingDialog = {readonly kind: 'housekeeping'; readonly choice: number; readonly keep: number};

export type VersionsDialog = {readonly kind: 'versions'; readonly cursor: number; readonly marked: readonly MarkedVersion[]};

export type DetailsReport =
	| {readonly type: 'history'; readonly history: readonly HistoryEntry[]}
	| {readonly type: 'history-failed'; readonly message: string}
	| {readonly type: 'local-platform'; readonly imageId: string; readonly platform: string | null}
	| {readonly type: 'index-platforms'; readonly imageId: string; readonly index: IndexPlatforms};

// This module's dialog kinds (and what services report to them), for the Dialog union.
declare module '../dialog-kinds' {
	interface DialogKinds {
		readonly housekeeping: HousekeepingDialog;
		readonly versions: VersionsDialog;
		readonly details: DetailsDialog;
	}
	interface DialogReportKinds {
		readonly details: DetailsReport;
	}
}
