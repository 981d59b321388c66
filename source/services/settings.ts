// dockswab's own settings file: $XDG_CONFIG_HOME/dockswab/config.json (default ~/.config). Today it
// holds the protect patterns: tags that no clean-up rule, local or remote, ever selects.
import {readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';
import {logError} from './log';

export type Settings = {readonly protect: readonly string[]};

export function settingsPath(env: NodeJS.ProcessEnv): string {
	return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'dockswab', 'config.json');
}

/** Synchronous: a small local file, read once before the first frame. A missing file means no settings. */
export function readSettings(env: NodeJS.ProcessEnv): Settings {
	let text: string;
	try {
		text = readFileSync(settingsPath(env), 'utf8');
	} catch {
		return {protect: []};
	}
	try {
		const parsed = JSON.parse(text) as {protect?: unknown};
		const protect = Array.isArray(parsed.protect) ? parsed.protect.filter((pattern): pattern is string => typeof pattern === 'string' && pattern.trim() !== '') : [];
		return {protect};
	} catch (error) {
		logError(`settings ${settingsPath(env)}`, error);
		return {protect: []};
	}
}
