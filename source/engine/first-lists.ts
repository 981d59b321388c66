// The first three questions to an engine (/version and both lists), asked with node's own http
// client: at start-up before dockerode, React and Ink are loaded (for the first screen the engine's
// answer is the only wait there should be), and again on every reconnect or engine switch. Later
// calls go through dockerode (source/engine/connect.ts).
import {request as httpRequest, type IncomingMessage} from 'node:http';
import {https} from '../lazy-require';
import {EngineTimeoutError, engineDeadlineMs, fleetTimeoutSeconds, secondsText} from './call-deadline';
import {modemOptions, settledWithin} from './endpoint';
import {notJson, toContainerInfo, toImageInfo} from './lists';
import type {EngineTarget} from './target';
import type {VersionAnswer} from './version';
import type {ContainerInfo, ImageInfo} from '../domain/types';

/**
 * The containers, or (images first, see `containersGraceMs`) their list still under way: on the
 * containerd image store dockerd 26 looks each container's image up again, so 1,000 containers
 * take longer to list than 10,000 images.
 */
export type FirstContainers = ContainerInfo[] | {readonly pending: Promise<ContainerInfo[]>};

export type FirstLists = {
	readonly version: VersionAnswer;
	readonly images: ImageInfo[];
	readonly containers: FirstContainers;
	/**
	 * Engine time (unix seconds) no later than the moment the lists were taken, from the engine's
	 * own `Date` header: the event stream opened `since` then replays whatever
	 * changed after the lists, so nothing is missed and no second listing is needed.
	 */
	readonly since: number | undefined;
};

/**
 * The engine time from which events may have changed what lists asked alongside /version show
 * (an engine's clock need not agree with ours). The Date header is whole seconds, stamped when the
 * version answer was written; the lists were answered within `elapsedMs` of it; one more second of
 * margin. Too early costs at most one re-list for an event the lists already show; too late would
 * lose a change.
 */
export function listsTakenSince(date: number | null, elapsedMs: number): number | undefined {
	return date === null ? undefined : date - 1 - Math.ceil(elapsedMs / 1000);
}

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

function getJson(target: EngineTarget, path: string, signal: AbortSignal): Promise<Answer> {
	const endpoint = modemOptions(target);
	const request = endpoint.protocol === 'https' ? https().request : httpRequest;
	return new Promise((resolve, reject) => {
		const call = request(
			{socketPath: endpoint.socketPath, host: endpoint.host, port: endpoint.port, agent: endpoint.agent, path, method: 'GET', headers: {Accept: 'application/json'}, signal},
			(response: IncomingMessage) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('error', reject);
				response.on('end', () => {
					const body = Buffer.concat(chunks).toString('utf8');
					if (response.statusCode !== 200) {
						reject(Object.assign(new Error(errorMessage(response.statusCode, path, body)), {statusCode: response.statusCode}));
						return;
					}
					let value: unknown;
					try {
						value = JSON.parse(body);
					} catch {
						// A proxy's login page or error page in front of the engine, most often.
						reject(new Error(notJson(path, response.headers['content-type'], body)));
						return;
					}
					const date = Date.parse(response.headers.date ?? '');
					resolve({value, date: Number.isNaN(date) ? null : date / 1000});
				});
			},
		);
		call.on('error', reject);
		call.end();
	});
}

/**
 * How long the first contact waits. `answerMs`: for /version, which any engine answers at once, so
 * a dead or wedged engine is told quickly. `listsMs`: for the lists, which an engine builds from
 * every image it stores; the containerd image store takes milliseconds per image (a minute and
 * more at 10,000), so they get what every later list gets: ten times the engine call deadline
 * (DOCKSWAB_ENGINE_TIMEOUT, call-deadline.ts).
 */
export type FirstListLimits = {readonly answerMs: number; readonly listsMs: number};

/**
 * How long the UI's first contact waits for the containers once the images are listed, before it
 * draws the images alone. Engines that list both in milliseconds never reach it (their first
 * screen is whole); a large containerd store lists its containers tens of seconds later. Here, not
 * in early-contact.ts: the entry imports it, and that module loads dockerode (~10 ms before the
 * first frame).
 */
export const containersGraceMs = 1000;

/**
 * `engines`: how many a command asks at once. One of many answers within the fleet's time limit
 * (DOCKSWAB_FLEET_TIMEOUT, as in the fleet pane), so a silent one is reported that much sooner.
 */
export function firstListLimits(env: NodeJS.ProcessEnv, engines = 1): FirstListLimits {
	const answerMs = engines > 1 ? fleetTimeoutSeconds(env) * 1000 : 10_000;
	return {answerMs, listsMs: Math.max(answerMs, engineDeadlineMs(env) * 10)};
}

const notLists = () => new Error('the engine answered with something other than lists');

/**
 * How long the images may take before the engine counts as one that lists slowly: then the
 * containers list, asked at the same time, is dropped and asked again once the images are in.
 */
const slowListingMs = 2000;

