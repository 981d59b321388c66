// The layers view: the list of an image's layers (instruction, bytes, share, waste), and Enter on
// one shows what that layer adds, changes and removes, biggest first. Reading the archive is the
// service's work; leaving while it reads cancels it, so the engine's stream is closed.
import {layerChanges} from '../../domain/layer-analysis';
import type {LayersDialog} from '../types';
import {stay, type FlowEvent, type FlowResult} from './flow';

export function layersDialog(imageId: string, size: number): FlowResult {
	return stay({kind: 'layers', imageId, reading: {bytes: 0, total: size}, error: null, files: null, analysis: null, cursor: 0, open: null}, {type: 'read-layers', imageId});
}

export function reduceLayers(dialog: LayersDialog, event: FlowEvent): FlowResult {
	if (event.type === 'paste') return stay(dialog);
	const {input, key} = event;
	const down = input === 'j' || key.downArrow;
	const up = input === 'k' || key.upArrow;
	const {open} = dialog;
	if (open) {
		if (key.escape || input === 'q') return stay({...dialog, open: null});
		if (down) return stay({...dialog, open: {...open, scroll: Math.min(open.scroll + 1, Math.max(0, open.changes.length - 1))}});
		if (up) return stay({...dialog, open: {...open, scroll: Math.max(0, open.scroll - 1)}});
		return stay(dialog);
	}
	if (key.escape || input === 'q') return dialog.reading ? stay(null, {type: 'cancel-layers'}) : stay(null);
	const count = dialog.analysis?.layers.length ?? 0;
	if (down) return stay({...dialog, cursor: Math.min(dialog.cursor + 1, Math.max(0, count - 1))});
	if (up) return stay({...dialog, cursor: Math.max(0, dialog.cursor - 1)});
	if (key.return && dialog.files && count > 0) {
		const changes = layerChanges(dialog.files, dialog.cursor).sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
		return stay({...dialog, open: {layer: dialog.cursor, changes, scroll: 0}});
	}
	return stay(dialog);
}
