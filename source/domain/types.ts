// The engine's objects as dockswab sees them: plain data, IDs without the "sha256:" prefix.
import type {BuildCacheUsage} from './build-cache';

export type ImageInfo = {
	readonly id: string;
	readonly parentId: string;
	readonly repoTags: readonly string[];
	readonly repoDigests: readonly string[];
	/** Seconds since the epoch, as the engine reports it. */
	readonly created: number;
	readonly size: number;
	readonly labels: Readonly<Record<string, string>>;
};

export type ContainerState = 'running' | 'paused' | 'restarting' | 'created' | 'exited' | 'dead' | 'removing';

export type ContainerInfo = {
	readonly id: string;
	readonly name: string;
	/** The image reference the container was created from, as the user typed it. */
	readonly image: string;
	readonly imageId: string;
	readonly state: ContainerState;
	readonly status: string;
	readonly created: number;
};

/** A container that keeps its image from being removed without force. */
export function isActive(container: ContainerInfo): boolean {
	return container.state === 'running' || container.state === 'paused' || container.state === 'restarting';
}

/** One step of an image's history (`docker history`), as the details view lists it. */
export type HistoryEntry = {readonly id: string; readonly created: number; readonly createdBy: string; readonly size: number; readonly tags: readonly string[]};

/** The engine's disk figures; null where the engine's answer does not give a true one. */
export type DiskUsage = {
	readonly imagesBytes: number | null;
	readonly reclaimableBytes: number | null;
	readonly containersBytes: number;
	/** Bytes each image holds alone (size minus shared layers), for the removal plan. */
	readonly uniqueSizes: ReadonlyMap<string, number>;
	/** The BuildKit build cache; null when the engine reported none (no BuildKit, or an old API). */
	readonly buildCache: BuildCacheUsage | null;
};
