// Who uses an image: containers (by image ID) and child images (by parent ID).
import {isActive, type ContainerInfo, type ImageInfo} from './types';

export type ImageUsage = {
	readonly running: readonly ContainerInfo[];
	readonly stopped: readonly ContainerInfo[];
	readonly children: readonly string[];
};

export type UsageIndex = ReadonlyMap<string, ImageUsage>;

const none: ImageUsage = {running: [], stopped: [], children: []};

/**
 * Builds the usage graph in one pass over each list. The engine's own `Containers` count is -1 on
 * API 1.41, so counting here is the only reliable source.
 */
export function buildUsageIndex(images: readonly ImageInfo[], containers: readonly ContainerInfo[]): UsageIndex {
	const index = new Map<string, {running: ContainerInfo[]; stopped: ContainerInfo[]; children: string[]}>();
	const entry = (id: string) => {
		let found = index.get(id);
		if (!found) {
			found = {running: [], stopped: [], children: []};
			index.set(id, found);
		}
		return found;
	};
	for (const container of containers) {
		const usage = entry(container.imageId);
		(isActive(container) ? usage.running : usage.stopped).push(container);
	}
	for (const image of images) {
		if (image.parentId) entry(image.parentId).children.push(image.id);
	}
	return index;
}

export function usageOf(index: UsageIndex, imageId: string): ImageUsage {
	return index.get(imageId) ?? none;
}
