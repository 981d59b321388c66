// Push and pull through the engine: a streamed POST whose JSON lines are handed on one by one.
// Push answers 200 even when it fails, so every line is scanned for an in-band error; pull fails
// with a real status before any stream. Aborting the signal destroys the HTTP request, which is
// what makes the engine stop the transfer.
import type Docker from 'dockerode';
import type {IncomingMessage} from 'node:http';
import type {StreamLine, TransferFailure, TransferFailureKind} from '../domain/transfer-progress';
import type {Credential} from '../domain/registry-types';
import {engineMessage} from './errors';

export type {StreamLine, TransferFailure} from '../domain/transfer-progress';

export class TransferError extends Error {
	override readonly name = 'TransferError';
	constructor(readonly failure: TransferFailure) {
		super(failure.message);
	}
}

export type TransferResult = {readonly digest: string | null};

/** X-Registry-Auth for a push/pull: {} anonymous, {username,password,serveraddress} or {identitytoken,serveraddress}; base64url JSON. */
export function registryAuthHeader(credential: Credential | null, serverAddress: string): string {
	const config =
		credential === null
			? {}
			: credential.identityToken
				? {identitytoken: credential.secret, serveraddress: serverAddress}
				: {username: credential.username, password: credential.secret, serveraddress: serverAddress};
	// URL-safe alphabet with padding: what the engine's decoder (Go's base64.URLEncoding) reads.
	return Buffer.from(JSON.stringify(config)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

const unauthorizedPattern = /unauthorized|authentication required|incorrect username or password|no basic auth credentials|401 Unauthorized/i;
const deniedPattern = /denied|insufficient_scope|403 Forbidden/i;
const notFoundPattern = /not found|manifest unknown|does not exist|no such image/i;

/** The engine's words for a failed transfer, sorted into what the user can do about it. */
export function classifyTransferMessage(message: string): TransferFailureKind {
	if (unauthorizedPattern.test(message)) return 'unauthorized';
	if (deniedPattern.test(message)) return 'denied';
	if (notFoundPattern.test(message)) return 'not-found';
	return 'failed';
}

function oneLine(text: string): string {
	return text.replace(/\s+/g, ' ').trim();
}

/**
 * Docker 26 on the containerd store reports a refused login as the request that met it
 * ("unexpected status from HEAD request to http://…/blobs/sha256:…: 401 Unauthorized"): the
 * registry's answer is what the user can act on, the blob URL is not.
 */
export function readableFailure(text: string): string {
	const refused = /^unexpected status from \w+ request to \S+: (\d{3} [A-Za-z ]+)$/.exec(text);
	return refused ? `the registry answered ${refused[1]}` : text;
}

function failure(message: string): TransferError {
	const text = readableFailure(oneLine(message)) || 'the engine reported a failure without a message';
	return new TransferError({kind: classifyTransferMessage(text), message: text});
}

function aborted(): TransferError {
	return new TransferError({kind: 'aborted', message: 'cancelled'});
}

function openStream(docker: Docker, path: string, query: Record<string, string>, auth: string, signal: AbortSignal): Promise<IncomingMessage> {
	return new Promise((resolve, reject) => {
		// Without a tag the engine pushes, or pulls, every tag of the repository.
		if (!query.tag) {
			reject(new TransferError({kind: 'failed', message: 'no tag given: the engine would transfer every tag of the repository'}));
			return;
		}
		if (signal.aborted) {
			reject(aborted());
			return;
		}
		docker.modem.dial(
			{
				path: `${path}?`,
				method: 'POST',
				// An empty body object: docker-modem would otherwise send the query as a JSON body too.
				options: {_query: query, _body: {}},
				authconfig: {base64: auth},
				isStream: true,
				statusCodes: {200: true, 404: 'not found', 500: 'server error'},
				abortSignal: signal,
			},
			(error, response) => {
				if (signal.aborted) reject(aborted());
				else if (error) reject(failure(engineMessage(error)));
				else resolve(response as IncomingMessage);
			},
		);
	});
}

const digestPattern = /digest: (sha256:[0-9a-f]{64})/i;

/** Reads JSON lines to the end; the first in-band error rejects. Resolves with the digest a line named (aux, or "…digest: sha256:…"). */
function readLines(response: IncomingMessage, signal: AbortSignal, onLine: (line: StreamLine) => void): Promise<TransferResult> {
	return new Promise((resolve, reject) => {
		let pending = '';
		let settled = false;
		let digest: string | null = null;
		const settle = (error: TransferError | null) => {
			if (settled) return;
			settled = true;
			signal.removeEventListener('abort', onAbort);
			if (error) {
				response.destroy();
				reject(error);
			} else resolve({digest});
		};
		const onAbort = () => settle(aborted());
		const take = (text: string) => {
			if (text.trim() === '' || settled) return;
			let line: StreamLine;
			try {
				line = JSON.parse(text) as StreamLine;
			} catch {
				line = {stream: text};
			}
			onLine(line);
			const error = line.errorDetail?.message ?? line.error;
			if (error) settle(failure(error));
			else digest = line.aux?.Digest ?? (line.status ? digestPattern.exec(line.status)?.[1] : undefined) ?? digest;
		};
		signal.addEventListener('abort', onAbort, {once: true});
		if (signal.aborted) onAbort();
		response.setEncoding('utf8');
		response.on('data', (chunk: string) => {
			pending += chunk;
			let newline = pending.indexOf('\n');
			while (newline >= 0) {
				take(pending.slice(0, newline));
				pending = pending.slice(newline + 1);
				newline = pending.indexOf('\n');
			}
		});
		response.on('end', () => {
			take(pending);
			settle(null);
		});
		response.on('error', error => settle(signal.aborted ? aborted() : failure(error.message)));
		// A connection cut without 'end' (the engine went away) must not leave the promise hanging.
		response.on('close', () => settle(signal.aborted ? aborted() : response.complete ? null : failure('the engine closed the connection before the transfer finished')));
	});
}

/** POST /images/{name}/push?tag=…: resolves with the pushed digest (aux.Digest). */
export async function pushImage(docker: Docker, repository: string, tag: string, auth: string, onLine: (line: StreamLine) => void, signal: AbortSignal): Promise<TransferResult> {
	const response = await openStream(docker, `/images/${repository}/push`, {tag}, auth, signal);
	return readLines(response, signal, onLine);
}

/** POST /images/create?fromImage=…&tag=…: resolves with the digest of the "Digest: sha256:…" line. */
export async function pullImage(docker: Docker, repository: string, tag: string, auth: string, onLine: (line: StreamLine) => void, signal: AbortSignal): Promise<TransferResult> {
	const response = await openStream(docker, '/images/create', {fromImage: repository, tag}, auth, signal);
	return readLines(response, signal, onLine);
}
