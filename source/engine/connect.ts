// Opens a dockerode client at the API version both sides speak.
import Docker from 'dockerode';
import {readFileSync} from 'node:fs';
import type {Agent as HttpAgent} from 'node:http';
import {Agent as HttpsAgent} from 'node:https';
import {sshAgent} from './ssh-transport';
import type {EngineTarget} from './target';

/** The newest API version dockswab knows; older engines get their own version. */
export const ourApiVersion = '1.45';

/** The engine client as the rest of dockswab sees it: only source/engine/ imports dockerode. */
export type EngineClient = Docker;

export type Engine = {
	readonly docker: EngineClient;
	readonly target: EngineTarget;
	readonly engineVersion: string;
	readonly apiVersion: string;
	/** The engine's own name: `Docker`, or `Podman Engine` behind Podman's compat socket. */
	readonly product: string;
};

/** What docker-modem accepts; its typings leave out the agent it passes to every request. */
type ModemOptions = Docker.DockerOptions & {agent?: HttpAgent};

// One agent per target, so the first-contact client and the pinned one share kept-alive connections.
const agents = new WeakMap<EngineTarget, HttpAgent>();

function agentFor(target: EngineTarget, make: () => HttpAgent): HttpAgent {
	const known = agents.get(target);
	if (known) return known;
	const agent = make();
	agents.set(target, agent);
	return agent;
}

function tlsAgent(target: EngineTarget): HttpsAgent {
	const {tls} = target;
	const read = (file: string | null) => {
		if (!file) return undefined;
		try {
			return readFileSync(file);
		} catch {
			throw new Error(tls.origin === 'DOCKER_CERT_PATH' ? `cannot read ${file} (DOCKER_CERT_PATH needs ca.pem, cert.pem and key.pem)` : `cannot read ${file} (TLS material of ${tls.origin})`);
		}
	};
	return new HttpsAgent({keepAlive: true, ca: read(tls.ca), cert: read(tls.cert), key: read(tls.key), rejectUnauthorized: !tls.skipVerify});
}

/**
 * docker-modem fills any option left out from DOCKER_HOST and DOCKER_CERT_PATH itself, so every
 * one is set here: the target alone decides where dockswab connects.
 */
export function modemOptions(target: EngineTarget): ModemOptions {
	const url = new URL(target.host);
	const unset = {socketPath: undefined, host: undefined, port: undefined, ca: undefined, cert: undefined, key: undefined, agent: undefined};
	switch (url.protocol) {
		case 'unix:':
			return {...unset, protocol: 'http', socketPath: decodeURIComponent(url.pathname)};
		case 'npipe:':
			return {...unset, protocol: 'http', socketPath: target.host.replace(/^npipe:\/\//, '')};
		case 'tcp:':
		case 'http:':
		case 'https:': {
			const secure = target.tls.required || url.protocol === 'https:' || url.port === '2376';
			const port = Number(url.port || (secure ? 2376 : 2375));
			if (!secure) return {...unset, protocol: 'http', host: url.hostname, port};
			return {...unset, protocol: 'https', host: url.hostname, port, agent: agentFor(target, () => tlsAgent(target))};
		}
		case 'ssh:':
			// Plain HTTP over the stdin/stdout of `ssh … docker system dial-stdio`; docker-modem's own
			// ssh transport would accept any host key.
			return {...unset, protocol: 'http', host: url.hostname, port: Number(url.port || 22), agent: agentFor(target, () => sshAgent(target.host))};
		default:
			throw new Error(`unsupported DOCKER_HOST scheme "${url.protocol}" (use unix://, tcp:// or ssh://)`);
	}
}

export function compareApiVersions(a: string, b: string): number {
	const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
	const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
	return aMajor - bMajor || aMinor - bMinor;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
		promise.then(
			value => {
				clearTimeout(timer);
				resolve(value);
			},
			(error: unknown) => {
				clearTimeout(timer);
				reject(error);
			},
		);
	});
}

