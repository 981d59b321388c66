// `dockswab plugin install|uninstall`: the one place dockswab writes to the docker CLI's plugin
// directory, and only when asked. The plugin is a symbolic link to this very program, so an
// upgrade in place upgrades `docker swab` too, and uninstall can tell its own link from a file
// someone else put there.
import {lstatSync, mkdirSync, readlinkSync, realpathSync, symlinkSync, unlinkSync} from 'node:fs';
import {dirname, resolve} from 'node:path';
import type {PluginAction} from '../cli-args';
import {pluginLinkPath} from '../docker-plugin';

export type PluginResult = {stdout: string; stderr: string; exitCode: number};

/** What is at `path` now: nothing, a link (and where it leads, if anywhere), or another file. */
function existing(path: string): {kind: 'none'} | {kind: 'link'; target: string; resolved: string | null} | {kind: 'file'} {
	let stats;
	try {
		stats = lstatSync(path);
	} catch (error) {
		if ((error as {code?: string}).code === 'ENOENT') return {kind: 'none'};
		throw error;
	}
	if (!stats.isSymbolicLink()) return {kind: 'file'};
	const target = readlinkSync(path);
	let resolved: string | null = null;
	try {
		resolved = realpathSync(path);
	} catch {
		// A link to a file that is gone: resolved stays null.
	}
	return {kind: 'link', target: resolve(dirname(path), target), resolved};
}

function failure(message: string): PluginResult {
	return {stdout: '', stderr: `dockswab: ${message}\n`, exitCode: 1};
}

/** `program`: this program's file, as started (through whatever links). */
export function runPluginCommand(action: PluginAction, configDir: string, program: string): PluginResult {
	const link = pluginLinkPath(configDir);
	const self = realpathSync(program);
	try {
		const found = existing(link);
		const ours = found.kind === 'link' && found.resolved === self;
		if (action === 'install') {
			if (ours) return {stdout: `${link} already links to ${self}: \`docker swab\` runs dockswab\n`, stderr: '', exitCode: 0};
			if (found.kind === 'link') return failure(`${link} exists and links to ${found.target}, not to this dockswab (${self}); remove it first to install this one`);
			if (found.kind === 'file') return failure(`${link} exists and is not a link to dockswab; left alone (remove it first to install dockswab there)`);
			mkdirSync(dirname(link), {recursive: true});
			symlinkSync(self, link);
			return {stdout: `linked ${link} -> ${self}: \`docker swab\` now runs dockswab\n`, stderr: '', exitCode: 0};
		}
		if (found.kind === 'none') return {stdout: `no ${link}: nothing to remove\n`, stderr: '', exitCode: 0};
		if (!ours) return failure(`${link} is not a link to this dockswab (${self}); left alone`);
		unlinkSync(link);
		return {stdout: `removed ${link}\n`, stderr: '', exitCode: 0};
	} catch (error) {
		return failure(`cannot ${action} the docker CLI plugin at ${link}: ${(error as Error).message}`);
	}
}
