// Details of errors go to a log file, never to the screen: $XDG_STATE_HOME/dockswab/log.
import {appendFileSync, mkdirSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';

export function logPath(env: NodeJS.ProcessEnv = process.env): string {
	const stateHome = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
	return join(stateHome, 'dockswab', 'log');
}

export function logError(context: string, error: unknown): void {
	const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
	try {
		const path = logPath();
		mkdirSync(join(path, '..'), {recursive: true});
		appendFileSync(path, `${new Date().toISOString()} ${context}: ${detail}\n`, {mode: 0o600});
	} catch {
		// The log is best effort: an unwritable state dir must not break the UI.
	}
}

/** The one line a user sees for an unexpected failure; the stack trace is in the log. */
export function fatalLine(error: unknown, doing?: string): string {
	const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ').trim();
	return `dockswab: ${doing ? `${doing}: ` : ''}${message} (details in ${logPath()})`;
}
