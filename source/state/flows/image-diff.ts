// What changed between two versions (the versions view's `=`): both images are read from the
// engine's archives by the service, then compared; leaving while they are read cancels the read.
import type {ImageDiffDialog, MarkedVersion} from '../types';
import {stay, type FlowEvent, type FlowResult} from './flow';

export function imageDiffDialog(before: MarkedVersion, after: MarkedVersion, totalBytes: number): FlowResult {
	return stay({kind: 'image-diff', before, after, reading: {bytes: 0, total: totalBytes}, error: null, diff: null, scroll: 0}, {type: 'read-diff', before: before.imageId, after: after.imageId});
}

export function reduceImageDiff(dialog: ImageDiffDialog, event: FlowEvent): FlowResult {
	if (event.type === 'paste') return stay(dialog);
	const {input, key} = event;
	if (key.escape || input === 'q') return dialog.reading ? stay(null, {type: 'cancel-layers'}) : stay(null);
	if (input === 'j' || key.downArrow) return stay({...dialog, scroll: dialog.scroll + 1});
	if (input === 'k' || key.upArrow) return stay({...dialog, scroll: Math.max(0, dialog.scroll - 1)});
	return stay(dialog);
}
