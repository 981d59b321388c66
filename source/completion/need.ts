// What the word under the cursor wants, from the words typed before it: the same walk the shell
// scripts make, for callers that hand over the words instead of running a script (docker's own
// completion, which asks the plugin `__complete swab WORD… CURRENT`).
import type {CompletionCommand} from '../cli-args';
import {optionWords, valueOptionWords} from './words';

export type CompletionNeed =
	{readonly kind: 'words'; readonly words: readonly string[]} | {readonly kind: 'contexts'} | {readonly kind: 'images'; readonly host?: string; readonly context?: string} | {readonly kind: 'none'};

const connectionOption = /^(?:-H|--host|-c|--context)$/;

/** `typed`: the words after the program's name, the last one being the word under the cursor. */
export function completionNeed(commands: readonly CompletionCommand[], typed: readonly string[]): CompletionNeed {
	const valueOptions = new Set(valueOptionWords(commands));
	const before = typed.slice(0, -1);
	const current = typed.at(-1) ?? '';
	const previous = before.at(-1);
	if (previous === '-c' || previous === '--context') return {kind: 'contexts'};
	if (previous !== undefined && valueOptions.has(previous)) return {kind: 'none'};
	let commandName = '';
	let host: string | undefined;
	let context: string | undefined;
	for (let index = 0; index < before.length; index++) {
		const word = before[index]!;
		const value = connectionOption.test(word) ? before[index + 1] : /^--(?:host|context)=/.test(word) ? word.slice(word.indexOf('=') + 1) : undefined;
		if (value !== undefined) {
			if (word.startsWith('-H') || word.startsWith('--host')) host = value;
			else context = value;
		}
		if (valueOptions.has(word)) index++;
		else if (!word.startsWith('-') && commandName === '') commandName = word;
	}
	const command = commands.find(candidate => candidate.name === commandName);
	if (!command) return {kind: 'none'};
	if (current.startsWith('-')) return {kind: 'words', words: optionWords(command)};
	if (command.operands === 'images') return {kind: 'images', ...(host === undefined ? {} : {host}), ...(context === undefined ? {} : {context})};
	return {kind: 'words', words: command.operands};
}
