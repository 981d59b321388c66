import {describe, expect, test} from 'vitest';
import {fit} from '../../source/view/fit';
import {visibleJson, visibleLines, visibleText} from '../../source/domain/visible-text';

describe('visibleText', () => {
	test('shows C0 controls as escapes: an OSC title or clipboard write is drawn, not obeyed', () => {
		expect(visibleText('a\u001B]0;OWNED\u0007b')).toBe('a\\x1b]0;OWNED\\x07b');
		expect(visibleText('\u0000\u0008\u001B[2J')).toBe('\\x00\\x08\\x1b[2J');
		expect(visibleText('one\ttwo\r\nthree')).toBe('one\\ttwo\\r\\nthree');
	});

	test('shows DEL and the C1 controls (8-bit CSI, OSC, ST) as escapes', () => {
		expect(visibleText('x\u007Fy')).toBe('x\\x7fy');
		expect(visibleText('\u0080\u009B31m\u009D0;t\u009C\u009F')).toBe('\\x80\\x9b31m\\x9d0;t\\x9c\\x9f');
	});

	test('shows the bidi controls that reorder text as escapes', () => {
		expect(visibleText('invoice\u202Egnp.exe')).toBe('invoice\\u202egnp.exe');
		const bidi = ['\u061C', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];
		expect(bidi.map(visibleText)).toEqual(['\\u061c', '\\u200e', '\\u200f', '\\u202a', '\\u202b', '\\u202c', '\\u202d', '\\u202e', '\\u2066', '\\u2067', '\\u2068', '\\u2069']);
	});

	test('leaves ordinary text alone: wide, combining, emoji, Latin-1 letters, the symbols dockswab draws', () => {
		for (const text of ['app:1.0.0', '日本語', 'e\u0301', '👩‍👩‍👧', 'naïve £5 ©', '⟳ ● ○ … ·', 'a\\x1b b']) expect(visibleText(text)).toBe(text);
	});

	test('applied twice it changes nothing more', () => {
		const once = visibleText('\u001B]52;c;AAAA\u0007\u202E\u009B');
		expect(visibleText(once)).toBe(once);
	});
});

test('visibleLines keeps the line breaks of a multi-line text and shows everything else', () => {
	expect(visibleLines('deleted a\u001B[31m\nblocked b\r\n')).toBe('deleted a\\x1b[31m\nblocked b\\r\n');
});

test('visibleJson writes DEL, C1 and bidi controls inside strings as \\u escapes: the same value, nothing a terminal acts on', () => {
	const value = {name: 'a\u009B2J\u007F\u202Eb', detail: 'x\u001B]0;t\u0007'};
	const json = JSON.stringify(value, null, 2);
	const shown = visibleJson(json);
	expect(shown).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202E]/);
	expect(shown).toContain('a\\u009b2J\\u007f\\u202eb');
	expect(shown.split('\n')).toHaveLength(json.split('\n').length);
	expect(JSON.parse(shown)).toEqual(value);
});

test('fit cuts and pads by the escaped text, so a hostile name keeps its column', () => {
	expect(fit('a\u001Bb', 8)).toBe('a\\x1bb  ');
	expect(fit('evil\u001B]0;t\u0007', 8)).toBe('evil\\x1…');
	expect(fit('\u202Eab', 8, true)).toBe('\\u202eab');
});
