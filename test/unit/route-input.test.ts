import {describe, expect, test} from 'vitest';
import type {Key} from 'ink';
import {initialState, reducer} from '../../source/state/reducer';
import type {Action, State} from '../../source/state/types';
import {blankKey, type InputEvent} from '../../source/terminal/parse-input';
import {routeInput} from '../../source/ui/input/route-input';
import {keyBindings, remapBindings} from '../../source/ui/keymap';
import {containers, images, now} from '../fixtures/scene';

const apply = (state: State, ...actions: readonly Action[]) => actions.reduce(reducer, state);
const ready = apply(
	initialState({host: 'unix:///test.sock', columns: 100, rows: 30, now}),
	{type: 'connected', host: 'unix:///test.sock', engineVersion: '20.10', apiVersion: '1.41', images: [], containers: []},
	{type: 'lists', images, containers},
);
const press = (input: string, flags: Partial<Key> = {}): InputEvent => ({kind: 'key', input, key: {...blankKey, ...flags}});
const paste = (text: string): InputEvent => ({kind: 'paste', text});

/** Routes events one after another, applying the actions, as the input hook does. */
function route(state: State, events: readonly InputEvent[], onScreen: (state: State) => State['dialog'] = () => null) {
	let current = state;
	const effects: string[] = [];
	const quits: number[] = [];
	for (const event of events) {
		const routed = routeInput(current, event, onScreen(current), keyBindings);
		current = apply(current, ...routed.actions);
		effects.push(...routed.effects.map(effect => effect.type));
		if (routed.quit !== undefined) quits.push(routed.quit);
	}
	return {state: current, effects, quits};
}

describe('input routing', () => {
	test('a paste in a pane is ignored: no dialog, no mark, no move', () => {
		const result = route(ready, [paste('docker rmi x\r'), paste('dy')]);
		expect(result.state).toBe(ready);
		expect(result.effects).toEqual([]);
	});

	test('the same letters typed open the delete plan', () => {
		expect(route(ready, [press('d')]).state.dialog?.kind).toBe('delete');
	});

	test('d then y in one read: the plan opens and nothing runs', () => {
		const result = route(ready, [press('d'), press('y')]);
		expect(result.state.dialog?.kind === 'delete' && result.state.dialog.phase).toBe('plan');
		// Only the reading of layers (for exact bytes) was asked for: nothing was run.
		expect(result.effects).toEqual(['load-layers']);
	});

	test('y once the plan was drawn runs it', () => {
		const opened = route(ready, [press('d')]).state;
		const result = route(opened, [press('y')], state => state.dialog);
		expect(result.effects).toEqual(['run-removal']);
	});

	test('a paste into the filter is one update with printable text only', () => {
		const filtering = apply(ready, {type: 'filter-start'});
		const routed = routeInput(filtering, paste(`web\u202E:2.1.0\r\n${'x'.repeat(10_000)}`), null, keyBindings);
		expect(routed.actions).toHaveLength(1);
		const action = routed.actions[0]!;
		expect(action.type === 'filter-input' && action.text.startsWith('web:2.1.0 xxx')).toBe(true);
		expect(action.type === 'filter-input' && action.text.length).toBeLessThanOrEqual(512);
	});

	test('typed text in the filter is text, not commands', () => {
		const result = route(
			apply(ready, {type: 'filter-start'}),
			[...'dyq'].map(char => press(char)),
		);
		expect(result.state.views.images.filter).toBe('dyq');
		expect(result.state.dialog).toBeNull();
		expect(result.quits).toEqual([]);
	});

	test('Ctrl-C quits with 130 from anywhere, q with 0 from a pane', () => {
		expect(route(ready, [press('c', {ctrl: true})]).quits).toEqual([130]);
		expect(route(apply(ready, {type: 'filter-start'}), [press('c', {ctrl: true})]).quits).toEqual([130]);
		expect(route(ready, [press('q')]).quits).toEqual([0]);
	});

	test('keys follow the key table per pane: x stops containers only in the containers pane', () => {
		expect(route(ready, [press('x')]).state.dialog).toBeNull();
		const inContainers = route(ready, [press('2'), press('x')]).state;
		expect(inContainers.dialog?.kind === 'containers' && inContainers.dialog.action).toBe('stop');
	});

	test('help takes keys until closed', () => {
		const result = route(ready, [press('?'), press('d')]);
		expect(result.state.help).toBe(true);
		expect(result.state.dialog).toBeNull();
		expect(route(result.state, [press('', {escape: true})]).state.help).toBe(false);
	});
});

describe('help over a dialog', () => {
	test('? in the delete plan opens help for it; the plan stays open under it, Esc comes back to it', () => {
		const opened = route(ready, [press('d')]).state;
		const helped = route(opened, [press('?')], state => state.dialog).state;
		expect(helped.help).toBe(true);
		expect(helped.dialog).toBe(opened.dialog);
		// Under the help, y confirms nothing.
		const underHelp = route(helped, [press('y')], state => state.dialog);
		expect(underHelp.effects).toEqual([]);
		const back = route(helped, [press('', {escape: true})], state => state.dialog).state;
		expect(back.help).toBe(false);
		expect(back.dialog).toBe(opened.dialog);
	});

	test('? typed into a text field is text, not help', () => {
		const tagging = route(ready, [press('t')]).state;
		expect(tagging.dialog?.kind).toBe('tag');
		const typed = route(tagging, [press('?')], state => state.dialog).state;
		expect(typed.help).toBe(false);
		expect(typed.dialog).not.toBe(tagging.dialog);
	});

	test('closing the dialog closes its help', () => {
		const helped = route(route(ready, [press('d')]).state, [press('?')], state => state.dialog).state;
		expect(apply(helped, {type: 'dialog-close'}).help).toBe(false);
	});
});

describe('opening a pane', () => {
	test('the key that opens a pane asks for its work; a key for the pane already open does not', () => {
		expect(routeInput(ready, press('3'), null, keyBindings).effects).toEqual([{type: 'open-pane', pane: 'registries'}]);
		expect(routeInput(ready, press('', {tab: true, shift: true}), null, keyBindings).effects).toEqual([{type: 'open-pane', pane: 'fleet'}]);
		expect(routeInput(ready, press('1'), null, keyBindings).effects).toEqual([]);
		expect(routeInput(ready, press('j'), null, keyBindings).effects).toEqual([]);
	});
});

test('the panes’ help closes with the remapped help key too, as with Esc and q', () => {
	const remapped = remapBindings(keyBindings, {help: 'H'});
	if (!remapped.ok) throw new Error(remapped.message);
	const helped = apply(ready, {type: 'help', open: true});
	expect(routeInput(helped, press('H', {shift: true}), null, remapped.bindings, '.', remapped.dialogKeys).actions).toEqual([{type: 'help', open: false}]);
	expect(routeInput(helped, press('q'), null, remapped.bindings, '.', remapped.dialogKeys).actions).toEqual([{type: 'help', open: false}]);
	expect(routeInput(helped, press('', {escape: true}), null, remapped.bindings, '.', remapped.dialogKeys).actions).toEqual([{type: 'help', open: false}]);
	expect(routeInput(helped, press('j'), null, remapped.bindings, '.', remapped.dialogKeys).actions).toEqual([]);
});
