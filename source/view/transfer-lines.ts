// A push or pull as one line per layer, with a bar for the layers whose bytes are moving.
import {formatBytes} from '../domain/format';
import {isTransferred, type LayerProgress, type TransferProgress} from '../domain/transfer-progress';
import {fit} from './fit';

/** Only these carry bytes worth a bar. */
const movingStatuses = new Set(['Pushing', 'Downloading', 'Extracting']);

function bar(fraction: number, width: number): string {
	const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
	return `[${'#'.repeat(filled)}${' '.repeat(width - filled)}]`;
}

const statusWidth = 11;
const maxBarWidth = 30;
const minBarWidth = 5;
/** "999MB / 999MB", "1.23GB / 4.56GB". */
const bytesWidth = 15;

function layerLine(layer: LayerProgress, width: number): string {
	const head = `${layer.id.slice(0, 12).padEnd(12)}  `;
	if (movingStatuses.has(layer.status) && layer.total !== null) {
		const current = Math.min(layer.current, layer.total);
		const bytes = `${formatBytes(current)} / ${formatBytes(layer.total)}`;
		// The bytes column has a fixed width so that every layer's bar has the same length.
		const barWidth = Math.min(maxBarWidth, width - (head.length + statusWidth + 1 + 2 + 2 + bytesWidth));
		if (barWidth >= minBarWidth) return fit(`${head}${layer.status.padEnd(statusWidth)} ${bar(current / layer.total, barWidth)}  ${bytes}`, width).trimEnd();
		return fit(`${head}${layer.status.padEnd(statusWidth)} ${bytes}`, width).trimEnd();
	}
	const size = layer.total !== null && isTransferred(layer) ? `  ${formatBytes(layer.total)}` : '';
	return fit(`${head}${layer.status}${size}`, width).trimEnd();
}

/** One line per layer for the view, each at most `width` columns. */
export function layerLines(progress: TransferProgress, width: number): string[] {
	return progress.layers.map(layer => layerLine(layer, width));
}
