// The layers view: while the archive is read, how far it got; then each layer with its bytes,
// share, waste and instruction, the image's wasted bytes and top offenders; Enter on a layer
// lists its changes. Paths and instructions come from the image: drawn through Text's filter.
import {Text} from '../components/text';
import {DialogFrame} from '../components/dialog-frame';
import {countNoun, formatBytes, shortId} from '../../domain/format';
import {fit} from '../../view/fit';
import type {PlanLine} from '../../view/plan-text';
import {realTags} from '../../domain/image-rows';
import type {LayersDialog} from '../../state/flows/layers-types';
import {useApp, useStoreState} from '../store-context';

const line = (text: string, tone: PlanLine['tone'] = 'plain'): PlanLine => ({text, tone});
const percent = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;

/** The lines of the view, and the line its cursor or scroll keeps in sight. */
export function layersLines(dialog: LayersDialog, width: number): {lines: PlanLine[]; focus: number} {
	if (dialog.error) return {lines: [line(dialog.error, 'danger')], focus: 0};
	const {analysis, open} = dialog;
	if (!analysis) {
		const reading = dialog.reading ?? {bytes: 0, total: 0};
		const of = reading.total > 0 ? ` of about ${formatBytes(reading.total)}` : '';
		// dockerd writes the archive out before it sends its first byte: a wait with nothing to count.
		const text = reading.bytes === 0 ? "waiting for the engine to put the image's archive together…" : `reading the image from the engine: ${formatBytes(reading.bytes)}${of}`;
		return {lines: [line(text)], focus: 0};
	}
	if (open) {
		const layer = analysis.layers[open.layer]!;
		const what = open.everything ? `every file as of layer ${open.layer + 1} (+ ~ its changes)` : `layer ${open.layer + 1}: what it adds (+), changes (~) and removes (-)`;
		const filter = open.filtering || open.filter !== '' ? ` · filter: ${open.filter}${open.filtering ? '_' : ''}` : '';
		const heading = line(`${what}; ${countNoun(open.source.length, 'file')}, by ${open.sort === 'size' ? 'size' : 'name'}${filter} · layer stores ${formatBytes(layer.bytes)}`, 'muted');
		const rows = open.rows.map((row, index) => {
			const pointer = index === open.cursor ? '>' : ' ';
			const fold = row.folds ? (row.folded ? '▸ ' : '▾ ') : '  ';
			const name = `${row.name}${row.type === 'directory' ? '/' : ''}`;
			const tone: PlanLine['tone'] = index === open.cursor ? 'ok' : row.mark === '-' ? 'warn' : row.mark === ' ' ? 'muted' : 'plain';
			return line(`${pointer}${row.mark} ${formatBytes(row.size).padStart(8)}  ${'  '.repeat(row.depth)}${fold}${name}`, tone);
		});
		return {lines: [heading, ...rows], focus: open.cursor + 1};
	}
	const instructionWidth = Math.max(10, width - 40);
	const summary = line(`${formatBytes(analysis.totalBytes)} in ${countNoun(analysis.layers.length, 'layer')}, wasted ${formatBytes(analysis.wastedBytes)}, efficiency ${percent(analysis.efficiency)}`);
	const layers = analysis.layers.map((layer, index) => {
		const instruction = layer.createdBy === null ? '(history does not say)' : layer.createdBy.replace(/\s+/g, ' ').replace(/^\/bin\/sh -c #\(nop\) /, '');
		const text = `${index === dialog.cursor ? '>' : ' '}${String(index + 1).padStart(3)} ${formatBytes(layer.bytes).padStart(8)} ${percent(layer.share).padStart(6)} ${formatBytes(layer.wastedBytes).padStart(8)}  ${fit(instruction, instructionWidth).trimEnd()}`;
		return line(text, index === dialog.cursor ? 'ok' : 'plain');
	});
	const wasted = analysis.wastedPaths.slice(0, 10).map(path => line(`  ${formatBytes(path.bytes).padStart(8)}  ${path.path}`, 'warn'));
	const cut = analysis.cutOffAt === null ? [] : [line(`cut off at ${analysis.cutOffAt} files: wasted bytes count only those`, 'warn')];
	return {
		lines: [summary, ...cut, line('   #     size  share   wasted  instruction', 'muted'), ...layers, line(wasted.length > 0 ? 'Most wasted' : 'Nothing wasted', 'muted'), ...wasted],
		focus: dialog.cursor + 2 + cut.length,
	};
}

export function LayersView({dialog, height, width}: {readonly dialog: LayersDialog; readonly height: number; readonly width: number}) {
	const {theme} = useApp();
	const image = useStoreState(state => state.images.find(candidate => candidate.id === dialog.imageId));
	const {lines, focus} = layersLines(dialog, width - 4);
	const name = image ? (realTags(image)[0] ?? shortId(image.id)) : shortId(dialog.imageId);
	const footer = dialog.open?.filtering
		? 'type to filter · Enter keep · Esc clear'
		: dialog.open
			? 'j/k move · Enter fold · / filter · s sort by size or name · a every file as of this layer · Esc layers'
			: dialog.analysis
				? "j/k move · Enter the layer's files · Esc back"
				: 'Esc cancel';
	return (
		<DialogFrame
			title={`Layers of ${name}: why it is this big`}
			height={height}
			lines={lines}
			scroll={Math.max(0, focus - Math.floor((height - 6) / 2))}
			footer={<Text color={theme.muted}>{footer}</Text>}
		/>
	);
}
