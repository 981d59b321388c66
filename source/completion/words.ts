// What all three completion scripts are made of, taken from the parser's own command table.
import type {CompletionCommand} from '../cli-args';

/** The forms of an option as typed: `--name`, and `-x` when it has one. */
export function optionWords(command: CompletionCommand): string[] {
	return command.options.flatMap(option => (option.short ? [option.long, option.short] : [option.long]));
}

/** Every option form that takes its value as the next word, in any command. */
export function valueOptionWords(commands: readonly CompletionCommand[]): string[] {
	const words = commands.flatMap(command => command.options.filter(option => option.takesValue).flatMap(option => (option.short ? [option.long, option.short] : [option.long])));
	return [...new Set(words)];
}

/** Options whose value is one of a few words (--order semver|pushed), each once, with those words. */
export function choiceOptions(commands: readonly CompletionCommand[]): {readonly long: string; readonly choices: readonly string[]}[] {
	const found = new Map<string, readonly string[]>();
	for (const command of commands) for (const option of command.options) if (option.choices) found.set(option.long, option.choices);
	return [...found].map(([long, choices]) => ({long, choices}));
}

/** A shell `case` pattern matching any of the words (they are option names: no quoting needed). */
export function casePattern(words: readonly string[]): string {
	return words.join('|');
}
