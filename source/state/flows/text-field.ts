// The one text field every input uses (filter, tag, namespace, force name): printable text only,
// one update per paste, widths in terminal columns. Pure.
import stringWidth from 'string-width';
import {bidiControlClass, controlCharacterClass} from '../../domain/visible-text';
import type {FlowEvent} from './flow';
import {means} from './intent';

/** Longest value a field keeps: far above any image reference (255 + 128), far below a runaway paste. */
export const maxFieldLength = 512;

// The characters the screen shows as escapes (source/domain/visible-text.ts), and the invisible
// ones a typed name has no use for: zero-width space and joiners, word joiners, BOM, annotations.
const unprintable = new RegExp(`[${controlCharacterClass}${bidiControlClass}\\u200B-\\u200D\\u2060-\\u2065\\uFEFF\\uFFF9-\\uFFFB]`, 'g');

/**
 * Keeps printable characters only: no C0/C1 controls, no DEL, and none of the Unicode format
 * characters that reorder or hide text on a terminal (bidi overrides and isolates, zero-width
 * joiners used as spoofing, BOM). Line breaks and tabs in a paste become spaces.
 */
export function printableText(text: string): string {
	return text.replace(/[\r\n\t]+/g, ' ').replace(unprintable, '');
}

export type TextFieldEvent = {readonly type: 'insert'; readonly text: string} | {readonly type: 'backspace'} | {readonly type: 'clear'};

/** What a key or paste does to a focused field, if anything. */
export function textFieldEvent(event: FlowEvent): TextFieldEvent | null {
	if (event.type === 'paste') return {type: 'insert', text: event.text};
	if (means(event, 'clear-field')) return {type: 'clear'};
	if (means(event, 'erase')) return {type: 'backspace'};
	if (event.text) return {type: 'insert', text: event.text};
	return null;
}

/** The new value after one event; the same string when nothing changes. */
export function reduceTextField(value: string, event: TextFieldEvent): string {
	switch (event.type) {
		case 'insert': {
			const text = printableText(event.text);
			if (text.length === 0) return value;
			const next = value + text;
			return next.length > maxFieldLength ? [...next].slice(0, maxFieldLength).join('') : next;
		}
		case 'backspace': {
			if (value.length === 0) return value;
			// One user-perceived character: a base character with its combining marks.
			const graphemes = [...new Intl.Segmenter().segment(value)];
			return value.slice(0, graphemes.at(-1)!.index);
		}
		case 'clear':
			return value.length === 0 ? value : '';
	}
}

/** The tail of `value` that fits in `columns` terminal columns, with … when cut: the caret end stays visible. */
export function fieldTail(value: string, columns: number): string {
	if (stringWidth(value) <= columns) return value;
	const graphemes = [...new Intl.Segmenter().segment(value)].map(part => part.segment);
	let width = 1;
	let start = graphemes.length;
	while (start > 0) {
		const next = stringWidth(graphemes[start - 1]!);
		if (width + next > columns) break;
		width += next;
		start--;
	}
	return `…${graphemes.slice(start).join('')}`;
}
