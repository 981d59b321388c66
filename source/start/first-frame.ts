// The images pane's first screen, written before React, Ink and yoga are loaded (they take about
// 100 ms to evaluate; the engine's lists are usually there long before). Ink's first frame then
// finds these lines already on screen and the FrameWriter sends only what differs.
//
// The text comes from the same pure functions the Ink components use (source/ui/screen-text.ts,
// the row formatting, the selectors, the key table). The styling goes through the same steps as
// Ink's: chalk for each Text's style, in the order Ink's Text applies them, then the line is
// tokenised into styled characters on a row of `columns` cells and serialised, as Ink's Output
// does. test/ui/first-frame.test.tsx holds the result to Ink's own first frame, byte for byte.
import chalk from 'chalk';
import cliTruncate from 'cli-truncate';
import {styledCharsFromTokens, styledCharsToString, tokenize, type StyledChar} from '@alcalzone/ansi-tokenize';
import stringWidth from 'string-width';
import {formatImageRow, imageColumns} from '../domain/image-rows';
import {cursorIndex, listHeight, selectImageRows, selectUsage} from '../state/selectors';
import {paneOrder, type State} from '../state/types';
import {footerKeys} from '../ui/keymap';
import {fittedEngineLine, imageLine, imagesEmptyText, imageTitles, liveText, listSummary, paneCount, paneTab} from '../ui/screen-text';
import type {Theme} from '../ui/theme';

type Style = {readonly color?: string; readonly dim?: boolean; readonly bold?: boolean; readonly inverse?: boolean};

/** A Text's content with its style, applied in the order Ink's Text applies them. */
function styled(text: string, style: Style): string {
	let out = text;
	if (style.dim) out = chalk.dim(out);
	if (style.color) out = (chalk as unknown as Record<string, (text: string) => string>)[style.color]!(out);
	if (style.bold) out = chalk.bold(out);
	if (style.inverse) out = chalk.inverse(out);
	return out;
}

/** A Text with wrap="truncate", as Ink cuts it when it is wider than its box. */
function truncated(text: string, columns: number): string {
	return stringWidth(text) > columns ? cliTruncate(text, columns, {position: 'end'}) : text;
}

/** One screen line of `columns` cells, written to at column offsets, serialised as Ink serialises it. */
class Line {
	private readonly cells: StyledChar[];

	constructor(columns: number) {
		this.cells = Array.from({length: columns}, () => ({type: 'char', value: ' ', fullWidth: false, styles: []}));
	}

	write(x: number, text: string): number {
		let offset = x;
		for (const character of styledCharsFromTokens(tokenize(text))) {
			this.cells[offset] = character;
			const width = Math.max(1, stringWidth(character.value));
			for (let index = 1; index < width; index++) this.cells[offset + index] = {type: 'char', value: '', fullWidth: false, styles: character.styles};
			offset += width;
		}
		return offset;
	}

	toString(): string {
		return styledCharsToString(this.cells.filter(cell => cell !== undefined)).trimEnd();
	}
}

/** True when the first screen is the plain images pane that this module knows how to draw. */
export function drawable(state: State): boolean {
	const {columns, rows} = state.viewport;
	return (
		state.connection.status === 'ready' &&
		state.pane === 'images' &&
		!state.dialog &&
		!state.help &&
		!state.message &&
		state.operations.length === 0 &&
		!state.views.images.filter &&
		!state.views.images.filtering &&
		state.views.images.marks.size === 0 &&
		columns >= 60 &&
		rows >= 12
	);
}

/**
 * The lines Ink would write for this state, or null when the state is not the plain images pane
 * (a dialog, an error, a terminal too small…): then Ink draws the first frame itself.
 */
export function firstFrameLines(state: State, theme: Theme): string[] | null {
	if (!drawable(state)) return null;
	const {columns} = state.viewport;
	const frameHeight = state.viewport.rows - 1;
	const lines: Line[] = Array.from({length: frameHeight}, () => new Line(columns));

	lines[0]!.write(0, truncated(styled('dockswab ', {bold: true, color: theme.accent}) + fittedEngineLine(state) + styled(liveText(state.live), {color: state.live === 'live' ? theme.ok : theme.warn}), columns));
	let x = 0;
	paneOrder.forEach((id, index) => {
		const selected = id === state.pane;
		x = lines[1]!.write(x, styled(paneTab(index, id, paneCount(state, id)), {bold: selected, inverse: selected}));
	});

	const columnsOf = imageColumns(columns);
	lines[2]!.write(0, styled(truncated(`  ${imageLine(imageTitles, columnsOf)}`, columns), {bold: true}));
	const rows = selectImageRows(state);
	const view = state.views.images;
	const height = listHeight(state);
	const usage = selectUsage(state.images, state.containers);
	const cursor = cursorIndex(rows, view);
	const compact = columns < 110;
	rows.slice(view.top, view.top + height).forEach((row, offset) => {
		const text = imageLine(formatImageRow(row, usage, state.now, compact, state.syncStatus.get(row.reference)), columnsOf);
		const atCursor = view.top + offset === cursor;
		lines[3 + offset]!.write(0, styled(truncated(`  ${text}`, columns), {dim: (row.dangling || row.intermediate) && !atCursor, inverse: atCursor}));
	});
	if (rows.length === 0) lines[3]!.write(0, styled(truncated(`  ${imagesEmptyText(state)}`, columns), {color: theme.muted}));

	const summary = listSummary(state);
	lines[frameHeight - 2]!.write(columns - stringWidth(summary), styled(summary, {color: theme.muted}));
	lines[frameHeight - 1]!.write(0, styled(truncated(footerKeys(state.pane), columns), {color: theme.muted}));
	return lines.map(line => line.toString());
}
