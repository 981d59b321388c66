// The per-kind tables agree: every row of the dialog table has its reducer and view, and every flow
// the key table binds has an opener. The compiler checks each table against its union (a kind
// without a row, a row for another kind, a reported kind without a reporter); this checks the
// tables against each other.
import {expect, test} from 'vitest';
import {flowOpeners} from '../../source/state/flows/open';
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
