import {describe, expect, test} from 'vitest';
import {reducer, initialState} from '../../source/state/reducer';
import {cursorIndex, selectImageRows} from '../../source/state/selectors';
import type {Action, State} from '../../source/state/types';
import {container, containers, image, images, now} from '../fixtures/scene';

function apply(state: State, ...actions: Action[]): State {
	return actions.reduce(reducer, state);
}

const ready = apply(
	initialState({host: 'unix:///test.sock', columns: 100, rows: 12, now}),
	{type: 'connected', host: 'unix:///test.sock', engineVersion: '20.10', apiVersion: '1.41', images: [], containers: []},
	{type: 'lists', images, containers},
);

const cursorRow = (state: State) => selectImageRows(state)[cursorIndex(selectImageRows(state), state.views.images)]!;

describe('movement', () => {
	test('j/k move, g/G jump, and the window follows the cursor', () => {
		let state = apply(ready, {type: 'move', delta: 1});
		expect(cursorRow(state).reference).toBe(selectImageRows(ready)[1]!.reference);
		state = apply(state, {type: 'move-to', where: 'last'});
		const rows = selectImageRows(state);
		expect(cursorRow(state).key).toBe(rows.at(-1)!.key);
		// 12 rows of terminal leave 6 rows of list: the last row is at the bottom of the window.
		expect(state.views.images.top).toBe(rows.length - 6);
		state = apply(state, {type: 'move', delta: -100});
		expect(state.views.images.top).toBe(0);
	});
	test('half page moves by half the list height', () => {
		const state = apply(ready, {type: 'page', direction: 1, fraction: 0.5});
		expect(cursorIndex(selectImageRows(state), state.views.images)).toBe(3);
	});
});

describe('reconcile by ID', () => {
	test('the cursor stays on its row when a new image appears above it', () => {
		const onWeb = apply(ready, {type: 'move', delta: 2});
		const target = cursorRow(onWeb).key;
		const newer = image('n1', ['fresh:1.0'], {created: now / 1000});
		const next = apply(onWeb, {type: 'lists', images: [newer, ...images], containers});
		expect(cursorRow(next).key).toBe(target);
		expect(cursorIndex(selectImageRows(next), next.views.images)).toBe(3);
	});
	test('when the cursor row vanishes the cursor keeps its height', () => {
		const moved = apply(ready, {type: 'move', delta: 1});
		const vanished = cursorRow(moved).image.id;
		const next = apply(moved, {type: 'lists', images: images.filter(item => item.id !== vanished), containers});
		expect(cursorIndex(selectImageRows(next), next.views.images)).toBe(1);
	});
	test('marks on vanished images are dropped, others kept', () => {
		// Rows 0 and 1 are two tags of one image; row 2 is another image.
		const marked = apply(ready, {type: 'mark-toggle'}, {type: 'move', delta: 1}, {type: 'mark-toggle'});
		expect(marked.views.images.marks.size).toBe(2);
		const first = selectImageRows(ready)[0]!;
		const next = apply(marked, {type: 'lists', images: images.filter(item => item.id !== first.image.id), containers});
		expect(next.views.images.marks.size).toBe(1);
	});
	test('the same lists again leave the state untouched where it matters', () => {
		const again = apply(ready, {type: 'lists', images, containers});
		expect(again.views).toEqual(ready.views);
	});
});

describe('filter and marks', () => {
	test('mark all visible marks only rows matching the filter; hidden marks survive a filter change', () => {
		let state = apply(ready, {type: 'filter-start'}, {type: 'filter-input', text: 'app'}, {type: 'filter-accept'}, {type: 'mark-visible'});
		expect([...state.views.images.marks].every(key => key.includes('|app:'))).toBe(true);
		expect(state.views.images.marks.size).toBe(4);
		state = apply(state, {type: 'filter-start'}, {type: 'filter-input', text: 'web'});
		expect(selectImageRows(state).map(row => row.reference)).toEqual(['web:2.1.0']);
		expect(state.views.images.marks.size).toBe(4);
		state = apply(state, {type: 'mark-clear'});
		expect(state.views.images.marks.size).toBe(0);
	});
	test('filter-cancel clears the filter', () => {
		const state = apply(ready, {type: 'filter-start'}, {type: 'filter-input', text: 'zzz'}, {type: 'filter-cancel'});
		expect(state.views.images.filter).toBe('');
		expect(selectImageRows(state).length).toBe(selectImageRows(ready).length);
	});
	test('sort cycles created → size → name', () => {
		const bySize = apply(ready, {type: 'sort-cycle'});
		expect(selectImageRows(bySize)[0]!.reference).toBe('web:2.1.0');
		const byName = apply(bySize, {type: 'sort-cycle'});
		expect(selectImageRows(byName)[0]!.repository).toBe('<none>');
	});
	test('containers pane has its own cursor and marks', () => {
		const state = apply(ready, {type: 'pane', pane: 'containers'}, {type: 'mark-toggle'});
		expect(state.views.containers.marks.size).toBe(1);
		expect(state.views.images.marks.size).toBe(0);
		const stopped = container('z9', 'zz', 'a1', 'exited');
		const next = apply(state, {type: 'lists', images, containers: [...containers, stopped]});
		expect(next.views.containers.marks.size).toBe(1);
	});
});
