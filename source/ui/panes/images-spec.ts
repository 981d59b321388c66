// The images pane: one row per reference (or untagged image), with its sync marker and users.
import type {ImageRow} from '../../domain/image-rows';
import {imageColumns} from '../../view/image-cells';
import {memo, selectImageCount, selectImageRows, selectUsage} from '../../state/selectors';
import {imageLine, imageRowText, imagesEmptyText, imageTitles, listPaneSummary} from '../screen-text';
import type {PaneSpec} from './pane-spec';

const lineOf = memo((usage: ReturnType<typeof selectUsage> | null, now: number, syncStatus: Parameters<typeof imageRowText>[3], width: number) => {
	const columns = imageColumns(width);
	return (row: ImageRow) => imageRowText(row, usage, now, syncStatus, width, columns);
});

const dimmed = (row: ImageRow) => row.dangling || row.intermediate;

export const imagesSpec: PaneSpec<ImageRow> = {
	title: 'Images',
	count: selectImageCount,
	rows: selectImageRows,
	header: state => imageLine(imageTitles, imageColumns(state.viewport.columns)),
	// USED BY waits for the containers: an image they use must never look unused.
	line: state => lineOf(state.containersListed ? selectUsage(state.images, state.containers) : null, state.now, state.syncStatus, state.viewport.columns),
	dim: () => dimmed,
	empty: imagesEmptyText,
	summary: state => listPaneSummary(state, 'images'),
	open: () => undefined,
};
