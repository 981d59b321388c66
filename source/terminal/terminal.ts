// The terminal as dockswab takes it over and gives it back. Taken by the entry (cli.tsx) before
// the first frame; the UI, once loaded, adds what must end before it is given back.
import {fatalLine, logError} from '../services/log';
import {writeOutput} from '../terminal-output';

// Bracketed paste goes on with the alternate screen: a paste then arrives marked as text and is
// never read as commands.
const enterAltScreen = '\u001B[?1049h\u001B[H\u001B[?2004h';
const leaveAltScreen = '\u001B[?2004l\u001B[?1049l';
const showCursor = '\u001B[?25h';
const hideCursor = '\u001B[?25l';

let taken = false;
let released = false;
let beforeRelease: () => void = () => undefined;

/** Gives the terminal back: whatever the UI registered first, then raw mode, screen and cursor. */
export function releaseTerminal(): void {
	if (!taken || released) return;
	released = true;
	try {
		beforeRelease();
	} finally {
		if (process.stdin.isTTY) process.stdin.setRawMode(false);
		process.stdout.write(leaveAltScreen + showCursor);
	}
}

export function quit(code = 0): never {
	releaseTerminal();
	process.exit(code);
}

/** Gives the terminal back and ends with one line (the details go to the log): never a stack trace on screen. */
export function crash(context: string, doing?: string): (error: unknown) => void {
	return error => {
		logError(context, error);
		releaseTerminal();
		writeOutput(process.stderr, `${fatalLine(error, doing)}\n`);
		process.exit(1);
	};
}

/**
 * Alternate screen, no cursor, raw mode: keys typed from here on wait, unechoed, until the UI
 * reads them (and judges them by what was on screen when it read them). Signals give the terminal
 * back at every stage, and so does a crash.
 */
export function takeTerminal(): void {
	if (taken) return;
	taken = true;
	process.stdout.write(enterAltScreen + hideCursor);
	// Node prints its warnings (FORCE_COLOR and NO_COLOR both set, a deprecation in a library) to
	// stderr, which is the screen the renderer draws: they go to the log instead.
	process.removeAllListeners('warning');
	process.on('warning', warning => logError('warning', warning));
	if (process.stdin.isTTY) process.stdin.setRawMode(true);
	process.on('SIGTERM', () => quit(143));
	process.on('SIGHUP', () => quit(129));
	process.on('SIGINT', () => quit(130));
	process.on('uncaughtException', crash('fatal'));
	process.on('unhandledRejection', crash('fatal'));
	// A last resort for a process.exit() from elsewhere: the terminal is given back all the same.
	process.on('exit', releaseTerminal);
}

/** What must end before the terminal is given back (the session, Ink's last frame). */
export function beforeTerminalRelease(run: () => void): void {
	beforeRelease = run;
}
