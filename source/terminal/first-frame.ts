// The images pane's first screen, written before React, Ink and yoga are loaded (they take about
// 100 ms to evaluate; the engine's lists are usually there long before). Ink's first frame then
// finds these lines already on screen and the FrameWriter sends only what differs.
//
// The text comes from the same pure functions the Ink components use (the images pane's spec in
// source/ui/panes/, source/ui/screen-text.ts, the selectors, the key table). The styling goes through the same steps as
// Ink's: chalk for each Text's style, in the order Ink's Text applies them, then the line is
// split into styled cells on a row of `columns` cells and serialised, as Ink's Output does. test/ui/first-frame.test.tsx holds the result to Ink's own first frame, byte for byte.
import chalk from 'chalk';
import {cursorIndex, listHeight} from '../state/selectors';
import {paneOrder, type State} from '../state/types';
import {footerKeys} from '../ui/keymap';
import {paneSpecs} from '../ui/panes/pane-specs';
import {fittedEngineLine, liveText, minColumns, minRows, paneTab} from '../ui/screen-text';
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

// Every character of the first frame takes one cell: printable ASCII (references, IDs, sizes are
// ASCII by the reference grammar) and the few symbols dockswab draws. A frame with anything else
// (a wide character in a host name, say) is left to Ink, whose string-width knows every
// character; loading it here would cost more than the frame itself. The symbols (… · ● ○ ⏎ ✓ ↑ ≠ ⟳)
// are escaped: one raw non-ASCII character in the bundle makes V8 keep all of its source two bytes
// a character (scripts/build.mjs refuses such a bundle).
const oneCell = /^[\x20-\x7E\u2026\u00B7\u25CF\u25CB\u23CE\u2713\u2191\u2260\u27F3]*$/;

class NotOneCell extends Error {}

function checked(text: string): string {
	if (!oneCell.test(text)) throw new NotOneCell();
	return text;
}

/** A plain Text with wrap="truncate", cut as Ink cuts it (cli-truncate) when wider than its box. */
function truncated(text: string, columns: number): string {
	checked(text);
	return text.length > columns ? `${text.slice(0, columns - 1)}…` : text;
}

// Ink's Output turns each line into styled cells with @alcalzone/ansi-tokenize and back into a
// string with the fewest codes between neighbouring cells. Loading that library costs ~15 ms at
// start, for a handful of styles: these few lines do the same for the codes chalk writes here
// (bold, dim, inverse, the 16 foreground colours), and stop at any other code.
type Code = {readonly code: string; readonly endCode: string};

const endCodes = new Set(['\u001B[22m', '\u001B[27m', '\u001B[39m']);

function codeOf(sgr: string): Code {
	if (endCodes.has(sgr)) return {code: sgr, endCode: sgr};
	const number = Number(sgr.slice(2, -1));
	if (number === 1 || number === 2) return {code: sgr, endCode: '\u001B[22m'};
	if (number === 7) return {code: sgr, endCode: '\u001B[27m'};
	if ((number >= 30 && number <= 37) || (number >= 90 && number <= 97)) return {code: sgr, endCode: '\u001B[39m'};
	throw new NotOneCell();
}

const isIntensity = (code: Code) => code.code === '\u001B[1m' || code.code === '\u001B[2m';

/** The styles in force after `code`, as ansi-tokenize reduces them. */
function reduce(styles: readonly Code[], code: Code): Code[] {
	if (endCodes.has(code.code)) return styles.filter(style => style.endCode !== code.code);
	if (isIntensity(code)) return styles.some(style => style.code === code.code) ? [...styles] : [...styles, code];
	return [...styles.filter(style => style.endCode !== code.endCode), code];
}

function codesToString(codes: readonly Code[]): string {
	return [...new Set(codes.map(code => code.code))].join('');
}

function undo(codes: readonly Code[]): Code[] {
	return [...codes].reverse().map(code => ({code: code.endCode, endCode: code.endCode}));
}

