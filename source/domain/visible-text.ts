// Text from outside (image history, names, labels, registry answers, engine errors, build logs)
// is drawn, never obeyed: a control character or a bidi control in it could set the window
// title, write the clipboard (OSC 52), move the cursor or reorder what the user reads. Each one
// is shown as a visible escape instead (`\x1b`, `\u202e`), as a debugger or a JSON file writes it.

/** C0 controls, DEL and C1 controls: what a terminal may act on. */
export const controlCharacterClass = '\\u0000-\\u001F\\u007F-\\u009F';
/** Bidi marks, embeddings, overrides and isolates: what makes a terminal show text in another order. */
export const bidiControlClass = '\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069';

const unsafe = new RegExp(`[${controlCharacterClass}${bidiControlClass}]`);
const unsafeEach = new RegExp(unsafe.source, 'g');
const named: Readonly<Record<string, string>> = {'\t': '\\t', '\n': '\\n', '\r': '\\r'};

const unicodeEscape = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

function escaped(char: string): string {
	const code = char.charCodeAt(0);
	return named[char] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : unicodeEscape(char));
}

/**
 * One screen line's worth of text with every control character and bidi control shown as an
 * escape (`\x1b`, `\x9b`, `\x7f`, `\t`, `\n`, `\u202e`). Everything else, wide and combining
 * characters included, is left as it is; text without such characters comes back unchanged, so
 * applying it twice changes nothing more.
 */
export function visibleText(text: string): string {
	return unsafe.test(text) ? text.replace(unsafeEach, escaped) : text;
}

/** As `visibleText`, for text of several lines: the line breaks stay, everything else is shown. */
export function visibleLines(text: string): string {
	return text.split('\n').map(visibleText).join('\n');
}

/**
 * JSON text (as JSON.stringify writes it) with every control character and bidi control inside
 * its strings written as a `\u` escape: the same value for a program reading it, nothing a
 * terminal would act on. JSON.stringify escapes C0 controls itself but leaves DEL, C1 and bidi
 * controls as they are; the line breaks between its lines are layout and stay.
 */
export function visibleJson(json: string): string {
	return unsafe.test(json) ? json.replace(unsafeEach, char => (char === '\n' ? char : unicodeEscape(char))) : json;
}
