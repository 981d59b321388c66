// Which engine to talk to: DOCKER_HOST, else the docker context, else the default socket, as the CLI does.
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';

export type EngineTarget = {
	/** The endpoint as a URL: unix:///var/run/docker.sock, tcp://host:2376, ssh://user@host. */
	readonly host: string;
	/** Where the choice came from, for messages: "DOCKER_HOST", "context prod", "default". */
	readonly source: string;
	readonly tls: {readonly verify: boolean; readonly certPath: string | null};
};

export const defaultHost = 'unix:///var/run/docker.sock';

export function dockerConfigDir(env: NodeJS.ProcessEnv): string {
	return env.DOCKER_CONFIG || join(homedir(), '.docker');
}

function readJson(path: string): unknown {
	try {
		return JSON.parse(readFileSync(path, 'utf8'));
	} catch {
		return null;
	}
}

function contextHost(configDir: string, name: string): string | null {
	const digest = createHash('sha256').update(name).digest('hex');
	const meta = readJson(join(configDir, 'contexts', 'meta', digest, 'meta.json')) as {Endpoints?: {docker?: {Host?: string}}} | null;
	return meta?.Endpoints?.docker?.Host ?? null;
}

export function resolveEngineTarget(env: NodeJS.ProcessEnv, contextOverride?: string): EngineTarget {
	const tls = {verify: Boolean(env.DOCKER_TLS_VERIFY), certPath: env.DOCKER_CERT_PATH || null};
	if (env.DOCKER_HOST && !contextOverride) return {host: env.DOCKER_HOST, source: 'DOCKER_HOST', tls};
	const configDir = dockerConfigDir(env);
	const config = readJson(join(configDir, 'config.json')) as {currentContext?: string} | null;
	const context = contextOverride || env.DOCKER_CONTEXT || config?.currentContext;
	if (context && context !== 'default') {
		const host = contextHost(configDir, context);
		if (host) return {host, source: `context ${context}`, tls};
	}
	return {host: defaultHost, source: 'default', tls};
}
