// The docker contexts stored under $DOCKER_CONFIG/contexts, as `docker context ls` lists them:
// the default one first, then the others by name. Each is resolved as dockswab would connect to
// it, so the list shows the endpoint (and TLS) that a switch would really use.
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {ContextError, dockerConfigDir, resolveEngineTarget, type EngineTarget} from './target';
import {compareText} from '../domain/compare';

export type DockerContext = {readonly name: string; readonly target: EngineTarget | null; readonly error: string | null};

function storedNames(configDir: string): string[] {
	const metaDir = join(configDir, 'contexts', 'meta');
	let entries: string[];
	try {
		entries = readdirSync(metaDir);
	} catch {
		return [];
	}
	const names: string[] = [];
	for (const entry of entries) {
		try {
			const meta = JSON.parse(readFileSync(join(metaDir, entry, 'meta.json'), 'utf8')) as {Name?: unknown} | null;
			if (typeof meta?.Name === 'string' && meta.Name !== 'default') names.push(meta.Name);
		} catch {
			// A directory without a readable meta.json is no context: docker skips it as well.
		}
	}
	return names.sort(compareText);
}

/** `env` without any --host override: the default context is what DOCKER_HOST (or the socket) says. */
export function listDockerContexts(env: NodeJS.ProcessEnv): DockerContext[] {
	return ['default', ...storedNames(dockerConfigDir(env))].map(name => {
		try {
			return {name, target: resolveEngineTarget(env, name), error: null};
		} catch (error) {
			if (error instanceof ContextError) return {name, target: null, error: error.message};
			throw error;
		}
	});
}
