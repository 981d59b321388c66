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

/**
 * The image ID the engine itself gives each name, for names no tag spells exactly (Podman resolves
 * short names by its `localhost/` and search-registry rules); names it does not know are left out.
 */
export async function engineImageIds(docker: Docker, names: readonly string[]): Promise<Map<string, string>> {
	const answers = await Promise.all(
		names.map(name =>
			docker
				.getImage(name)
				.inspect()
				.then(
					image => [name, stripAlgorithm(image.Id)] as const,
					() => null,
				),
		),
	);
	return new Map(answers.filter(answer => answer !== null));
}

export async function listAll(docker: Docker): Promise<{images: ImageInfo[]; containers: ContainerInfo[]}> {
	const [images, containers] = await Promise.all([listImages(docker), listContainers(docker)]);
	return {images, containers};
}

export type DfAnswer = {
	LayersSize?: number;
	Images?: readonly {Id: string; Size: number; SharedSize: number; Containers: number}[] | null;
	Containers?: readonly {SizeRw?: number}[] | null;
};

/** What `/system/df` says about images: their total on disk and, per image, the bytes it holds alone and shares. */
export type ImageDiskUsage = {readonly imagesBytes: number; readonly uniqueSizes: ReadonlyMap<string, number>; readonly sharedSizes: ReadonlyMap<string, number>};

/**
 * Reads a `/system/df` answer. Podman's compat socket (4.3) lists an image once per tag, each with
 * its full size, and reports `LayersSize: 0`: images are counted once by ID, and when the total is
 * missing or smaller than the images' own bytes it is rebuilt as their own bytes plus the largest
 * shared part. That rebuilt total is exact when the shared layers are one common base, and a
 * lower bound otherwise; per-image own and shared bytes are the engine's.
 */
export function readDf(df: DfAnswer): DiskUsage & ImageDiskUsage {
	const byId = new Map<string, {Size: number; SharedSize: number; Containers: number}>();
	for (const image of df.Images ?? []) {
		const id = stripAlgorithm(image.Id);
		if (!byId.has(id)) byId.set(id, image);
	}
	const images = [...byId.entries()];
	// SharedSize -1: the engine did not compute it; those images have no own-bytes figure.
	const measured = images.filter(([, image]) => image.SharedSize >= 0);
	const uniqueSizes = new Map(measured.map(([id, image]) => [id, image.Size - image.SharedSize]));
	const sharedSizes = new Map(measured.map(([id, image]) => [id, image.SharedSize]));
	// Unique bytes of unused images, the "reclaimable" of `docker system df`.
	const reclaimableBytes = images.filter(([, image]) => image.Containers === 0).reduce((sum, [, image]) => sum + image.Size - Math.max(0, image.SharedSize), 0);
	const containersBytes = (df.Containers ?? []).reduce((sum, container) => sum + (container.SizeRw ?? 0), 0);
	const ownTotal = [...uniqueSizes.values()].reduce((sum, size) => sum + size, 0);
	const rebuilt = ownTotal + Math.max(0, ...sharedSizes.values());
	const reported = df.LayersSize ?? 0;
	const imagesBytes = reported > 0 && reported >= ownTotal ? reported : rebuilt;
	return {imagesBytes, reclaimableBytes, containersBytes, uniqueSizes, sharedSizes};
}

export async function diskUsage(docker: Docker): Promise<DiskUsage> {
	const {imagesBytes, reclaimableBytes, containersBytes, uniqueSizes} = readDf((await docker.df()) as DfAnswer);
	return {imagesBytes, reclaimableBytes, containersBytes, uniqueSizes};
}

export async function imageDiskUsage(docker: Docker): Promise<ImageDiskUsage> {
	const {imagesBytes, uniqueSizes, sharedSizes} = readDf((await docker.df()) as DfAnswer);
	return {imagesBytes, uniqueSizes, sharedSizes};
}
