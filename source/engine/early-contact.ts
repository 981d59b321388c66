// A connection to an engine through dockerode: the version and both lists in one round trip. The
// very first contact at start-up goes without dockerode (source/start/first-contact.ts); this one
// serves retries and engine switches.
import {pinnedEngine, unversionedClient, withTimeout, type Engine} from './connect';
import {listsTakenSince, versionWithClock} from './engine-clock';
import {listContainers, listImages} from './lists';
import type {EngineTarget} from './target';
import type {ContainerInfo, ImageInfo} from '../domain/types';

export type FirstContact = {
	readonly engine: Engine;
	readonly lists: {images: ImageInfo[]; containers: ContainerInfo[]};
	/** Engine time (unix seconds) by which the lists were taken: the event stream replays from there. */
	readonly since?: number;
};

/**
 * The lists go out unversioned (the engine answers at its own API version; the fields read from
 * them are the same in every version since 1.41) alongside /version, instead of after it. Later
 * calls use the pinned client.
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
