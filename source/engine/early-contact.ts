// cli.tsx imports this module before anything else, so the engine is already answering the first
// requests while Ink, React and the UI are being loaded: the first screen has rows, not a spinner.
import {parseArgs} from '../cli-args';
import {pinnedEngine, unversionedClient, withTimeout, type Engine} from './connect';
import {listsTakenSince, versionWithClock} from './engine-clock';
import {listContainers, listImages} from './lists';
import {resolveEngineTarget, type EngineTarget} from './target';
import type {ContainerInfo, ImageInfo} from '../domain/types';

export type FirstContact = {
	readonly engine: Engine;
	readonly lists: {images: ImageInfo[]; containers: ContainerInfo[]};
	/** Engine time (unix seconds) by which the lists were taken: the event stream replays from there. */
	readonly since?: number;
};

/**
 * The version and both lists in one round trip: the lists go out unversioned (the engine answers
 * at its own API version; the fields read from them are the same in every version since 1.41)
 * alongside /version, instead of after it. Later calls use the pinned client.
 */
export async function contactEngine(target: EngineTarget, timeoutMs = 10_000): Promise<FirstContact> {
	const probe = unversionedClient(target);
	const asked = performance.now();
	const [{version, date}, images, containers] = await withTimeout(
		Promise.all([versionWithClock(probe), listImages(probe), listContainers(probe)]),
		timeoutMs,
		'the engine',
	);
	return {engine: pinnedEngine(target, version), lists: {images, containers}, since: listsTakenSince(date, performance.now() - asked)};
}

function startEarly(): {target: EngineTarget; contact: Promise<FirstContact>} | null {
	const options = parseArgs(process.argv.slice(2));
	if (options.kind !== 'run' || !process.stdin.isTTY || !process.stdout.isTTY) return null;
	const env = options.host ? {...process.env, DOCKER_HOST: options.host} : process.env;
	let target: EngineTarget;
	try {
		target = resolveEngineTarget(env, options.context);
	} catch {
		// An unknown context: cli.tsx resolves again and refuses to start with the reason.
		return null;
	}
	const contact = contactEngine(target);
	// The session reports a failure; until it takes the promise, nothing may count as unhandled.
	contact.catch(() => undefined);
	return {target, contact};
}

export const earlyContact = startEarly();
