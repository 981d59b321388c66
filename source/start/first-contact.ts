// The first three questions to the engine (/version and both lists), asked with node's own http
// client before dockerode, React and Ink are loaded: for the first screen, the engine's answer is
// the only wait there should be. Later calls go through dockerode (source/engine/connect.ts).
import {request as httpRequest, type IncomingMessage} from 'node:http';
import {https} from '../lazy-require';
import {modemOptions, withTimeout} from '../engine/endpoint';
import {listsTakenSince} from '../engine/engine-clock';
import {toContainerInfo, toImageInfo} from '../engine/lists';
import type {EngineTarget} from '../engine/target';
import type {VersionAnswer} from '../engine/version';
import type {ContainerInfo, ImageInfo} from '../domain/types';

export type FirstLists = {
	readonly version: VersionAnswer;
	readonly images: ImageInfo[];
	readonly containers: ContainerInfo[];
	/**
	 * Engine time (unix seconds) no later than the moment the lists were taken, from the engine's
	 * own `Date` header (see engine-clock.ts): the event stream opened `since` then replays whatever
	 * changed after the lists, so nothing is missed and no second listing is needed.
	 */
	readonly since: number | undefined;
};

type Answer = {readonly value: unknown; readonly date: number | null};

/** The bytes of an error answer, cut short: the engine's own message, for the log and the screen. */
function errorMessage(status: number | undefined, path: string, body: string): string {
	let message = body.trim();
	try {
		message = (JSON.parse(body) as {message?: string}).message ?? message;
	} catch {
		// Not JSON: the text as it came.
	}
	return `(HTTP code ${status}) ${path}: ${message.slice(0, 300)}`;
}

function getJson(target: EngineTarget, path: string): Promise<Answer> {
	const endpoint = modemOptions(target);
	const request = endpoint.protocol === 'https' ? https().request : httpRequest;
	return new Promise((resolve, reject) => {
		const call = request({socketPath: endpoint.socketPath, host: endpoint.host, port: endpoint.port, agent: endpoint.agent, path, method: 'GET', headers: {Accept: 'application/json'}}, (response: IncomingMessage) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('error', reject);
			response.on('end', () => {
				const body = Buffer.concat(chunks).toString('utf8');
				if (response.statusCode !== 200) {
					reject(Object.assign(new Error(errorMessage(response.statusCode, path, body)), {statusCode: response.statusCode}));
					return;
				}
				try {
					const date = Date.parse(response.headers.date ?? '');
					resolve({value: JSON.parse(body) as unknown, date: Number.isNaN(date) ? null : date / 1000});
				} catch (error) {
					reject(error);
				}
			});
		});
		call.on('error', reject);
		call.end();
	});
}

/**
 * The version and both lists in one round trip: the lists go out unversioned (the engine answers
 * at its own API version; the fields read from them are the same in every version since 1.41).
 */
export async function requestFirstLists(target: EngineTarget, timeoutMs = 10_000): Promise<FirstLists> {
	const started = Date.now();
	const [version, images, containers] = await withTimeout(
		Promise.all([getJson(target, '/version'), getJson(target, '/images/json?all=1'), getJson(target, '/containers/json?all=1')]),
		timeoutMs,
		'the engine',
	);
	if (!Array.isArray(images.value) || !Array.isArray(containers.value) || typeof version.value !== 'object' || version.value === null) {
		throw new Error('the engine answered with something other than lists');
	}
	const since = listsTakenSince(version.date, Date.now() - started);
	return {
		version: version.value as VersionAnswer,
		images: (images.value as Parameters<typeof toImageInfo>[0][]).map(toImageInfo),
		containers: (containers.value as Parameters<typeof toContainerInfo>[0][]).map(toContainerInfo),
		since,
	};
}
