// Which engine to talk to, chosen as the docker CLI chooses: --context, then DOCKER_HOST, then
// DOCKER_CONTEXT, then config.json's currentContext, then the default socket.
import {existsSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';
import {crypto} from '../lazy-require';
import {readSmallFile} from '../small-file';

/** How to speak TLS to a tcp:// engine; the files are paths, read when connecting. */
export type TlsSettings = {
	/** Whether TLS is asked for even on a port or scheme that would not imply it. */
	readonly required: boolean;
	readonly skipVerify: boolean;
	readonly ca: string | null;
	readonly cert: string | null;
	readonly key: string | null;
	/** Where the settings came from, for messages: "DOCKER_CERT_PATH", "context prod". */
	readonly origin: string;
};

export type EngineTarget = {
	/** The endpoint as a URL: unix:///var/run/docker.sock, tcp://host:2376, ssh://user@host. */
	readonly host: string;
	/** Where the choice came from, for messages: "DOCKER_HOST", "context prod", "default". */
	readonly source: string;
	readonly tls: TlsSettings;
};

export const defaultHost = 'unix:///var/run/docker.sock';

/** A context that is named but not stored: using the default engine instead could delete on the wrong one. */
export class ContextError extends Error {
	override readonly name = 'ContextError';
}

export function dockerConfigDir(env: NodeJS.ProcessEnv): string {
	return env.DOCKER_CONFIG || join(homedir(), '.docker');
}

/**
 * An engine address as the docker CLI reads it: `unix://` alone is the default socket, and a
 * `tcp://` without a host is localhost (port 2375 when none is given). An ssh:// address without
 * a host, or an address that is not a URL, is refused as the CLI refuses it: nothing is tried.
 */
export function engineHost(raw: string, source: string): string {
	if (raw === 'unix://') return defaultHost;
	const tcp = /^tcp:\/\/(?::(\d+))?\/?$/.exec(raw);
	if (tcp) return `tcp://localhost:${tcp[1] ?? '2375'}`;
	if (!URL.canParse(raw)) throw new ContextError(`${source}: "${raw}" is not an engine address (unix:///path, tcp://host:port or ssh://[user@]host[:port])`);
	const url = new URL(raw);
	if (url.protocol === 'ssh:' && !url.hostname) throw new ContextError(`${source}: "${raw}" names no host (ssh://[user@]host[:port])`);
	return raw;
}

function readJson(path: string): unknown {
	try {
		return JSON.parse(readSmallFile(path));
	} catch {
		return null;
	}
}

function contextDigest(name: string): string {
	return crypto().createHash('sha256').update(name).digest('hex');
}

type ContextMeta = {Endpoints?: {docker?: {Host?: unknown; SkipTLSVerify?: unknown}}};

function contextTarget(configDir: string, name: string): EngineTarget {
	const digest = contextDigest(name);
	const metaPath = join(configDir, 'contexts', 'meta', digest, 'meta.json');
	let text: string;
	try {
		text = readSmallFile(metaPath);
	} catch (error) {
		const code = (error as {code?: string}).code;
		if (code === 'ENOENT') throw new ContextError(`context "${name}": context not found: open ${metaPath}: no such file or directory`);
		throw new ContextError(`context "${name}": cannot read ${metaPath}: ${(error as Error).message}`);
	}
	let meta: ContextMeta | null;
	try {
		meta = JSON.parse(text) as ContextMeta | null;
	} catch {
		throw new ContextError(`context "${name}": ${metaPath} is not valid JSON`);
	}
	const endpoint = meta?.Endpoints?.docker;
	if (typeof endpoint?.Host !== 'string' || endpoint.Host === '') throw new ContextError(`context "${name}": no docker endpoint in ${metaPath}`);
	// `docker context create --docker ca=…,cert=…,key=…` copies the files here.
	const tlsDir = join(configDir, 'contexts', 'tls', digest, 'docker');
	const file = (base: string) => (existsSync(join(tlsDir, base)) ? join(tlsDir, base) : null);
	const [ca, cert, key] = [file('ca.pem'), file('cert.pem'), file('key.pem')];
	const skipVerify = endpoint.SkipTLSVerify === true;
	return {
		host: engineHost(endpoint.Host, `context "${name}"`),
		source: `context ${name}`,
		tls: {required: Boolean(ca || cert || key) || skipVerify, skipVerify, ca, cert, key, origin: `context ${name}`},
	};
}

/**
 * The default context: DOCKER_HOST with the DOCKER_TLS_VERIFY/DOCKER_CERT_PATH settings, else the
 * socket. With TLS asked for and no DOCKER_CERT_PATH, the files are those of the docker CLI's
 * config directory ($DOCKER_CONFIG, else ~/.docker), where `docker` looks too; as there, a client
 * certificate or key that is not there is left out (the engine may not ask for one), a missing CA
 * is an error.
 */
function defaultTarget(env: NodeJS.ProcessEnv, source: string): EngineTarget {
	const required = Boolean(env.DOCKER_TLS_VERIFY || env.DOCKER_TLS);
	const certPath = env.DOCKER_CERT_PATH || null;
	const configDir = required && !certPath ? dockerConfigDir(env) : null;
	const clientFile = (base: string) => (certPath ? join(certPath, base) : configDir && existsSync(join(configDir, base)) ? join(configDir, base) : null);
	const tls: TlsSettings = {
		required,
		skipVerify: false,
		ca: certPath ? join(certPath, 'ca.pem') : configDir && join(configDir, 'ca.pem'),
		cert: clientFile('cert.pem'),
		key: clientFile('key.pem'),
		origin: configDir ? `${configDir}, used when DOCKER_CERT_PATH is unset` : 'DOCKER_CERT_PATH',
	};
	return env.DOCKER_HOST ? {host: engineHost(env.DOCKER_HOST, source), source, tls} : {host: defaultHost, source: 'default', tls};
}

/** Throws a ContextError when the chosen context does not exist or the address names no engine, as the docker CLI refuses to run. */
export function resolveEngineTarget(env: NodeJS.ProcessEnv, contextOverride?: string): EngineTarget {
	if (!contextOverride && env.DOCKER_HOST) return defaultTarget(env, 'DOCKER_HOST');
	const configDir = dockerConfigDir(env);
	const config = readJson(join(configDir, 'config.json')) as {currentContext?: unknown} | null;
	const current = typeof config?.currentContext === 'string' ? config.currentContext : undefined;
	const context = contextOverride || env.DOCKER_CONTEXT || current;
	if (!context || context === 'default') return defaultTarget(env, env.DOCKER_HOST ? 'DOCKER_HOST' : 'default');
	return contextTarget(configDir, context);
}
