// One row per repository:tag across the engines of a fleet: where it is, what runs it, and
// whether every engine means the same image by it.
import {realTags} from './image-rows';
import {isActive, type ContainerInfo, type ImageInfo} from './types';
import {compareText} from './compare';

/** `identities`: per image ID, what the image is whatever store holds it (engine/fleet.ts); IDs stand in where absent. */
export type FleetLists = {readonly engine: string; readonly images: readonly ImageInfo[]; readonly containers: readonly ContainerInfo[]; readonly identities?: ReadonlyMap<string, string>};

/** The reference on one engine: the image it names there and the containers running it. */
export type FleetPresence = {readonly engine: string; readonly imageId: string; readonly identity: string | null; readonly size: number; readonly running: readonly string[]};

export type FleetRow = {
	/** The reference, `app:1.2.0`. */
	readonly key: string;
	/** Engines in the order given, only those that hold the reference. */
	readonly presence: readonly FleetPresence[];
	/** Engines with a running container of the image. */
	readonly runningOn: readonly string[];
	/** The largest of the sizes the engines report. */
	readonly size: number;
	/**
	 * Every engine that holds the reference names the same image by it: the same image ID, or,
	 * across image stores, the same creation time and layers.
	 */
	readonly sameId: boolean;
};

function runningNames(containers: readonly ContainerInfo[]): Map<string, string[]> {
	const byImage = new Map<string, string[]>();
	for (const container of containers) {
		if (!isActive(container)) continue;
		const names = byImage.get(container.imageId) ?? [];
		names.push(container.name);
		byImage.set(container.imageId, names);
	}
	for (const names of byImage.values()) names.sort();
	return byImage;
}

const sameImage = (a: FleetPresence, b: FleetPresence) => a.imageId === b.imageId || (a.identity !== null && a.identity === b.identity);

/** Rows sorted by reference; `<none>` images have no reference to compare and are left out. */
export function buildFleetRows(engines: readonly FleetLists[]): FleetRow[] {
	const rows = new Map<string, FleetPresence[]>();
	for (const {engine, images, containers, identities} of engines) {
		const running = runningNames(containers);
		for (const image of images) {
			for (const reference of realTags(image)) {
				const presence = rows.get(reference) ?? [];
				presence.push({engine, imageId: image.id, identity: identities?.get(image.id) ?? null, size: image.size, running: running.get(image.id) ?? []});
				rows.set(reference, presence);
			}
		}
	}
	return [...rows]
		.map(([key, presence]) => ({
			key,
			presence,
			runningOn: presence.filter(entry => entry.running.length > 0).map(entry => entry.engine),
			size: Math.max(...presence.map(entry => entry.size)),
			sameId: presence.every(entry => sameImage(entry, presence[0]!)),
		}))
		.sort((a, b) => compareText(a.key, b.key));
}

export function filterFleetRows(rows: readonly FleetRow[], filter: string): readonly FleetRow[] {
	const needle = filter.trim().toLowerCase();
	return needle ? rows.filter(row => row.key.toLowerCase().includes(needle)) : rows;
}
