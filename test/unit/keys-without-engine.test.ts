// While no engine answers, only the keys whose key-table rows say so work (quit, the context
// switcher), and the retry key asks again: all read from the key tables in use, so a remapped key
// works there too.
import {describe, expect, test} from 'vitest';
import {initialState, reducer} from '../../source/state/reducer';
import {blankKey} from '../../source/terminal/parse-input';
import {routeInput} from '../../source/ui/input/route-input';
import {keyBindings, remapBindings, type DialogKeys, type KeyBinding} from '../../source/ui/keymap';

const down = reducer(initialState({host: 'unix:///down.sock', columns: 100, rows: 30, now: 0}), {
	type: 'connection-failed',
	host: 'unix:///down.sock',
	error: 'no engine socket',
	hint: 'is dockerd running?',
});
const press = (input: string, bindings: readonly KeyBinding[], dialogs?: DialogKeys) => routeInput(down, {kind: 'key', input, key: blankKey}, null, bindings, '.', dialogs);
const openedKind = (input: string, bindings: readonly KeyBinding[]) => press(input, bindings).actions.flatMap(action => (action.type === 'dialog-open' ? [action.dialog.kind] : []));

describe('over an engine that does not answer', () => {
	test('the context switcher key opens the context switcher; other flow keys open nothing', () => {
		expect(down.connection.status).toBe('down');
		expect(openedKind('c', keyBindings)).toEqual(['contexts']);
		expect(press('O', keyBindings)).toEqual({actions: [], effects: []});
	});

	test('a remapped context switcher key opens it, the old key no longer does', () => {
		const remapped = remapBindings(keyBindings, {contexts: 'C'});
		if (!remapped.ok) throw new Error(remapped.message);
		expect(openedKind('C', remapped.bindings)).toEqual(['contexts']);
		expect(openedKind('c', remapped.bindings)).toEqual([]);
	});

	test('q quits and r asks the engine again; other keys do neither', () => {
		expect(press('q', keyBindings)).toEqual({actions: [], effects: [], quit: 0});
		expect(press('r', keyBindings)).toEqual({actions: [], effects: [], retry: true});
		expect(press('x', keyBindings)).toEqual({actions: [], effects: []});
	});

	test('remapped quit and retry keys work there, the old ones no longer do', () => {
		const remapped = remapBindings(keyBindings, {quit: 'Q', retry: 'w'});
		if (!remapped.ok) throw new Error(remapped.message);
		expect(press('Q', remapped.bindings, remapped.dialogKeys).quit).toBe(0);
		expect(press('q', remapped.bindings, remapped.dialogKeys).quit).toBeUndefined();
		expect(press('w', remapped.bindings, remapped.dialogKeys).retry).toBe(true);
		expect(press('r', remapped.bindings, remapped.dialogKeys).retry).toBeUndefined();
	});
});
