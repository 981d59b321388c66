// What changed between two versions (the versions view's `=`): both images are read from the
// engine's archives by the service, then compared; leaving while they are read cancels the read.
import type {ImageDiffDialog, MarkedVersion, ImageDiffReport} from './image-diff-types';
import {stay, type FlowEvent, type FlowResult, type DialogFlow} from './flow';
import {means} from './intent';

export function imageDiffDialog(before: MarkedVersion, after: MarkedVersion, totalBytes: number): FlowResult<ImageDiffDialog> {
	return stay({kind: 'image-diff', before, after, reading: {bytes: 0, total: totalBytes}, error: null, diff: null, scroll: 0}, {type: 'read-diff', before: before.imageId, after: after.imageId});
}

/** The service's report on the two archives this view compares; one for another pair is dropped. */
function reportImageDiff(dialog: ImageDiffDialog, report: ImageDiffReport): ImageDiffDialog {
	if (report.before !== dialog.before.imageId || report.after !== dialog.after.imageId) return dialog;
	if (report.type === 'progress') return dialog.reading ? {...dialog, reading: {...dialog.reading, bytes: report.bytes}} : dialog;
	if (report.type === 'done') return {...dialog, reading: null, diff: report.diff};
	return {...dialog, reading: null, error: report.message};
}

function reduceImageDiff(dialog: ImageDiffDialog, event: FlowEvent): FlowResult<ImageDiffDialog> {
	if (event.type === 'paste') return stay(dialog);
	if (means(event, 'back', 'close')) return dialog.reading ? stay(null, {type: 'cancel-layers'}) : stay(null);
	if (means(event, 'down')) return stay({...dialog, scroll: dialog.scroll + 1});
	if (means(event, 'up')) return stay({...dialog, scroll: Math.max(0, dialog.scroll - 1)});
	return stay(dialog);
}

export const imageDiffFlow = {reduce: reduceImageDiff, report: reportImageDiff} satisfies DialogFlow<ImageDiffDialog, ImageDiffReport>;
