// One row per repository:tag across the engines of a fleet: where it is, what runs it, and
// whether every engine means the same image by it.
import {realTags} from './image-rows';
import {isActive, type ContainerInfo, type ImageInfo} from './types';
import {compareText} from './compare';

export type FleetLists = {readonly engine: string; readonly images: readonly ImageInfo[]; readonly containers: readonly ContainerInfo[]};

/** The reference on one engine: the image it names there and the containers running it. */
export type FleetPresence = {readonly engine: string; readonly imageId: string; readonly size: number; readonly running: readonly string[]};

export type FleetRow = {
	/** The reference, `app:1.2.0`. */
	readonly key: string;
	/** Engines in the order given, only those that hold the reference. */
	readonly presence: readonly FleetPresence[];
	/** Engines with a running container of the image. */
	readonly runningOn: readonly string[];
	/** The largest of the sizes the engines report. */
	readonly size: number;
	/** Every engine that holds the reference names the same image ID by it. */
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

/** Rows sorted by reference; `<none>` images have no reference to compare and are left out. */
export function buildFleetRows(engines: readonly FleetLists[]): FleetRow[] {
	const rows = new Map<string, FleetPresence[]>();
	for (const {engine, images, containers} of engines) {
		const running = runningNames(containers);
		for (const image of images) {
			for (const reference of realTags(image)) {
				const presence = rows.get(reference) ?? [];
				presence.push({engine, imageId: image.id, size: image.size, running: running.get(image.id) ?? []});
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
			sameId: presence.every(entry => entry.imageId === presence[0]!.imageId),
		}))
		.sort((a, b) => compareText(a.key, b.key));
}

export function filterFleetRows(rows: readonly FleetRow[], filter: string): readonly FleetRow[] {
	const needle = filter.trim().toLowerCase();
	return needle ? rows.filter(row => row.key.toLowerCase().includes(needle)) : rows;
}
