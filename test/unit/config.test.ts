import {afterEach, describe, expect, test} from 'vitest';
import {formatConfigProblem, parseConfig} from '../../source/domain/config';
import {imageSorts} from '../../source/domain/image-rows';
import {initialState, reducer} from '../../source/state/reducer';
import {openFlow} from '../../source/state/flows/open';
import {blankKey} from '../../source/terminal/parse-input';
import {actionName, actionNames, commandForKey, flowKey, footerKeys, helpLines, keyBindings, keyConfigRules, remapBindings, setKeyBindings} from '../../source/ui/keymap';
import type {Key} from 'ink';

const rules = {sorts: imageSorts, ...keyConfigRules};
const key = (input: string, flags: Partial<Key> = {}) => [input, {...blankKey, ...flags}] as const;

describe('config file validation', () => {
	test('an empty object gives the defaults', () => {
		expect(parseConfig('{}', rules)).toEqual({ok: true, config: {protect: [], keep: 2, sort: null, keys: {}}});
	});

	test.each([
		['{\n  "protect": ["a"],\n  "colour": "red"\n}', 'colour', 3, 'unknown field'],
		['{\n  "protect": "prod-*"\n}', 'protect', 2, 'must be a list'],
		['{\n  "protect": [\n    "prod-*",\n    7\n  ]\n}', 'protect[1]', 4, 'non-empty pattern string, not 7'],
		['{\n  "protect": [\n    "  "\n  ]\n}', 'protect[0]', 3, 'non-empty pattern string'],
		['{"keep": 0}', 'keep', 1, 'from 1 to 1000, not 0'],
		['{\n\n  "keep": 2.5\n}', 'keep', 3, 'whole number'],
		['{\n  "keep": "3"\n}', 'keep', 2, 'whole number from 1 to 1000, not "3"'],
		['{"keep": 1e308}', 'keep', 1, 'from 1 to 1000, not 1e+308'],
		['{"keep": 1001}', 'keep', 1, 'from 1 to 1000, not 1001'],
		['{\n  "sort": "age"\n}', 'sort', 2, '"created", "size", "name", not "age"'],
		['{\n  "sort": 1\n}', 'sort', 2, 'must be one of'],
		['{\n  "keys": ["d"]\n}', 'keys', 2, 'must be an object'],
		['{\n  "keys": {\n    "remove": "D"\n  }\n}', 'keys.remove', 3, 'unknown action "remove"'],
		['{\n  "keys": {\n    "delete": 4\n  }\n}', 'keys.delete', 3, 'key as a string'],
		['{\n  "keys": {\n    "delete": "Del"\n  }\n}', 'keys.delete', 3, 'is not a key'],
		['{\n  "keys": {\n    "help": "esc"\n  }\n}', 'keys.help', 3, 'Esc is the back key'],
		['{\n  "keys": {\n    "quit": "C-c"\n  }\n}', 'keys.quit', 3, 'Ctrl-C always quits'],
		['{\n  "keys": {\n    "delete": "x"\n  }\n}', 'keys.delete', 3, '"x" is already stop in the containers pane'],
		['{\n  "keys": {\n    "tag": "U"\n  }\n}', 'keys.tag', 3, '"U" is already untag in the images pane'],
		['{\n  "keys": {\n    "versions": "q"\n  }\n}', 'keys.versions', 3, '"q" is already quit'],
		['{\n  "keep": 2,\n  "keep": 3\n}', 'keep', 3, 'given twice'],
	])('%j → "%s" on line %i', (text, field, line, message) => {
		const result = parseConfig(text, rules);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problem).toMatchObject({field, line});
		expect(result.problem.message).toContain(message);
		expect(formatConfigProblem('/c/config.json', result.problem)).toBe(`/c/config.json:${line}: "${field}" ${result.problem.message}`);
	});

	test.each([
		['{\n  "keep": 2,\n  "sort": "size"\n  "protect": []\n}', 4],
		['{\n  "keep": 2,\n', 3],
		['[1, 2]', 1],
	])('a file that is not one JSON object (%j) is refused at line %i', (text, line) => {
		const result = parseConfig(text, rules);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.problem.line).toBe(line);
	});

	test('a whole valid file is read', () => {
		const text = JSON.stringify({protect: ['prod-*', '*-lts'], keep: 5, sort: 'name', keys: {delete: 'D', versions: 'V'}}, null, 2);
		expect(parseConfig(text, rules)).toEqual({ok: true, config: {protect: ['prod-*', '*-lts'], keep: 5, sort: 'name', keys: {delete: 'D', versions: 'V'}}});
	});
});

