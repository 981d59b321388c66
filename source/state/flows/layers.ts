// The layers view: the list of an image's layers (instruction, bytes, share, waste), and Enter on
// one shows its files: what that layer adds, changes and removes, or (a) every file of the image
// as of that layer with the layer's changes marked; sorted by size or path (s), narrowed by a
// filter (/). Reading the archive is the service's work; leaving while it reads cancels it, so
// the engine's stream is closed.
import {layerChanges} from '../../domain/layer-analysis';
import {finalFiles} from '../../domain/image-diff';
import type {ImageFiles} from '../../domain/layer-files';
import type {LayerFileRow, LayerFiles, LayersDialog} from '../types';
import {stay, type FlowEvent, type FlowResult} from './flow';
import {reduceTextField, textFieldEvent} from './text-field';

export function layersDialog(imageId: string, size: number): FlowResult {
	return stay({kind: 'layers', imageId, reading: {bytes: 0, total: size}, error: null, files: null, analysis: null, cursor: 0, open: null}, {type: 'read-layers', imageId});
}

const marks = {added: '+', changed: '~', removed: '-'} as const;

/** The rows to list: the layer's changes, or every file as of the layer with its changes marked. */
function sourceRows(files: ImageFiles, layer: number, everything: boolean): LayerFileRow[] {
	const changes = layerChanges(files, layer);
	const changed = changes.map(change => ({path: change.path, size: change.size, type: change.type, mark: marks[change.kind]}));
	if (!everything) return changed;
	const markOf = new Map(changed.map(row => [row.path, row.mark]));
	return [...finalFiles(files, layer).values()].map(file => ({path: file.path, size: file.size, type: file.type, mark: markOf.get(file.path) ?? ' '}));
}

const byPath = (a: LayerFileRow, b: LayerFileRow) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** The rows shown: the filter (a part of the path) applied, then the sort. */
function shownRows(view: Omit<LayerFiles, 'rows'>): LayerFileRow[] {
	const needle = view.filter.toLowerCase();
	const kept = needle === '' ? [...view.source] : view.source.filter(row => row.path.toLowerCase().includes(needle));
	return kept.sort(view.sort === 'size' ? (a, b) => b.size - a.size || byPath(a, b) : byPath);
}

function withRows(view: Omit<LayerFiles, 'rows'>): LayerFiles {
	return {...view, rows: shownRows(view), scroll: 0};
}

function reduceLayerFiles(dialog: LayersDialog, open: LayerFiles, event: FlowEvent): FlowResult {
	const update = (next: LayerFiles | null) => stay({...dialog, open: next});
	if (open.filtering) {
		if (event.type === 'key' && event.key.return) return update({...open, filtering: false});
		if (event.type === 'key' && event.key.escape) return update(withRows({...open, filter: '', filtering: false}));
		const edit = textFieldEvent(event);
		if (!edit) return stay(dialog);
		const filter = reduceTextField(open.filter, edit);
		return filter === open.filter ? stay(dialog) : update(withRows({...open, filter}));
	}
	if (event.type === 'paste') return stay(dialog);
	const {input, key} = event;
	if (key.escape || input === 'q') return update(null);
	if (input === 'j' || key.downArrow) return update({...open, scroll: Math.min(open.scroll + 1, Math.max(0, open.rows.length - 1))});
	if (input === 'k' || key.upArrow) return update({...open, scroll: Math.max(0, open.scroll - 1)});
	if (input === '/') return update({...open, filtering: true});
	if (input === 's') return update(withRows({...open, sort: open.sort === 'size' ? 'path' : 'size'}));
	if (input === 'a' && dialog.files) return update(withRows({...open, everything: !open.everything, source: sourceRows(dialog.files, open.layer, !open.everything)}));
	return stay(dialog);
}

export function reduceLayers(dialog: LayersDialog, event: FlowEvent): FlowResult {
	if (dialog.open) return reduceLayerFiles(dialog, dialog.open, event);
	if (event.type === 'paste') return stay(dialog);
	const {input, key} = event;
	if (key.escape || input === 'q') return dialog.reading ? stay(null, {type: 'cancel-layers'}) : stay(null);
	const count = dialog.analysis?.layers.length ?? 0;
	if (input === 'j' || key.downArrow) return stay({...dialog, cursor: Math.min(dialog.cursor + 1, Math.max(0, count - 1))});
	if (input === 'k' || key.upArrow) return stay({...dialog, cursor: Math.max(0, dialog.cursor - 1)});
	if (key.return && dialog.files && count > 0) {
		const view = {layer: dialog.cursor, everything: false, sort: 'size', filter: '', filtering: false, scroll: 0, source: sourceRows(dialog.files, dialog.cursor, false)} as const;
		return stay({...dialog, open: withRows(view)});
	}
	return stay(dialog);
}
