// `dockswab layers` and `dockswab diff` as text lines and as JSON (version 1 of their schema,
// readme "layers and diff"). Layers are numbered from 1, oldest first, in both. Paths and history
// come from the image: in text each is shown on its one line with control characters as escapes.
import {countNoun, formatBytes, shortId} from '../domain/format';
import {fit} from './fit';
import type {ImageAnalysis} from '../domain/layer-analysis';
import type {ChangedFile, DiffFile, ImageDiff} from '../domain/image-diff';
import {visibleText} from '../domain/visible-text';

export type NamedImage = {readonly reference: string; readonly id: string};

/** The CI limits of `layers --max-wasted/--min-efficiency`, and which the image breaks. */
export type WasteCheck = {readonly maxWastedBytes: number | null; readonly minEfficiency: number | null};

export function checkFailures(analysis: ImageAnalysis, check: WasteCheck): string[] {
	const failures: string[] = [];
	if (check.maxWastedBytes !== null && analysis.wastedBytes > check.maxWastedBytes)
		failures.push(`wasted ${formatBytes(analysis.wastedBytes)} is more than --max-wasted ${formatBytes(check.maxWastedBytes)}`);
	if (check.minEfficiency !== null && analysis.efficiency < check.minEfficiency) failures.push(`efficiency ${percent(analysis.efficiency)} is below --min-efficiency ${percent(check.minEfficiency)}`);
	return failures;
}

const percent = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;
const layerList = (indexes: readonly number[]) => indexes.map(index => index + 1).join(', ');
const cutOffLine = (cap: number) => `cut off at ${cap} files: files past that were counted, not kept; wasted bytes count only the first ${cap}`;

export function layersText(image: NamedImage, analysis: ImageAnalysis, top: number, width: number): string[] {
	const heading = `${visibleText(image.reference)} (${shortId(image.id)}): ${countNoun(analysis.layers.length, 'layer')}, ${formatBytes(analysis.totalBytes)} of files, wasted ${formatBytes(analysis.wastedBytes)}, efficiency ${percent(analysis.efficiency)}`;
	const instructionWidth = Math.max(20, width - 42);
	const rows = analysis.layers.map(layer => {
		const instruction = layer.createdBy === null ? '(history does not say)' : layer.createdBy.replace(/\s+/g, ' ').trim();
		return `${String(layer.index + 1).padStart(3)}  ${formatBytes(layer.bytes).padStart(8)}  ${percent(layer.share).padStart(6)}  ${formatBytes(layer.wastedBytes).padStart(8)}  ${countNoun(layer.entryCount, 'file').padEnd(11)}  ${fit(instruction, instructionWidth).trimEnd()}`;
	});
	const shown = analysis.wastedPaths.slice(0, top);
	const wasted =
		shown.length === 0
			? ['no wasted files']
			: [
					`top wasted files (${shown.length} of ${analysis.wastedPaths.length}):`,
					...shown.map(
						path => `  ${formatBytes(path.bytes).padStart(8)}  ${visibleText(path.path)}  (stored in layer ${layerList(path.storedIn)}, replaced or deleted in layer ${layerList(path.supersededIn)})`,
					),
				];
	const cut = analysis.cutOffAt === null ? [] : [cutOffLine(analysis.cutOffAt)];
	return [heading, '  #      size   share    wasted  files        instruction', ...rows, ...wasted, ...cut];
}

export function layersJson(image: NamedImage & {readonly tags: readonly string[]}, analysis: ImageAnalysis, top: number, check: WasteCheck): Record<string, unknown> {
	return {
		version: 1,
		command: 'layers',
		image: {reference: image.reference, id: image.id, tags: image.tags},
		totalBytes: analysis.totalBytes,
		wastedBytes: analysis.wastedBytes,
		efficiency: analysis.efficiency,
		cutOffAt: analysis.cutOffAt,
		layers: analysis.layers.map(layer => ({
			layer: layer.index + 1,
			diffId: layer.diffId,
			createdBy: layer.createdBy,
			bytes: layer.bytes,
			share: layer.share,
			files: layer.entryCount,
			added: layer.changes.added,
			changed: layer.changes.changed,
			removed: layer.changes.removed,
			wastedBytes: layer.wastedBytes,
		})),
		wastedFiles: analysis.wastedPaths
			.slice(0, top)
			.map(path => ({path: path.path, bytes: path.bytes, storedIn: path.storedIn.map(index => index + 1), supersededIn: path.supersededIn.map(index => index + 1)})),
		wastedFileCount: analysis.wastedPaths.length,
		check: {...check, failures: checkFailures(analysis, check)},
	};
}

const fileJson = (file: DiffFile) => ({path: file.path, type: file.type, size: file.size, ...(file.linkTarget === undefined ? {} : {linkTarget: file.linkTarget}), layer: file.layer + 1});
const sumOf = (files: readonly DiffFile[]) => files.reduce((sum, file) => sum + file.size, 0);

export function diffJson(before: NamedImage, after: NamedImage, diff: ImageDiff): Record<string, unknown> {
	return {
		version: 1,
		command: 'diff',
		before,
		after,
		sharedLayers: diff.sharedLayers,
		layersOnlyBefore: diff.layersOnlyBefore.map(layer => ({layer: layer.index + 1, diffId: layer.diffId})),
		layersOnlyAfter: diff.layersOnlyAfter.map(layer => ({layer: layer.index + 1, diffId: layer.diffId})),
		added: diff.added.map(fileJson),
		removed: diff.removed.map(fileJson),
		changed: diff.changed.map(change => ({path: change.path, reasons: change.reasons, before: fileJson(change.before), after: fileJson(change.after)})),
		addedBytes: sumOf(diff.added),
		removedBytes: sumOf(diff.removed),
		cutOff: diff.cutOff,
	};
}

const described = (file: DiffFile) => (file.type === 'symlink' ? `-> ${visibleText(file.linkTarget ?? '')}` : file.type === 'file' || file.type === 'hardlink' ? formatBytes(file.size) : file.type);
const changedLine = (change: ChangedFile) => `~ ${visibleText(change.path)}  ${described(change.before)} => ${described(change.after)}  (${change.reasons.join(', ')})`;

export function diffText(before: NamedImage, after: NamedImage, diff: ImageDiff): string[] {
	const name = (image: NamedImage) => `${visibleText(image.reference)} (${shortId(image.id)})`;
	const layers = [
		`${name(before)} => ${name(after)}: ${countNoun(diff.sharedLayers, 'layer')} shared, ${diff.layersOnlyBefore.length} only before, ${diff.layersOnlyAfter.length} only after`,
		...diff.layersOnlyBefore.map(layer => `  before layer ${layer.index + 1}: ${layer.diffId}`),
		...diff.layersOnlyAfter.map(layer => `  after layer ${layer.index + 1}: ${layer.diffId}`),
	];
	const files = [
		...diff.added.map(file => `+ ${visibleText(file.path)}  ${described(file)}`),
		...diff.removed.map(file => `- ${visibleText(file.path)}  ${described(file)}`),
		...diff.changed.map(changedLine),
	];
	const totals = `${diff.added.length} added (${formatBytes(sumOf(diff.added))}), ${diff.removed.length} removed (${formatBytes(sumOf(diff.removed))}), ${diff.changed.length} changed`;
	const cut = diff.cutOff ? ['cut off: an image has more files than the cap; only the files kept are compared'] : [];
	return [...layers, ...files, totals, ...cut];
}
