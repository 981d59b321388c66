// Which engines a headless command runs on: --context, each --host, or every docker context.
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {ContextError, dockerConfigDir, resolveEngineTarget, type EngineTarget} from '../engine/target';

export type LabelledTarget = {readonly label: string; readonly target: EngineTarget};

/** Context names stored under $DOCKER_CONFIG/contexts/meta, sorted; unreadable entries are left out. */
function storedContexts(env: NodeJS.ProcessEnv): string[] {
	const meta = join(dockerConfigDir(env), 'contexts', 'meta');
	let entries: string[];
	try {
		entries = readdirSync(meta);
	} catch {
		return [];
	}
	const names: string[] = [];
	for (const entry of entries) {
		try {
			const name = (JSON.parse(readFileSync(join(meta, entry, 'meta.json'), 'utf8')) as {Name?: unknown}).Name;
			if (typeof name === 'string' && name !== 'default') names.push(name);
		} catch {
			// Not a context the docker CLI could use either.
		}
	}
	return names.sort();
}

const labelOf = (target: EngineTarget) => (target.source.startsWith('context ') ? target.source.slice('context '.length) : target.host);

/** Throws a ContextError for a named context that does not exist, as the docker CLI refuses. */
export function commandTargets(env: NodeJS.ProcessEnv, options: {context?: string; hosts: readonly string[]; allContexts: boolean}): LabelledTarget[] {
	if (options.allContexts) {
		// The default engine is DOCKER_HOST or the socket, whatever the current context says.
		const defaultEnv = {...env, DOCKER_CONTEXT: 'default'};
		const targets = [{label: 'default', target: resolveEngineTarget(defaultEnv, 'default')}];
		for (const name of storedContexts(env)) targets.push({label: name, target: resolveEngineTarget(env, name)});
		return targets;
	}
	const targets: LabelledTarget[] = [];
	if (options.context) targets.push({label: options.context, target: resolveEngineTarget(env, options.context)});
	for (const host of options.hosts) targets.push({label: host, target: resolveEngineTarget({...env, DOCKER_HOST: host})});
	if (targets.length === 0) {
		const target = resolveEngineTarget(env);
		targets.push({label: labelOf(target), target});
	}
	return targets;
}

export {ContextError};
