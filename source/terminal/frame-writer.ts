// Ink redraws every line of a full-screen frame on each change (several KB over SSH per key).
// Ink runs in debug mode, handing over each whole frame, and this writer sends the terminal only
// the lines that changed, each addressed by its row, inside a synchronized update.
import {EventEmitter} from 'node:events';

const beginSync = '\u001B[?2026h';
const endSync = '\u001B[?2026l';
const clearScreen = '\u001B[2J';

export type Terminal = {
	write: (data: string) => unknown;
	readonly columns?: number;
	readonly rows?: number;
	readonly isTTY?: boolean;
	on: (event: 'resize', listener: () => void) => unknown;
};

/** The bytes that turn the previous frame into the next one. Empty when nothing changed. */
export function frameDiff(previous: readonly string[], next: readonly string[], rows: number): string {
	let out = '';
	const count = Math.min(rows, Math.max(previous.length, next.length));
	for (let index = 0; index < count; index++) {
		const line = next[index] ?? '';
		if (line === previous[index]) continue;
		// Erase first, then write: erasing after a line that fills the width would eat its last character.
		out += `\u001B[${index + 1};1H\u001B[2K${line}`;
	}
	return out;
}

export class FrameWriter extends EventEmitter {
	private previous: string[] = [];
	private cleared = false;

	constructor(private readonly terminal: Terminal) {
		super();
		terminal.on('resize', () => {
			// After a resize the terminal's contents are reflowed: start from a blank screen.
			this.previous = [];
			this.cleared = false;
			this.emit('resize');
		});
	}

	get columns(): number {
		return this.terminal.columns ?? 80;
	}

	get rows(): number {
		return this.terminal.rows ?? 24;
	}

	get isTTY(): boolean {
		return this.terminal.isTTY ?? false;
	}

	write(frame: string): boolean {
		const next = frame.split('\n');
		const diff = frameDiff(this.previous, next, this.rows);
		this.previous = next;
		if (!diff && this.cleared) return true;
		const data = `${beginSync}${this.cleared ? '' : clearScreen}${diff}${endSync}`;
		this.cleared = true;
		this.terminal.write(data);
		return true;
	}
}
