// Keys reach dialogs as intents from the one key table, with the text they typed; state/ never
// sees a terminal key.
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import type {Key} from 'ink';
import {describe, expect, test} from 'vitest';
import {blankKey} from '../../source/terminal/parse-input';
import {flowKey} from '../../source/ui/keymap';

const press = (input: string, flags: Partial<Key> = {}) => flowKey(input, {...blankKey, ...flags}, true);

describe('dialog intents', () => {
	test.each([
		['j', {}, ['down'], 'j'],
		['', {downArrow: true}, ['down', 'next-choice'], ''],
		['', {return: true}, ['submit'], ''],
		['', {escape: true}, ['back'], ''],
		['', {tab: true}, ['next-field', 'switch-focus'], ''],
		['', {tab: true, shift: true}, ['previous-field', 'switch-focus'], ''],
		['h', {}, ['keep', 'switch-focus'], 'h'],
		['=', {}, ['more', 'compare'], '='],
		['l', {}, ['layers', 'switch-focus'], 'l'],
		['s', {}, ['sort'], 's'],
		['a', {}, ['all-files'], 'a'],
		['u', {ctrl: true}, ['clear-field'], ''],
		['', {backspace: true}, ['erase'], ''],
		['', {delete: true}, ['erase'], ''],
		['x', {}, [], 'x'],
		[' ', {}, ['mark'], ' '],
	] as const)('%j %j means %j and types %j', (input, flags, intents, text) => {
		const event = press(input, flags);
		expect([...event.intents].sort()).toEqual([...intents].sort());
		expect(event.text).toBe(text);
	});
});

test('nothing in state/ imports Ink', () => {
	const files = (dir: string): string[] => readdirSync(dir, {withFileTypes: true}).flatMap(entry => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));
	const importers = files('source/state').filter(file => /from 'ink'/.test(readFileSync(file, 'utf8')));
	expect(importers).toEqual([]);
});
