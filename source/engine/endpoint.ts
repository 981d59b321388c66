// Where and how to reach an engine, as request options for node's http client (and for
// docker-modem, which takes the same options). Kept apart from dockerode so that the first lists
// can be asked for before dockerode is loaded (see source/start/).
import {readFileSync} from 'node:fs';
import type {Agent as HttpAgent} from 'node:http';
import type {Agent as HttpsAgent} from 'node:https';
import {https} from '../lazy-require';
import {EngineTimeoutError, secondsText} from './call-deadline';
import {sshAgent} from './ssh-transport';
import type {EngineTarget} from './target';

/** What docker-modem accepts; its typings leave out the agent it passes to every request. */
export type ModemOptions = {
	protocol: 'http' | 'https';
	socketPath: string | undefined;
	host: string | undefined;
	port: number | undefined;
	ca: undefined;
	cert: undefined;
	key: undefined;
	agent: HttpAgent | undefined;
};

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
	return new (https().Agent)({keepAlive: true, ca: read(tls.ca), cert: read(tls.cert), key: read(tls.key), rejectUnauthorized: !tls.skipVerify});
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

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	return settledWithin(promise, ms, () => new EngineTimeoutError(`${what} did not answer within ${secondsText(ms)}`, ms));
}

/** `promise`, or after `ms` the error `timedOut` gives (it may also abandon the work); the timer never outlives the answer. */
export function settledWithin<T>(promise: Promise<T>, ms: number, timedOut: () => Error): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(timedOut()), ms);
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
