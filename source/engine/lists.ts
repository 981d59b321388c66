// Listing calls, mapped from the engine's JSON to dockswab's types.
import type Docker from 'dockerode';
import type {ContainerInfo, ContainerState, ImageInfo} from '../domain/types';
import type {DiskUsage} from '../state/types';

const stripAlgorithm = (id: string) => id.replace(/^sha256:/, '');

export function toImageInfo(raw: Docker.ImageInfo): ImageInfo {
	return {
		id: stripAlgorithm(raw.Id),
		parentId: stripAlgorithm(raw.ParentId ?? ''),
		repoTags: raw.RepoTags ?? [],
		repoDigests: raw.RepoDigests ?? [],
		created: raw.Created,
		size: raw.Size,
		labels: raw.Labels ?? {},
	};
}

export function toContainerInfo(raw: Docker.ContainerInfo): ContainerInfo {
	return {
		id: raw.Id,
		name: (raw.Names?.[0] ?? '').replace(/^\//, ''),
		image: raw.Image,
		imageId: stripAlgorithm(raw.ImageID),
		state: raw.State as ContainerState,
		status: raw.Status,
		created: raw.Created,
	};
}

export async function listImages(docker: Docker): Promise<ImageInfo[]> {
	// all=1 includes intermediate images: the parent links are needed for the usage graph.
	return (await docker.listImages({all: true})).map(toImageInfo);
}

export async function listContainers(docker: Docker): Promise<ContainerInfo[]> {
	return (await docker.listContainers({all: true})).map(toContainerInfo);
}

export async function listAll(docker: Docker): Promise<{images: ImageInfo[]; containers: ContainerInfo[]}> {
	const [images, containers] = await Promise.all([listImages(docker), listContainers(docker)]);
	return {images, containers};
}

type DfAnswer = {
	LayersSize?: number;
	Images?: {Id: string; Size: number; SharedSize: number; Containers: number}[] | null;
	Containers?: {SizeRw?: number}[] | null;
};

export async function diskUsage(docker: Docker): Promise<DiskUsage> {
	const df = (await docker.df()) as DfAnswer;
	const images = df.Images ?? [];
	// Unique bytes of unused images, the "reclaimable" of `docker system df`.
	const reclaimableBytes = images.filter(image => image.Containers === 0).reduce((sum, image) => sum + image.Size - Math.max(0, image.SharedSize), 0);
	const containersBytes = (df.Containers ?? []).reduce((sum, container) => sum + (container.SizeRw ?? 0), 0);
	const uniqueSizes = new Map(images.filter(image => image.SharedSize >= 0).map(image => [stripAlgorithm(image.Id), image.Size - image.SharedSize]));
	return {imagesBytes: df.LayersSize ?? 0, reclaimableBytes, containersBytes, uniqueSizes};
}

/** What `/system/df` says about images: their total on disk and, per image, the bytes it holds alone and shares. */
export type ImageDiskUsage = {readonly imagesBytes: number; readonly uniqueSizes: ReadonlyMap<string, number>; readonly sharedSizes: ReadonlyMap<string, number>};

export async function imageDiskUsage(docker: Docker): Promise<ImageDiskUsage> {
	const df = (await docker.df()) as DfAnswer;
	const images = (df.Images ?? []).filter(image => image.SharedSize >= 0);
	return {
		imagesBytes: df.LayersSize ?? 0,
		uniqueSizes: new Map(images.map(image => [stripAlgorithm(image.Id), image.Size - image.SharedSize])),
		sharedSizes: new Map(images.map(image => [stripAlgorithm(image.Id), image.SharedSize])),
	};
}
