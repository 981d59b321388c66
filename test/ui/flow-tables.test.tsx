// The per-kind tables agree: every row of the dialog table has its reducer and view, every flow the
// key table binds has an opener, and a key that works while no engine answers opens a dialog that
// shows then. The compiler checks each table against its union (a kind without a row, a row for
// another kind, a reported kind without a reporter); this checks the tables against each other.
import {expect, test} from 'vitest';
import {openFlow, flowOpeners} from '../../source/state/flows/open';
import {initialState} from '../../source/state/reducer';
import {dialogTable} from '../../source/ui/dialogs/dialog-table';
import {keyBindings} from '../../source/ui/keymap';

test('each dialog kind has one row with its reducer and its view', () => {
	for (const [kind, row] of Object.entries(dialogTable)) {
		expect({kind, reduce: typeof row.reduce, View: typeof row.View}).toEqual({kind, reduce: 'function', View: 'function'});
		expect({kind, report: typeof row.report}).toEqual({kind, report: expect.stringMatching(/^(function|undefined)$/)});
	}
});

test('each flow a key opens has an opener', () => {
	const bound = keyBindings.flatMap(binding => (binding.command.type === 'flow' ? [binding.command.flow] : []));
	expect(new Set(bound)).toEqual(new Set(Object.keys(flowOpeners)));
});

test('a key that works while no engine answers opens a dialog whose row shows it then, and only such keys do', () => {
	const down = initialState({host: 'unix:///down.sock', columns: 100, rows: 30, now: 0});
	const opened = keyBindings.flatMap(binding => {
		if (!binding.withoutEngine || binding.command.type !== 'flow') return [];
		const result = openFlow(down, binding.command.flow);
		return result && 'dialog' in result && result.dialog ? [result.dialog.kind] : [];
	});
	const shownWithoutEngine = Object.entries(dialogTable).flatMap(([kind, row]) => ('withoutEngine' in row && row.withoutEngine ? [kind] : []));
	expect(opened.length).toBeGreaterThan(0);
	expect(new Set(opened)).toEqual(new Set(shownWithoutEngine));
});
