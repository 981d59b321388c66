// dockswab's own settings file: $XDG_CONFIG_HOME/dockswab/config.json (default ~/.config). Read
// once before anything starts; a file that does not pass the checks stops dockswab with one line
// naming the field and its line, rather than running on part of what the user wrote.
import {homedir} from 'node:os';
import {join} from 'node:path';
import {readSmallFile} from '../small-file';
import {defaultConfig, formatConfigProblem, parseConfig, type Config, type ConfigRules} from '../domain/config';

export type Settings = Config;

export type SettingsResult = {readonly ok: true; readonly settings: Settings} | {readonly ok: false; readonly message: string};

export function settingsPath(env: NodeJS.ProcessEnv): string {
	return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'dockswab', 'config.json');
}

/** Synchronous: a small regular file, read before the first frame. A missing file means the defaults. */
export function loadSettings(env: NodeJS.ProcessEnv, rules: ConfigRules): SettingsResult {
	const path = settingsPath(env);
	let text: string;
	try {
		text = readSmallFile(path);
	} catch (error) {
		if ((error as {code?: string}).code === 'ENOENT') return {ok: true, settings: defaultConfig};
		return {ok: false, message: `${path}: cannot read the config file: ${(error as Error).message}`};
	}
	const parsed = parseConfig(text, rules);
	return parsed.ok ? {ok: true, settings: parsed.config} : {ok: false, message: formatConfigProblem(path, parsed.problem)};
}