/** The fewest codes from one cell's styles to the next one's, as ansi-tokenize's diff. */
function diff(from: readonly Code[], to: readonly Code[]): Code[] {
	const endCodesInTo = new Set(to.map(code => code.endCode));
	const startCodesInTo = new Set(to.map(code => code.code));
	const startCodesInFrom = new Set(from.map(code => code.code));
	const removed = from.filter(code => (isIntensity(code) ? !startCodesInTo.has(code.code) : !endCodesInTo.has(code.endCode)));
	return [...undo(removed), ...to.filter(code => !startCodesInFrom.has(code.code))];
}

type Cell = {value: string; styles: readonly Code[]};

/** One screen line of `columns` cells, written to at column offsets, serialised as Ink serialises it. */
class Line {
	private readonly cells: Cell[];

	constructor(columns: number) {
		this.cells = Array.from({length: columns}, () => ({value: ' ', styles: []}));
	}

	/** Writes styled text (one cell a character, see `oneCell`) from column x; returns the column after it. */
	write(x: number, text: string): number {
		let offset = x;
		let styles: Code[] = [];
		for (let index = 0; index < text.length; index++) {
			if (text[index] === '\u001B') {
				const end = text.indexOf('m', index);
				if (text[index + 1] !== '[' || end < 0) throw new NotOneCell();
				styles = reduce(styles, codeOf(text.slice(index, end + 1)));
				index = end;
				continue;
			}
			this.cells[offset++] = {value: text[index]!, styles};
		}
		return offset;
	}

	toString(): string {
		let out = '';
		this.cells.forEach((cell, index) => {
			out += codesToString(index === 0 ? cell.styles : diff(this.cells[index - 1]!.styles, cell.styles)) + cell.value;
		});
		const last = this.cells.at(-1);
		return (last ? out + codesToString(diff(last.styles, [])) : out).trimEnd();
	}
}

/** True when the first screen is the plain images pane that this module knows how to draw. */
function drawable(state: State): boolean {
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
		columns >= minColumns &&
		rows >= minRows
	);
}

/**
 * The lines Ink would write for this state, or null when the state is not the plain images pane
 * (a dialog, an error, a terminal too small…): then Ink draws the first frame itself.
 */
export function firstFrameLines(state: State, theme: Theme): string[] | null {
	if (!drawable(state)) return null;
	try {
		return drawImagesPane(state, theme);
	} catch (error) {
		if (error instanceof NotOneCell) return null;
		throw error;
	}
}

function drawImagesPane(state: State, theme: Theme): string[] {
	const {columns} = state.viewport;
	const frameHeight = state.viewport.rows - 1;
	const lines: Line[] = Array.from({length: frameHeight}, () => new Line(columns));

	// Fitted to the width by construction, as the header component fits it.
	lines[0]!.write(0, styled('dockswab ', {bold: true, color: theme.accent}) + checked(fittedEngineLine(state)) + styled(liveText(state.live), {color: state.live === 'live' ? theme.ok : theme.warn}));
	let x = 0;
	paneOrder.forEach((id, index) => {
		const selected = id === state.pane;
		x = lines[1]!.write(x, styled(checked(paneTab(index, paneSpecs[id].title, paneSpecs[id].count(state))), {bold: selected, inverse: selected}));
	});

	const spec = paneSpecs.images;
	lines[2]!.write(0, styled(truncated(`  ${spec.header(state)}`, columns), {bold: true}));
	const rows = spec.rows(state);
	const view = state.views.images;
	const height = listHeight(state);
	const line = spec.line(state);
	const dim = spec.dim(state);
	const cursor = cursorIndex(rows, view);
	rows.slice(view.top, view.top + height).forEach((row, offset) => {
		const atCursor = view.top + offset === cursor;
		lines[3 + offset]!.write(0, styled(truncated(`  ${line(row)}`, columns), {dim: dim(row) && !atCursor, inverse: atCursor}));
	});
	if (rows.length === 0) lines[3]!.write(0, styled(truncated(`  ${spec.empty(state)}`, columns), {color: theme.muted}));

	const summary = spec.summary(state);
	lines[frameHeight - 2]!.write(columns - checked(summary).length, styled(summary, {color: theme.muted}));
	lines[frameHeight - 1]!.write(0, styled(truncated(footerKeys(state.pane), columns), {color: theme.muted}));
	return lines.map(line => line.toString());
}
