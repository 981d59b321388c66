// Whether a re-list changed anything the UI shows. Field by field, in order: the engine lists in a
// stable order, and a reordering only costs one redraw.
import type {ContainerInfo, ImageInfo} from '../domain/types';

const sameStrings = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value, index) => value === b[index]);

export function sameImages(a: readonly ImageInfo[], b: readonly ImageInfo[]): boolean {
	if (a === b) return true;
	if (a.length !== b.length) return false;
	for (let index = 0; index < a.length; index++) {
		const x = a[index]!;
		const y = b[index]!;
		if (x.id !== y.id || x.size !== y.size || x.created !== y.created || x.parentId !== y.parentId) return false;
		if (!sameStrings(x.repoTags, y.repoTags) || !sameStrings(x.repoDigests, y.repoDigests)) return false;
	}
	return true;
}

export function sameContainers(a: readonly ContainerInfo[], b: readonly ContainerInfo[]): boolean {
	if (a === b) return true;
	if (a.length !== b.length) return false;
	for (let index = 0; index < a.length; index++) {
		const x = a[index]!;
		const y = b[index]!;
		if (x.id !== y.id || x.state !== y.state || x.status !== y.status || x.name !== y.name || x.imageId !== y.imageId || x.image !== y.image) return false;
	}
	return true;
}
