// Help for the open dialog: the intents its flow answers to right now, with their keys from the
// dialog key table in use. Which intents a flow answers to is asked of the flow itself (its
// reducer is pure: an intent that leaves the dialog as it is and asks for nothing is not one of
// its keys), so help cannot drift from what the keys do, phase by phase.
import type {Intent} from '../state/flows/intent';
import type {Dialog, State} from '../state/types';
import {reduceDialog} from './dialogs/dialog-table';
import {intents, keyLabel, type DialogKeys} from './keymap';

/** What an intent does, in the words of any dialog that has it. Every intent has a row. */
const intentHelp: {readonly [I in Intent]: string} = {
	down: 'move down / scroll',
	up: 'move up / scroll',
	first: 'first',
	last: 'last',
	submit: 'the focused button / open / accept',
	back: 'back / cancel',
	close: 'close',
	yes: 'confirm',
	no: 'cancel',
	'switch-focus': 'switch the buttons',
	'next-field': 'next field',
	'previous-field': 'previous field',
	'next-choice': 'next suggestion',
	'previous-choice': 'previous suggestion',
	'next-option': 'next option',
	'previous-option': 'previous option',
	more: 'one more',
	fewer: 'one fewer',
	erase: 'erase a character',
	'clear-field': 'clear the field',
	force: 'force (type the name to confirm)',
	'toggle-containers': 'remove stopped containers first: on / off',
	'toggle-build': 'build first: on / off',
	'next-floating': 'next floating tag',
	refresh: 'read again',
	retry: 'try again',
	filter: 'filter',
	mark: 'mark',
	layers: 'layers',
	compare: 'what changed between the two marked',
	sort: 'cycle sort',
	'all-files': 'all files / changes only',
	'clear-marks': 'clear marks',
	delete: 'delete',
	keep: 'keep newest N',
	tag: 'tag',
	release: 'release',
	'go-to-engine': 'go to this engine',
	operations: 'operations',
	help: 'this help',
};

export type HelpLine = {readonly label: string; readonly help: string};

function answers(dialog: Dialog, intent: Intent, state: State): boolean {
	const result = reduceDialog(dialog, {type: 'key', intents: new Set([intent]), text: '', onScreen: true}, state);
	return result.dialog !== dialog || result.effects.length > 0;
}

/** One line per intent the dialog answers to, in the key table's order, then how this help closes. */
export function dialogHelpLines(dialog: Dialog, state: State, keys: DialogKeys): HelpLine[] {
	const label = (intent: Intent) => keys[intent].map(keyLabel).join(' ');
	const lines = intents.filter(intent => intent !== 'help' && answers(dialog, intent, state)).map(intent => ({label: label(intent), help: intentHelp[intent]}));
	return [...lines, {label: `${label('back')} ${label('help')}`, help: 'close this help'}];
}
