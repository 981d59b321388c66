// dockerode has no request timeout: an engine that accepts a request and never answers kept the
// caller waiting for ever (`clean --yes` under cron hung until killed, its record lost). Every call
// that ends with one answer gets a deadline. Streams (events, push, pull, build, logs) are left
// open: their answers come as the work goes, and each has its own end (the user cancels, the
// stream closes). Calls whose answer waits on work of unbounded length get ten times as long:
// prunes remove many images in one call, a stop waits out the container's own stop timeout, and
// the lists take the containerd image store a few milliseconds per image (a minute at 10,000);
// there an image delete costs tens of seconds at 10,000 images, and the engine serves the eight a
// removal runs at once one after another, so a minute failed half a bulk delete that was going well.
import type Docker from 'dockerode';

/** The engine took longer than it was given to answer (one call, or the first contact); the request was abandoned. */
export class EngineTimeoutError extends Error {
	override readonly name = 'EngineTimeoutError';
	readonly code = 'EENGINETIMEOUT';
	/** How long the engine was given, in ms: the user is told it. */
	readonly waitedMs: number;
	constructor(message: string, waitedMs: number) {
		super(message);
		this.waitedMs = waitedMs;
	}
}

/** A wait as messages say it: "0.3 s", "10 s". */
export const secondsText = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`;

const defaultDeadlineMs = 60_000;

/** DOCKSWAB_FLEET_TIMEOUT seconds (default 5): how long each engine of many may take to answer (the fleet pane, and plan, clean and build-cache given several engines). */
export function fleetTimeoutSeconds(env: NodeJS.ProcessEnv): number {
	const value = Number(env.DOCKSWAB_FLEET_TIMEOUT);
	return Number.isFinite(value) && value > 0 ? value : 5;
}

/** `DOCKSWAB_ENGINE_TIMEOUT` (seconds, a positive number), else a minute. */
export function engineDeadlineMs(env: NodeJS.ProcessEnv): number {
	const seconds = Number(env.DOCKSWAB_ENGINE_TIMEOUT);
	return env.DOCKSWAB_ENGINE_TIMEOUT && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : defaultDeadlineMs;
}

type DialOptions = {path: string; method: string; isStream?: boolean; hijack?: boolean; openStdin?: boolean; abortSignal?: AbortSignal};
type DialCallback = (error: unknown, answer?: unknown) => void;
type Modem = {dial: (options: DialOptions, callback: DialCallback) => void};

/** Prunes, stops, restarts, the two lists and image deletes: the calls given ten times the deadline. */
export function longCall(path: string, method = 'GET'): boolean {
	if (method === 'DELETE' && /^\/(?:v[\d.]+\/)?images\//.test(path)) return true;
	return /\/(?:prune|stop|restart)\??$/.test(path) || /^\/(?:v[\d.]+\/)?(?:images|containers)\/json(?:\?|$)/.test(path);
}

/** The same client, each of its one-answer calls abandoned with an EngineTimeoutError after `ms`. */
export function withCallDeadlines(docker: Docker, ms: number): Docker {
	const modem = docker.modem as unknown as Modem;
	const dial = modem.dial.bind(modem);
	modem.dial = (options, callback) => {
		if (options.isStream || options.hijack || options.openStdin) {
			dial(options, callback);
			return;
		}
		const limit = longCall(options.path, options.method) ? ms * 10 : ms;
		const what = `${options.method} ${options.path.replace(/\?$/, '')}`;
		const controller = new AbortController();
		const caller = options.abortSignal;
		const passOnAbort = () => controller.abort(caller?.reason);
		if (caller?.aborted) passOnAbort();
		caller?.addEventListener('abort', passOnAbort, {once: true});
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			controller.abort();
		}, limit);
		dial({...options, abortSignal: controller.signal}, (error, answer) => {
			clearTimeout(timer);
			caller?.removeEventListener('abort', passOnAbort);
			if (error && timedOut) callback(new EngineTimeoutError(`the engine did not answer ${what} within ${secondsText(limit)}`, limit));
			else callback(error, answer);
		});
	};
	return docker;
}
