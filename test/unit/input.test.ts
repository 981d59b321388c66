import {describe, expect, test} from 'vitest';
import {InputParser, type InputEvent} from '../../source/terminal/parse-input';
import {fieldTail, maxFieldLength, printableText, reduceTextField} from '../../source/state/flows/text-field';

const describeEvent = (event: InputEvent): string => {
	if (event.kind === 'paste') return `paste(${JSON.stringify(event.text)})`;
	const flags = Object.entries(event.key)
		.filter(([, on]) => on)
		.map(([name]) => name);
	return flags.length > 0 ? `${flags.join('+')}${event.input ? `:${event.input}` : ''}` : event.input;
};

const parse = (...chunks: string[]) => {
	const parser = new InputParser();
	return chunks.map(chunk => parser.push(chunk).map(describeEvent));
};

describe('one read becomes one event per key', () => {
	test.each([
		['dy', ['d', 'y']],
		['h2\ry', ['h', '2', 'return', 'y']],
		['*dy', ['*', 'd', 'y']],
		['D', ['shift:D']],
		['\u001B[A\u001B[B\u001B[5~\u001B[6~', ['upArrow', 'downArrow', 'pageUp', 'pageDown']],
		['\u001BOA', ['upArrow']],
		['\u001B[Z', ['shift+tab']],
		['\t\u007F\u0004\u0015', ['tab', 'backspace', 'ctrl:d', 'ctrl:u']],
		['\u0003', ['ctrl:c']],
		['\u001B', ['escape']],
		// Esc and the next key in one read: dockswab binds no Alt keys.
		['\u001B/', ['escape', '/']],
		// NUL and C1 controls are no keys at all.
		['\u0000a\u0085b', ['a', 'b']],
		['é日', ['é', '日']],
	])('%j', (chunk, expected) => {
		expect(parse(chunk)).toEqual([expected]);
	});
});

describe('bracketed paste', () => {
	test('a paste is one text event, whatever it holds', () => {
		expect(parse('\u001B[200~docker rmi x\r\u001B[201~')).toEqual([['paste("docker rmi x\\r")']]);
	});

	test('keys around a paste stay keys', () => {
		expect(parse('/\u001B[200~web\u001B[201~\r')).toEqual([['/', 'paste("web")', 'return']]);
	});

	test('a paste split over reads arrives once, when it ends', () => {
		expect(parse('\u001B[200~dock', 'er rmi x\u001B[20', '1~y')).toEqual([[], [], ['paste("docker rmi x")', 'y']]);
	});

	test('an escape sequence cut between reads waits for its end', () => {
		expect(parse('j\u001B[', 'B')).toEqual([['j'], ['downArrow']]);
	});
});

describe('text field', () => {
	test.each([
		['abc', {type: 'insert', text: 'd'}, 'abcd'],
		['abc', {type: 'insert', text: 'x\u0000y\u001B[31mz'}, 'abcxy[31mz'],
		['', {type: 'insert', text: 'web\u202E:2.1.0\u200B'}, 'web:2.1.0'],
		['', {type: 'insert', text: 'line one\r\nline two'}, 'line one line two'],
		['abc', {type: 'insert', text: '\u0085\u0007'}, 'abc'],
		['abc', {type: 'backspace'}, 'ab'],
		['ae\u0301', {type: 'backspace'}, 'a'],
		['日本', {type: 'backspace'}, '日'],
		['', {type: 'backspace'}, ''],
		['abc', {type: 'clear'}, ''],
	] as const)('%j + %j → %j', (value, event, expected) => {
		expect(reduceTextField(value, event)).toBe(expected);
	});

	test('a 10,000-character paste is one value, cut to the longest a field keeps', () => {
		const value = reduceTextField('', {type: 'insert', text: 'x'.repeat(10_000)});
		expect(value).toHaveLength(maxFieldLength);
	});

	test('nothing printable changes nothing: the same string comes back', () => {
		const value = 'abc';
		expect(reduceTextField(value, {type: 'insert', text: '\u0000'})).toBe(value);
	});

	test('printableText keeps wide and combining characters', () => {
		expect(printableText('日本語 e\u0301')).toBe('日本語 e\u0301');
	});

	test.each([
		['short', 10, 'short'],
		['abcdefghij', 5, '…ghij'],
		// Wide characters take two columns each.
		['日本語日本語', 7, '…日本語'],
	])('fieldTail(%j, %d) → %j', (value, columns, expected) => {
		expect(fieldTail(value, columns)).toBe(expected);
	});
});
