// Opens a dockerode client at the API version both sides speak.
import Docker from 'dockerode';
import {EngineTimeoutError, engineDeadlineMs, secondsText, withCallDeadlines} from './call-deadline';
import {modemOptions} from './endpoint';
import {withoutPassword} from './ssh-endpoint';
import {engineProduct, negotiatedApiVersion, type VersionAnswer} from './version';
import type {EngineTarget} from './target';

export {modemOptions, withTimeout} from './endpoint';
export {compareApiVersions, engineProduct, negotiatedApiVersion, ourApiVersion, type VersionAnswer} from './version';

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

export function pinnedEngine(target: EngineTarget, version: VersionAnswer, deadlineMs = engineDeadlineMs(process.env)): Engine {
	const apiVersion = negotiatedApiVersion(version);
	const docker = withCallDeadlines(new Docker({...modemOptions(target), version: `v${apiVersion}`}), deadlineMs);
	const product = engineProduct(version);
	return {docker, target, engineVersion: product.version, apiVersion, product: product.product};
}

/** An unversioned client: the engine answers at its own API version (used for the first lists only). */
export function unversionedClient(target: EngineTarget, deadlineMs = engineDeadlineMs(process.env)): Docker {
	return withCallDeadlines(new Docker(modemOptions(target)), deadlineMs);
}

/** Turns a connection error into a line for the user and a hint of what to check. */
export function describeConnectionError(target: EngineTarget, error: unknown): {error: string; hint: string} {
	const code = (error as {code?: string})?.code;
	const message = error instanceof Error ? error.message : String(error);
	const where = `${target.host} (from ${target.source})`;
	if (code === 'ENOENT') return {error: `No engine socket at ${where}.`, hint: 'Is dockerd running? Check DOCKER_HOST or the docker context.'};
	if (code === 'EACCES') return {error: `Permission denied on ${where}.`, hint: 'Add your user to the docker group or run with access to the socket.'};
	if (code === 'ECONNREFUSED') return {error: `Connection refused by ${where}.`, hint: 'Is dockerd running and listening there?'};
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return {error: `Cannot resolve the host of ${where}.`, hint: 'Check the host name.'};
	if (code === 'EENGINETIMEOUT') {
		const within = error instanceof EngineTimeoutError ? ` within ${secondsText(error.waitedMs)}` : '';
		return {error: `No answer from ${where}${within}.`, hint: 'The engine or the network is slow or down.'};
	}
	if (code === 'ESSHURL') return {error: `Cannot use ${withoutPassword(target.host)} (from ${target.source}): ${message}.`, hint: "Fix DOCKER_HOST or the context's endpoint."};
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
