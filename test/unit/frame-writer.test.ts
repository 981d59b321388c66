import {EventEmitter} from 'node:events';
import {describe, expect, test} from 'vitest';
import {FrameWriter, frameDiff} from '../../source/terminal/frame-writer';

class FakeTerminal extends EventEmitter {
	columns = 20;
	rows = 5;
	isTTY = true;
	written: string[] = [];
	write(data: string) {
		this.written.push(data);
	}
}

describe('frameDiff', () => {
	test('only changed lines are written, addressed by row, erased before writing', () => {
		expect(frameDiff(['a', 'b', 'c'], ['a', 'B', 'c'], 5)).toBe('\u001B[2;1H\u001B[2KB');
	});
	test('lines that disappear are erased, lines past the terminal are not written', () => {
		expect(frameDiff(['a', 'b'], ['a'], 5)).toBe('\u001B[2;1H\u001B[2K');
		expect(frameDiff([], ['1', '2', '3'], 2)).toBe('\u001B[1;1H\u001B[2K1\u001B[2;1H\u001B[2K2');
	});
	test('an identical frame costs nothing', () => {
		expect(frameDiff(['x', 'y'], ['x', 'y'], 5)).toBe('');
	});
});

describe('FrameWriter', () => {
	test('the first frame clears the screen; an unchanged frame writes no byte', () => {
		const terminal = new FakeTerminal();
		const writer = new FrameWriter(terminal);
		writer.write('one\ntwo');
		expect(terminal.written[0]).toContain('\u001B[2J');
		writer.write('one\ntwo');
		expect(terminal.written).toHaveLength(1);
		writer.write('one\nTWO');
		expect(terminal.written[1]).toBe('\u001B[?2026h\u001B[2;1H\u001B[2KTWO\u001B[?2026l');
	});
	test('a resize redraws everything and is passed on to Ink', () => {
		const terminal = new FakeTerminal();
		const writer = new FrameWriter(terminal);
		let resized = 0;
		writer.on('resize', () => resized++);
		writer.write('one\ntwo');
		terminal.emit('resize');
		writer.write('one\ntwo');
		expect(resized).toBe(1);
		expect(terminal.written[1]).toContain('\u001B[2J');
		expect(terminal.written[1]).toContain('one');
	});
});
