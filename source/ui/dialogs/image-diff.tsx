import {keyHint, keyHints} from '../keymap';
// What changed between two versions: while both archives are read, how far it got; then the
// layers only one has and the files added (+), removed (-) and changed (~), as `dockswab diff`
// prints them. Paths come from the images: drawn through Text's filter.
import {Text} from '../components/text';
import {DialogFrame} from '../components/dialog-frame';
import {formatBytes} from '../../domain/format';
import {diffText} from '../../view/layers-text';
import type {PlanLine} from '../../view/plan-text';
import type {ImageDiffDialog} from '../../state/flows/image-diff-types';
import {useApp} from '../store-context';

export function imageDiffLines(dialog: ImageDiffDialog): PlanLine[] {
	if (dialog.error) return [{text: dialog.error, tone: 'danger'}];
	if (!dialog.diff) {
		const reading = dialog.reading ?? {bytes: 0, total: 0};
		const of = reading.total > 0 ? ` of about ${formatBytes(reading.total)}` : '';
		// dockerd writes an archive out before it sends its first byte: a wait with nothing to count.
		const text = reading.bytes === 0 ? "waiting for the engine to put the first image's archive together…" : `reading both images from the engine: ${formatBytes(reading.bytes)}${of}`;
		return [{text, tone: 'plain'}];
	}
	const named = (version: ImageDiffDialog['before']) => ({reference: version.reference, id: version.imageId});
	return diffText(named(dialog.before), named(dialog.after), dialog.diff).map(text => ({text, tone: text.startsWith('- ') ? 'warn' : text.startsWith('+ ') ? 'ok' : 'plain'}));
}

export function ImageDiffView({dialog, height}: {readonly dialog: ImageDiffDialog; readonly height: number}) {
	const {theme} = useApp();
	return (
		<DialogFrame
			title={`What changed from ${dialog.before.reference} to ${dialog.after.reference}`}
			height={height}
			lines={imageDiffLines(dialog)}
			scroll={dialog.scroll}
			footer={<Text color={theme.muted}>{dialog.diff ? keyHints(keyHint('scroll', 'down', 'up'), keyHint('back', 'back')) : keyHint('cancel', 'back')}</Text>}
		/>
	);
}
