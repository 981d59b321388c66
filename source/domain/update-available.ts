// "Update available" on a running container: its image came from a registry (or went there), and
// the tag it runs under names another image there now. Known from the sync status the registries
// gave (HEAD requests, anonymous ones for Docker Hub): nothing is pulled to find out.
import {digestsFor} from './sync-status';
import type {SyncEntry} from './sync-status';
import type {ContainerInfo, ImageInfo} from './types';
import {isActive} from './types';

/**
 * The reference of the container's image whose tag moved on its registry, or null. Only a tag the
 * image holds a registry digest for counts: a local build the registry never had is not behind
 * what the registry has, only different.
 */
export function updatedReference(container: ContainerInfo, images: ReadonlyMap<string, ImageInfo>, sync: ReadonlyMap<string, SyncEntry>): string | null {
	if (!isActive(container)) return null;
	const image = images.get(container.imageId);
	if (!image) return null;
	for (const reference of image.repoTags) {
		const entry = sync.get(reference);
		if (entry?.state !== 'outdated' || entry.remoteDigest === null) continue;
		const known = digestsFor(image.repoDigests, reference);
		if (known.length > 0 && !known.includes(entry.remoteDigest)) return reference;
	}
	return null;
}
