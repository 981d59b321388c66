// What the printing commands write: on a terminal, names, history and engine or registry answers
// in it are shown with their control and bidi characters as escapes, as the UI shows them; to a
// pipe or a file the text goes as it is, so a script reads the exact names.
import {visibleJson, visibleLines} from './domain/visible-text';

export type OutputStream = {readonly isTTY?: boolean; write: (text: string, callback?: () => void) => unknown};

/** `text` as it may reach `stream`: JSON stays JSON (its strings get `\u` escapes instead). */
export function textFor(stream: Pick<OutputStream, 'isTTY'>, text: string, format: 'text' | 'json' = 'text'): string {
	if (!stream.isTTY) return text;
	return format === 'json' ? visibleJson(text) : visibleLines(text);
}

export function writeOutput(stream: OutputStream, text: string, format: 'text' | 'json' = 'text', callback?: () => void): void {
	stream.write(textFor(stream, text, format), callback);
}