/**
 * The containers list for an images-first contact. Both lists are asked at once; an engine that
 * answers neither within `slowListingMs` lists slowly (the containerd store at thousands of
 * images), and there the two lists compete for the same engine work: measured at 10,000 images,
 * the images came 40% later than alone. So the first request is abandoned and the containers are
 * asked again after the images. dockerd does not stop the abandoned list at once: in that run
 * about 15 s of its engine CPU was spent for nothing, the price of rows 18 s sooner.
 */
function containersAfterSlowImages(target: EngineTarget, images: Promise<Answer>, signal: AbortSignal): Promise<Answer> {
	const early = new AbortController();
	const first = getJson(target, '/containers/json?all=1', AbortSignal.any([signal, early.signal]));
	first.catch(() => undefined);
	return new Promise<Answer>((resolve, reject) => {
		let settled = false;
		const keepFirst = () => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			first.then(resolve, reject);
		};
		const timer = setTimeout(() => {
			if (settled) return;
			settled = true;
			early.abort();
			const again = () => (signal.aborted ? reject(new Error('abandoned')) : getJson(target, '/containers/json?all=1', signal).then(resolve, reject));
			images.then(again, again);
		}, slowListingMs);
		first.then(keepFirst, keepFirst);
		images.then(keepFirst, keepFirst);
	});
}

/**
 * The version and both lists in one round trip: the lists go out unversioned (the engine answers
 * at its own API version; the fields read from them are the same in every version since 1.41).
 * `onAnswer` runs when the engine has answered /version while its lists are still being built,
 * so the screen can say it is listing rather than connecting.
 *
 * `containersGraceMs`: when set, the answer comes once the images are listed and the containers
 * are too or this long after the images, whichever is first; the containers then come as a
 * pending list (the UI draws the images and waits for the containers before any plan). Unset,
 * both lists are waited for (the headless commands plan from both).
 */
export async function requestFirstLists(target: EngineTarget, limits: FirstListLimits = firstListLimits(process.env), onAnswer?: () => void, containersGraceMs?: number): Promise<FirstLists> {
	const started = Date.now();
	const abort = new AbortController();
	// A wait that ran out ends the requests still open.
	const abandoned = (error: string | Error) => {
		abort.abort();
		return typeof error === 'string' ? new Error(error) : error;
	};
	const listsMessage = (what: string) => `the engine answered but did not list its ${what} within ${secondsText(limits.listsMs)} (DOCKSWAB_ENGINE_TIMEOUT sets a longer wait, in seconds)`;
	const imagesPending = getJson(target, '/images/json?all=1', abort.signal);
	const containersPending = containersGraceMs === undefined ? getJson(target, '/containers/json?all=1', abort.signal) : containersAfterSlowImages(target, imagesPending, abort.signal);
	// Settled by the bounded waits below or, after a failed version, by nobody: never unhandled.
	imagesPending.catch(() => undefined);
	containersPending.catch(() => undefined);
	let listed = false;
	let version: Answer;
	try {
		version = await settledWithin(getJson(target, '/version', abort.signal), limits.answerMs, () =>
			abandoned(new EngineTimeoutError(`the engine did not answer within ${secondsText(limits.answerMs)}`, limits.answerMs)),
		);
	} catch (error) {
		abort.abort();
		throw error;
	}
	if (typeof version.value !== 'object' || version.value === null) {
		abort.abort();
		throw notLists();
	}
	const remaining = () => Math.max(0, limits.listsMs - (Date.now() - started));
	const containersWithin = () =>
		settledWithin(containersPending, remaining(), () => abandoned(listsMessage('containers'))).then(answer => {
			if (!Array.isArray(answer.value)) throw notLists();
			return (answer.value as Parameters<typeof toContainerInfo>[0][]).map(toContainerInfo);
		});
	const imagesFirst = containersGraceMs !== undefined;
	const lists = settledWithin(
		(imagesFirst ? imagesPending : Promise.all([imagesPending, containersPending])).then(answers => {
			listed = true;
			return answers;
		}),
		remaining(),
		() => abandoned(listsMessage(imagesFirst ? 'images' : 'images and containers')),
	);
	// The lists may be in already: say "listing" only when there is a wait to show.
	await Promise.resolve();
	if (!listed) onAnswer?.();
	const images = imagesFirst ? ((await lists) as Answer) : ((await lists) as Answer[])[0]!;
	if (!Array.isArray(images.value)) {
		abort.abort();
		throw notLists();
	}
	const since = listsTakenSince(version.date, Date.now() - started);
	let containers: FirstContainers;
	if (imagesFirst) {
		const pending = containersWithin();
		// Its taker (the session) reports a failure; until then nothing may count as unhandled.
		pending.catch(() => undefined);
		const inTime = await settledWithin(pending, containersGraceMs, () => new Error('later')).then(
			value => value,
			() => null,
		);
		containers = inTime ?? {pending};
	} else {
		containers = await containersWithin();
	}
	return {
		version: version.value as VersionAnswer,
		images: (images.value as Parameters<typeof toImageInfo>[0][]).map(toImageInfo),
		containers,
		since,
	};
}
