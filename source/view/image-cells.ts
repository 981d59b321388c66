// The images pane's columns: their widths for a terminal width, and a row's cells as text.
import type {ImageRow} from '../domain/image-rows';
import type {SyncEntry} from '../domain/sync-status';
import {formatBytes, shortId} from '../domain/format';
import {usageOf, type ImageUsage, type UsageIndex} from '../domain/usage';
import {formatAge} from './age';
import {syncMarker} from './sync-text';

/** The used-by cell: "2 running, 1 stopped" (compact: "2 run 1 stop"), "-" when nothing uses the image. */
export function formatUsage(usage: ImageUsage, compact: boolean): string {
	const parts: string[] = [];
	if (usage.running.length > 0) parts.push(`${usage.running.length} ${compact ? 'run' : 'running'}`);
	if (usage.stopped.length > 0) parts.push(`${usage.stopped.length} ${compact ? 'stop' : 'stopped'}`);
	if (parts.length === 0) return '-';
	return parts.join(compact ? ' ' : ', ');
}

export type ImageColumns = {repository: number; tag: number; sync: number; id: number; created: number; size: number; usedBy: number};

/** Column widths for a terminal width; the repository column takes what is left. */
export function imageColumns(width: number): ImageColumns {
	const wide = width >= 110;
	const fixed = {tag: wide ? 16 : 12, sync: 1, id: 12, created: wide ? 8 : 5, size: 7, usedBy: wide ? 20 : 12};
	// 2 for the mark/cursor gutter, 1 space between each of the 7 columns.
	const used = 2 + fixed.tag + fixed.sync + fixed.id + fixed.created + fixed.size + fixed.usedBy + 6;
	return {repository: Math.max(8, width - used), ...fixed};
}

export type ImageRowCells = {repository: string; tag: string; sync: string; id: string; created: string; size: string; usedBy: string};

/** `sync`: the registry's answer for the row's reference, when its registry is asked. `usage` null: the containers are still being listed. */
export function formatImageRow(row: ImageRow, usage: UsageIndex | null, nowMs: number, compact: boolean, sync?: SyncEntry): ImageRowCells {
	return {
		repository: row.repository,
		tag: row.tag,
		sync: syncMarker(sync),
		id: shortId(row.image.id),
		created: formatAge(row.image.created, nowMs),
		size: formatBytes(row.image.size),
		usedBy: usage ? formatUsage(usageOf(usage, row.image.id), compact) : '\u2026',
	};
}
