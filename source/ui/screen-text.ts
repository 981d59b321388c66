// The text of the main screen's fixed parts, as pure functions of the state: the Ink components
// draw them, and the first frame (source/terminal/first-frame.ts) writes the same text before React
// and Ink are loaded.
import {formatBytes} from '../domain/format';
import {fit} from '../view/fit';
import {formatKnownBytes} from '../view/known-bytes';
import type {ImageRow} from '../domain/image-rows';
import {formatImageRow, type ImageColumns, type ImageRowCells} from '../view/image-cells';
import type {UsageIndex} from '../domain/usage';
import {containerSortName, imageSortName, selectContainerRows, selectHiddenMarks, selectImageRows} from '../state/selectors';
import type {State} from '../state/types';

/** The smallest terminal the screens are laid out for; below it only a message is drawn. */
export const minColumns = 60;
export const minRows = 12;

export function engineLine(state: State): string {
	const {connection} = state;
	const version = connection.status === 'ready' ? `${connection.product ?? 'Docker'} ${connection.engineVersion} (API ${connection.apiVersion})` : connection.status;
	// The cache only when there is one, and short: the housekeeping menu has its reclaimable part
	// and says when none was reported.
	const cache = state.disk?.buildCache && state.disk.buildCache.entries.length > 0 ? ` · build cache ${formatBytes(state.disk.buildCache.bytes)}` : '';
	const disk = state.disk ? ` · ${formatKnownBytes(state.disk.imagesBytes)} used, ${formatKnownBytes(state.disk.reclaimableBytes)} reclaimable${cache}` : '';
	return `${connection.host} · ${version}${disk}`;
}

/**
 * The event stream's state. The header is drawn only with an engine connected, so before the
 * stream is open (the first frame, a moment after a switch) it is connecting, not offline.
 */
export function liveText(live: State['live']): string {
	return live === 'live' ? ' ● live' : live === 'reconnecting' ? ' ○ reconnecting' : ' ○ connecting';
}

/** The engine line as drawn: fitted between the name "dockswab " and the live marker. */
export function fittedEngineLine(state: State): string {
	return fit(engineLine(state), state.viewport.columns - 9 - liveText(state.live).length);
}

export function paneTab(index: number, title: string, count: number | null): string {
	return ` ${index + 1} ${title}${count === null ? '' : ` ${count}`} `;
}

export function imageLine(cells: ImageRowCells, columns: ImageColumns): string {
	return [
		fit(cells.repository, columns.repository),
		fit(cells.tag, columns.tag),
		fit(cells.sync, columns.sync),
		fit(cells.id, columns.id),
		fit(cells.created, columns.created, true),
		fit(cells.size, columns.size, true),
		fit(cells.usedBy, columns.usedBy),
	].join(' ');
}

/** One images-pane row as drawn: narrower terminals get the compact age and size forms. */
export function imageRowText(row: ImageRow, usage: UsageIndex | null, now: number, syncStatus: State['syncStatus'], width: number, columns: ImageColumns): string {
	return imageLine(formatImageRow(row, usage, now, width < 110, syncStatus.get(row.reference)), columns);
}

export const imageTitles: ImageRowCells = {repository: 'REPOSITORY', tag: 'TAG', sync: '', id: 'IMAGE ID', created: 'AGE', size: 'SIZE', usedBy: 'USED BY'};

/** "2 running · 1 queued" while operations are under way; empty otherwise. */
export function operationsSummary(state: State): string {
	const running = state.operations.filter(operation => operation.state === 'running').length;
	const queued = state.operations.filter(operation => operation.state === 'queued').length;
	if (running + queued === 0) return '';
	return `⟳ ${running} running${queued > 0 ? ` · ${queued} queued` : ''} (O)  `;
}

/** The status line of the images and containers panes: rows, sort, marks (hidden ones too). */
export function listPaneSummary(state: State, pane: 'images' | 'containers'): string {
	const view = state.views[pane];
	const rows = pane === 'images' ? selectImageRows(state) : selectContainerRows(state);
	const hidden = selectHiddenMarks(state, pane);
	const parts = [`${rows.length} rows`, `sort: ${pane === 'images' ? imageSortName(view) : containerSortName(view)}`];
	if (pane === 'images' && state.showAll) parts.push('all');
	if (view.marks.size > 0) parts.push(`${view.marks.size} marked${hidden > 0 ? ` (${hidden} hidden by filter)` : ''}`);
	return parts.join(' · ');
}

export function imagesEmptyText(state: State): string {
	const view = state.views.images;
	return !state.listed ? 'loading images…' : view.filter ? `no image matches "${view.filter}"` : 'no images';
}
