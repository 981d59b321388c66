// Ink hands over a run of plain characters as one input ("\r*", "/worker"): fine for a paste,
// wrong for a UI where every character is a command. Keys typed quickly, or batched by a slow
// SSH link, are split here into one keypress each.
import type {Key} from 'ink';

const blank: Key = {
	upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false,
	home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false,
	backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false,
} as Key;

function keyForChar(char: string): [string, Key] {
	const code = char.charCodeAt(0);
	if (char === '\r' || char === '\n') return ['', {...blank, return: true}];
	if (char === '\t') return ['', {...blank, tab: true}];
	if (char === '\u007F' || char === '\b') return ['', {...blank, backspace: true}];
	if (code > 0 && code < 27) return [String.fromCharCode(code + 96), {...blank, ctrl: true}];
	return [char, {...blank, shift: char !== char.toLowerCase()}];
}

export function splitKeys(input: string, key: Key): [string, Key][] {
	const plain = !key.ctrl && !key.meta && !key.escape && !key.upArrow && !key.downArrow && !key.leftArrow && !key.rightArrow && !key.pageUp && !key.pageDown;
	if (!plain || [...input].length <= 1) return [[input, key]];
	return [...input].map(keyForChar);
}
