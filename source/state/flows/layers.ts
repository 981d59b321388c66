// The layers view: the list of an image's layers (instruction, bytes, share, waste), and Enter on
// one shows its files as a tree: what that layer adds, changes and removes, or (a) every file of
// the image as of that layer with the layer's changes marked; directories fold (Enter, space),
// sorted by size or name (s), narrowed by a filter (/). Reading the archive is the service's
// work; leaving while it reads cancels it, so the engine's stream is closed.
import {layerChanges} from '../../domain/layer-analysis';
import {finalFiles} from '../../domain/image-diff';
import {treeRows, type TreeFile} from '../../domain/file-tree';
import type {ImageFiles} from '../../domain/layer-files';
import type {LayerFiles, LayersDialog, LayersReport} from './layers-types';
import {stay, type FlowEvent, type FlowResult, type DialogFlow} from './flow';
import {means} from './intent';
import {reduceTextField, textFieldEvent} from './text-field';

export function layersDialog(imageId: string, size: number): FlowResult<LayersDialog> {
	return stay({kind: 'layers', imageId, reading: {bytes: 0, total: size}, error: null, files: null, analysis: null, cursor: 0, open: null}, {type: 'read-layers', imageId});
}

const marks = {added: '+', changed: '~', removed: '-'} as const;

/** The files to show: the layer's changes, or every file as of the layer with its changes marked. */
function sourceFiles(files: ImageFiles, layer: number, everything: boolean): TreeFile[] {
	const shared = (storedAs: string | undefined) => (storedAs === undefined ? {} : {storedAs});
	const changed = layerChanges(files, layer).map((change): TreeFile => ({path: change.path, size: change.size, type: change.type, mark: marks[change.kind], ...shared(change.storedAs)}));
	if (!everything) return changed;
	const markOf = new Map(changed.map(file => [file.path, file.mark]));
	return [...finalFiles(files, layer).values()].map((file): TreeFile => ({path: file.path, size: file.size, type: file.type, mark: markOf.get(file.path) ?? ' ', ...shared(file.storedAs)}));
}

/** The tree again after a change of files, filter, sort or folds; the cursor kept on the rows. */
function withRows(view: Omit<LayerFiles, 'rows'>, cursor = 0): LayerFiles {
	const needle = view.filter.toLowerCase();
	const kept = needle === '' ? view.source : view.source.filter(file => file.path.toLowerCase().includes(needle));
	const rows = treeRows(kept, view.folded, view.sort);
	return {...view, rows, cursor: Math.min(cursor, Math.max(0, rows.length - 1))};
}

function reduceLayerFiles(dialog: LayersDialog, open: LayerFiles, event: FlowEvent): FlowResult<LayersDialog> {
	const update = (next: LayerFiles | null) => stay({...dialog, open: next});
	if (open.filtering) {
		if (event.type === 'key' && means(event, 'submit')) return update({...open, filtering: false});
		if (event.type === 'key' && means(event, 'back')) return update(withRows({...open, filter: '', filtering: false}));
		const edit = textFieldEvent(event);
		if (!edit) return stay(dialog);
		const filter = reduceTextField(open.filter, edit);
		return filter === open.filter ? stay(dialog) : update(withRows({...open, filter}));
	}
	if (event.type === 'paste') return stay(dialog);
	if (means(event, 'back', 'close')) return update(null);
	if (means(event, 'down')) return update({...open, cursor: Math.min(open.cursor + 1, Math.max(0, open.rows.length - 1))});
	if (means(event, 'up')) return update({...open, cursor: Math.max(0, open.cursor - 1)});
	if (means(event, 'filter')) return update({...open, filtering: true});
	if (means(event, 'sort')) return update(withRows({...open, sort: open.sort === 'size' ? 'path' : 'size'}));
	if (means(event, 'all-files') && dialog.files) return update(withRows({...open, everything: !open.everything, folded: new Set(), source: sourceFiles(dialog.files, open.layer, !open.everything)}));
	const row = open.rows[open.cursor];
	if (means(event, 'submit', 'mark') && row?.folds) {
		const folded = new Set(open.folded);
		if (!folded.delete(row.path)) folded.add(row.path);
		return update(withRows({...open, folded}, open.cursor));
	}
	return stay(dialog);
}

/** The service's report on the archive this view reads; one for another image is dropped. */
function reportLayers(dialog: LayersDialog, report: LayersReport): LayersDialog {
	if (report.imageId !== dialog.imageId) return dialog;
	if (report.type === 'progress') return dialog.reading ? {...dialog, reading: {...dialog.reading, bytes: report.bytes}} : dialog;
	if (report.type === 'read') return {...dialog, reading: null, files: report.files, analysis: report.analysis};
	return {...dialog, reading: null, error: report.message};
}

function reduceLayers(dialog: LayersDialog, event: FlowEvent): FlowResult<LayersDialog> {
	if (dialog.open) return reduceLayerFiles(dialog, dialog.open, event);
	if (event.type === 'paste') return stay(dialog);
	if (means(event, 'back', 'close')) return dialog.reading ? stay(null, {type: 'cancel-layers'}) : stay(null);
	const count = dialog.analysis?.layers.length ?? 0;
	if (means(event, 'down')) return stay({...dialog, cursor: Math.min(dialog.cursor + 1, Math.max(0, count - 1))});
	if (means(event, 'up')) return stay({...dialog, cursor: Math.max(0, dialog.cursor - 1)});
	if (means(event, 'submit') && dialog.files && count > 0) {
		const view = {
			layer: dialog.cursor,
			everything: false,
			sort: 'size',
			filter: '',
			filtering: false,
			folded: new Set<string>(),
			cursor: 0,
			source: sourceFiles(dialog.files, dialog.cursor, false),
		} as const;
		return stay({...dialog, open: withRows(view)});
	}
	return stay(dialog);
}

export const layersFlow = {reduce: reduceLayers, report: reportLayers} satisfies DialogFlow<LayersDialog, LayersReport>;
