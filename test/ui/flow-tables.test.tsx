// The per-kind tables agree: every dialog kind a reducer handles has a view, and every flow the
// key table binds has an opener. The compiler checks each table against its union; this checks
// the tables against each other.
import {expect, test} from 'vitest';
import {dialogFlows} from '../../source/state/flows';
import {flowOpeners} from '../../source/state/flows/open';
import {dialogViews} from '../../source/ui/dialogs/dialog-views';
import {keyBindings} from '../../source/ui/keymap';

test('each dialog kind has one reducer and one view', () => {
	expect(Object.keys(dialogViews).sort()).toEqual(Object.keys(dialogFlows).sort());
});

test('each flow a key opens has an opener', () => {
	const bound = keyBindings.flatMap(binding => (binding.command.type === 'flow' ? [binding.command.flow] : []));
	expect(new Set(bound)).toEqual(new Set(Object.keys(flowOpeners)));
});
