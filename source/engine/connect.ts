// Opens a dockerode client at the API version both sides speak.
import Docker from 'dockerode';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
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
};

type ModemOptions = Docker.DockerOptions;

export function modemOptions(target: EngineTarget): ModemOptions {
	const url = new URL(target.host);
	switch (url.protocol) {
		case 'unix:':
			return {socketPath: decodeURIComponent(url.pathname)};
		case 'npipe:':
			return {socketPath: target.host.replace(/^npipe:\/\//, '')};
		case 'tcp:':
		case 'http:':
		case 'https:': {
			const secure = target.tls.verify || url.protocol === 'https:' || url.port === '2376';
			const options: ModemOptions = {host: url.hostname, port: Number(url.port || (secure ? 2376 : 2375)), protocol: secure ? 'https' : 'http'};
			if (secure && target.tls.certPath) {
				const read = (file: string) => {
					try {
						return readFileSync(join(target.tls.certPath!, file));
					} catch {
						throw new Error(`cannot read ${join(target.tls.certPath!, file)} (DOCKER_CERT_PATH needs ca.pem, cert.pem and key.pem)`);
					}
				};
				Object.assign(options, {ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem')});
			}
			return options;
		}
		case 'ssh:':
			return {
				protocol: 'ssh',
				host: url.hostname,
				port: Number(url.port || 22),
				username: decodeURIComponent(url.username) || undefined,
				sshOptions: {agent: process.env.SSH_AUTH_SOCK},
			} as ModemOptions;
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
export function pinnedEngine(target: EngineTarget, version: {ApiVersion: string; Version: string}): Engine {
	const engineApi = version.ApiVersion;
	const apiVersion = compareApiVersions(engineApi, ourApiVersion) < 0 ? engineApi : ourApiVersion;
	const docker = new Docker({...modemOptions(target), version: `v${apiVersion}`});
	return {docker, target, engineVersion: version.Version, apiVersion};
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
	if (/unsupported DOCKER_HOST/.test(message)) return {error: message, hint: 'Fix DOCKER_HOST.'};
	if (/DOCKER_CERT_PATH needs/.test(message)) return {error: `TLS for ${where}: ${message}.`, hint: 'Check DOCKER_CERT_PATH.'};
	if (/CERT|SELF_SIGNED|ALTNAME|TLS|SSL/i.test(code ?? '') || /certificate|alert/i.test(message))
		return {error: `TLS with ${where} failed: ${message.split('\n')[0]}.`, hint: 'The engine and the certificates in DOCKER_CERT_PATH do not match (CA, client certificate, host name).'};
	return {error: `Cannot reach ${where}: ${message.split('\n')[0]}`, hint: 'Check that the engine runs and DOCKER_HOST is right.'};
}
