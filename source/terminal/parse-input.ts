// Turns what one read from the terminal delivered into key events and pastes. Ink hands a run of
// plain characters over as one input ("dy", a pasted command); here every character is a key of
// its own, so a UI where each key is a command can tell them apart, and a bracketed paste
// (ESC[200~ … ESC[201~) arrives as one piece of text that is never read as commands.
import type {Key} from 'ink';

export type InputEvent = {readonly kind: 'key'; readonly input: string; readonly key: Key} | {readonly kind: 'paste'; readonly text: string};

const pasteStart = '\u001B[200~';
const pasteEnd = '\u001B[201~';

export const blankKey: Key = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
	super: false,
	hyper: false,
	capsLock: false,
	numLock: false,
} as Key;

const keyEvent = (input: string, flags: Partial<Key> = {}): InputEvent => ({kind: 'key', input, key: {...blankKey, ...flags}});

/** CSI and SS3 sequences by their final part: arrows, paging, Home/End, Delete, Shift-Tab. */
function sequenceKey(body: string): InputEvent | null {
	const final = body.at(-1);
	const params = body.slice(0, -1);
	const modifier = Number(params.split(';')[1] ?? 1) - 1;
	const flags = {shift: (modifier & 1) !== 0, meta: (modifier & 2) !== 0, ctrl: (modifier & 4) !== 0};
	switch (final) {
		case 'A':
			return keyEvent('', {...flags, upArrow: true});
		case 'B':
			return keyEvent('', {...flags, downArrow: true});
		case 'C':
			return keyEvent('', {...flags, rightArrow: true});
		case 'D':
			return keyEvent('', {...flags, leftArrow: true});
		case 'H':
			return keyEvent('', {...flags, home: true});
		case 'F':
			return keyEvent('', {...flags, end: true});
		case 'Z':
			return keyEvent('', {tab: true, shift: true});
		case '~': {
			const code = params.split(';')[0];
			if (code === '5') return keyEvent('', {...flags, pageUp: true});
			if (code === '6') return keyEvent('', {...flags, pageDown: true});
			if (code === '3') return keyEvent('', {...flags, delete: true});
			if (code === '1' || code === '7') return keyEvent('', {...flags, home: true});
			if (code === '4' || code === '8') return keyEvent('', {...flags, end: true});
			return null;
		}
		default:
			return null;
	}
}

function controlKey(char: string): InputEvent | null {
	const code = char.codePointAt(0)!;
	if (char === '\r' || char === '\n') return keyEvent('', {return: true});
	if (char === '\t') return keyEvent('', {tab: true});
	if (char === '\u007F' || char === '\b') return keyEvent('', {backspace: true});
	if (code > 0 && code < 27) return keyEvent(String.fromCharCode(code + 96), {ctrl: true});
	return null;
}

/** One parser per terminal: a paste or an escape sequence may be split over several reads. */
export class InputParser {
	private pending = '';
	private paste: string | null = null;

	/** The events of one read, in order. */
	push(chunk: string): InputEvent[] {
		let data = this.pending + chunk;
		this.pending = '';
		const events: InputEvent[] = [];
		while (data.length > 0) {
			if (this.paste !== null) {
				const end = data.indexOf(pasteEnd);
				if (end < 0) {
					// Hold back what could be the start of the end marker.
					const keep = partialSuffix(data, pasteEnd);
					this.paste += data.slice(0, data.length - keep);
					this.pending = data.slice(data.length - keep);
					return events;
				}
				events.push({kind: 'paste', text: this.paste + data.slice(0, end)});
				this.paste = null;
				data = data.slice(end + pasteEnd.length);
				continue;
			}
			if (data.startsWith(pasteStart)) {
				this.paste = '';
				data = data.slice(pasteStart.length);
				continue;
			}
			if (data[0] === '\u001B') {
				const consumed = this.escape(data, events);
				if (consumed === 0) return events;
				data = data.slice(consumed);
				continue;
			}
			const char = String.fromCodePoint(data.codePointAt(0)!);
			data = data.slice(char.length);
			const code = char.codePointAt(0)!;
			if (code < 32 || code === 0x7f) {
				const event = controlKey(char);
				if (event) events.push(event);
			} else if (code >= 0x80 && code < 0xa0) {
				// C1 controls are never keys.
			} else events.push(keyEvent(char, {shift: char !== char.toLowerCase()}));
		}
		return events;
	}

	/** Reads one escape sequence at the start of `data`; 0 when it is cut off and must wait for the next read. */
	private escape(data: string, events: InputEvent[]): number {
		if (data.length === 1) {
			events.push(keyEvent('', {escape: true}));
			return 1;
		}
		const introducer = data[1];
		if (introducer === '[' || introducer === 'O') {
			let index = 2;
			while (index < data.length && /[\d;?<=>]/.test(data[index]!)) index++;
			if (index >= data.length) {
				if (partialSuffix(data, pasteStart) === data.length || data.length < 16) {
					this.pending = data;
					return 0;
				}
				return data.length;
			}
			const event = sequenceKey(data.slice(2, index + 1));
			if (event) events.push(event);
			return index + 1;
		}
		// ESC then a plain character: dockswab binds no Alt keys, so this is Esc followed by a key
		// that came in the same read (Esc, then / typed quickly), not Alt with that key.
		events.push(keyEvent('', {escape: true}));
		return 1;
	}
}

/** How many characters at the end of `data` could begin `marker`. */
function partialSuffix(data: string, marker: string): number {
	for (let length = Math.min(marker.length - 1, data.length); length > 0; length--) if (data.endsWith(marker.slice(0, length))) return length;
	return 0;
}