/**
 * dockerode does not negotiate: after the first contact told us the engine's API version, every
 * later call goes through a client pinned to the lower of the two.
 */
export type VersionAnswer = {ApiVersion: string; Version: string; Components?: readonly {Name?: string; Version?: string}[] | null};

/**
 * Docker names its daemon component `Engine`; Podman's compat socket answers the same `/version`
 * with a component `Podman Engine` and Podman's own version. Anything else is taken as Docker.
 */
export function engineProduct(version: VersionAnswer): {product: string; version: string} {
	const engine = (version.Components ?? []).find(component => /(^|\s)Engine$/.test(component.Name ?? ''));
	if (!engine?.Name || engine.Name === 'Engine') return {product: 'Docker', version: version.Version};
	return {product: engine.Name, version: engine.Version || version.Version};
}

export function pinnedEngine(target: EngineTarget, version: VersionAnswer): Engine {
	const engineApi = version.ApiVersion;
	const apiVersion = compareApiVersions(engineApi, ourApiVersion) < 0 ? engineApi : ourApiVersion;
	const docker = new Docker({...modemOptions(target), version: `v${apiVersion}`});
	const product = engineProduct(version);
	return {docker, target, engineVersion: product.version, apiVersion, product: product.product};
}

/** An unversioned client: the engine answers at its own API version (used for the first lists only). */
export function unversionedClient(target: EngineTarget): Docker {
	return new Docker(modemOptions(target));
}

/** Turns a connection error into a line for the user and a hint of what to check. */
export function describeConnectionError(target: EngineTarget, error: unknown): {error: string; hint: string} {
	const code = (error as {code?: string})?.code;
	const message = error instanceof Error ? error.message : String(error);
	const where = `${target.host} (from ${target.source})`;
	if (code === 'ENOENT') return {error: `No engine socket at ${where}.`, hint: 'Is dockerd running? Check DOCKER_HOST or the docker context.'};
	if (code === 'EACCES')
		return {error: `Permission denied on ${where}.`, hint: 'Add your user to the docker group or run with access to the socket.'};
	if (code === 'ECONNREFUSED') return {error: `Connection refused by ${where}.`, hint: 'Is dockerd running and listening there?'};
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return {error: `Cannot resolve the host of ${where}.`, hint: 'Check the host name.'};
	if (/did not answer/.test(message)) return {error: `No answer from ${where}.`, hint: 'The engine or the network is slow or down.'};
	if (code === 'ESSH') return {error: `SSH to ${where} failed: ${message}`, hint: sshHint(target.host)};
	if (/unsupported DOCKER_HOST/.test(message)) return {error: message, hint: 'Fix DOCKER_HOST.'};
	if (/DOCKER_CERT_PATH needs|TLS material of/.test(message)) return {error: `TLS for ${where}: ${message}.`, hint: `Check ${target.tls.origin}.`};
	if (/CERT|SELF_SIGNED|ALTNAME|TLS|SSL/i.test(code ?? '') || /certificate|alert/i.test(message)) {
		const certificates = target.tls.origin === 'DOCKER_CERT_PATH' ? 'the certificates in DOCKER_CERT_PATH' : `the certificates of ${target.tls.origin}`;
		return {error: `TLS with ${where} failed: ${message.split('\n')[0]}.`, hint: `The engine and ${certificates} do not match (CA, client certificate, host name).`};
	}
	return {error: `Cannot reach ${where}: ${message.split('\n')[0]}`, hint: 'Check that the engine runs and DOCKER_HOST is right.'};
}

/** The command that shows the same failure with all of ssh's words, and where a fix usually lies. */
function sshHint(host: string): string {
	const url = new URL(host);
	const login = `${url.username ? `${decodeURIComponent(url.username)}@` : ''}${url.hostname}`;
	return `Try: ssh${url.port ? ` -p ${url.port}` : ''} ${login} docker version (known_hosts, ~/.ssh/config, ssh-agent).`;
}