describe('key remapping', () => {
	afterEach(() => setKeyBindings(keyBindings));

	test("every binding has a name, and the names the config file may use are the table's", () => {
		expect(actionNames()).toEqual(expect.arrayContaining(['delete', 'versions', 'quit', 'help', 'down', 'up', 'mark', 'images', 'contexts', 'half-page-down']));
		expect(actionName({type: 'flow', flow: 'untag'})).toBe('untag');
	});

	test('a remap changes what the key does, help and the footer', () => {
		const remapped = remapBindings(keyBindings, {delete: 'D', versions: 'V'});
		expect(remapped.ok).toBe(true);
		if (!remapped.ok) return;
		setKeyBindings(remapped.bindings);
		expect(commandForKey('images', ...key('D', {shift: true}))).toEqual({type: 'flow', flow: 'delete'});
		expect(commandForKey('images', ...key('d'))).toBeNull();
		expect(commandForKey('images', ...key('V', {shift: true}))).toEqual({type: 'flow', flow: 'versions'});
		expect(helpLines()).toContainEqual({label: 'D', help: expect.stringContaining('delete marked') as string});
		expect(helpLines()).toContainEqual({label: 'V', help: expect.stringContaining('versions view') as string});
		expect(footerKeys('images')).toContain('D delete');
		expect(footerKeys('images')).toContain('V versions');
		expect(footerKeys('images')).not.toContain('d delete');
	});

	test('the default table is what is used with no remap', () => {
		expect(commandForKey('images', ...key('d'))).toEqual({type: 'flow', flow: 'delete'});
		expect(helpLines()).toContainEqual({label: 'd', help: expect.stringContaining('delete') as string});
	});

	test('two keys swapped read right in their shared help line', () => {
		const remapped = remapBindings(keyBindings, {tag: 'U', untag: 't'});
		expect(remapped.ok).toBe(true);
		if (!remapped.ok) return;
		expect(helpLines(remapped.bindings).find(line => line.help.startsWith('tag'))?.label).toBe('U / t');
		expect(commandForKey('images', ...key('t'), remapped.bindings)).toEqual({type: 'flow', flow: 'untag'});
	});

	test('moving down to another key keeps the arrow', () => {
		const remapped = remapBindings(keyBindings, {down: 'm'});
		expect(remapped.ok).toBe(true);
		if (!remapped.ok) return;
		expect(commandForKey('images', ...key('m'), remapped.bindings)).toEqual({type: 'move', delta: 1});
		expect(commandForKey('images', ...key('', {downArrow: true}), remapped.bindings)).toEqual({type: 'move', delta: 1});
		expect(commandForKey('images', ...key('j'), remapped.bindings)).toBeNull();
		expect(helpLines(remapped.bindings).some(line => line.label === 'm/k ↓/↑ g/G')).toBe(true);
	});

	test('a name that is both a pane action and a dialog intent moves in dialogs too, arrows kept', () => {
		const remapped = remapBindings(keyBindings, {down: 'm', delete: 'X'});
		expect(remapped.ok).toBe(true);
		if (!remapped.ok) return;
		expect([...flowKey('m', blankKey, true, remapped.dialogKeys).intents]).toEqual(['down']);
		expect(flowKey('j', blankKey, true, remapped.dialogKeys).intents.has('down')).toBe(false);
		expect(flowKey('', {...blankKey, downArrow: true}, true, remapped.dialogKeys).intents.has('down')).toBe(true);
		expect(flowKey('X', {...blankKey, shift: true}, true, remapped.dialogKeys).intents.has('delete')).toBe(true);
	});

	test('dialog-only intents may be remapped by name, and the config file accepts their names', () => {
		const remapped = remapBindings(keyBindings, {yes: 'Y', 'toggle-containers': 'C'});
		expect(remapped.ok).toBe(true);
		if (!remapped.ok) return;
		expect(flowKey('Y', {...blankKey, shift: true}, true, remapped.dialogKeys).intents.has('yes')).toBe(true);
		expect(flowKey('y', blankKey, true, remapped.dialogKeys).intents.has('yes')).toBe(false);
		expect(remapped.dialogKeys['toggle-containers']).toEqual(['C']);
		expect(parseConfig(JSON.stringify({keys: {yes: 'Y', force: 'F'}}), rules)).toMatchObject({ok: true});
	});

	test('a key that already means another intent in dialogs is refused: n is "no"', () => {
		expect(remapBindings(keyBindings, {down: 'n'})).toEqual({ok: false, action: 'down', message: '"n" is already no in dialogs; give one of them another key'});
		expect(parseConfig(JSON.stringify({keys: {down: 'n'}}), rules)).toMatchObject({ok: false, problem: {field: 'keys.down'}});
	});

	test('a key free in one pane may be used there even if another pane uses it', () => {
		// l logs in on the registries pane only; the images pane has no l.
		expect(remapBindings(keyBindings, {versions: 'l'}).ok).toBe(true);
		expect(remapBindings(keyBindings, {stop: 'l'}).ok).toBe(true);
		expect(remapBindings(keyBindings, {help: 'l'})).toMatchObject({ok: false, action: 'help'});
	});

	test('quit can move to another key but never to nothing', () => {
		const remapped = remapBindings(keyBindings, {quit: 'Q'});
		expect(remapped.ok).toBe(true);
		if (remapped.ok) expect(commandForKey('images', ...key('Q', {shift: true}), remapped.bindings)).toEqual({type: 'quit'});
	});
});

describe('config defaults reach the state', () => {
	test('keep starts the housekeeping dialog; sort picks the images sort', () => {
		// Listed (no containers): housekeeping plans from the containers, so it waits for their list.
		const start = {...initialState({host: 'unix:///t.sock', columns: 100, rows: 30, now: 0}), listed: true, containersListed: true};
		const state = reducer(
			{...start, connection: {status: 'ready', host: 'unix:///t.sock', engineVersion: '27', apiVersion: '1.47'}},
			{type: 'settings', protect: [], keep: 5, imageSortIndex: imageSorts.indexOf('size')},
		);
		expect(state.views.images.sortIndex).toBe(1);
		const opened = openFlow(state, 'housekeeping');
		expect(opened && 'dialog' in opened ? opened.dialog : null).toMatchObject({kind: 'housekeeping', keep: 5});
		expect((openFlow(start, 'housekeeping') as {dialog: unknown}).dialog).toMatchObject({keep: 2});
	});
});
