// Registries as rows: the ones with credentials, and the hosts local image references name. Pure.
import {parseVersionTag} from './versions';
import {parseReference} from './reference';
import type {ImageInfo} from './types';
import {compareText} from './compare';

/** Registry hosts named by local references (`127.0.0.1:5000/app:1.0` → `127.0.0.1:5000`); Docker Hub names none. */
export function registryHostsOfImages(images: readonly ImageInfo[]): string[] {
	const hosts = new Set<string>();
	for (const image of images)
		for (const tag of image.repoTags) {
			const parsed = parseReference(tag);
			if (parsed.ok && parsed.reference.domain && parsed.reference.domain !== 'docker.io') hosts.add(parsed.reference.domain);
		}
	return [...hosts].sort();
}

/** Tags newest version first (semver order, `v` prefix allowed), then every other tag by name. */
export function sortRegistryTags(tags: readonly string[]): string[] {
	const versions = tags.flatMap(tag => {
		const parsed = parseVersionTag(tag);
		return parsed ? [{tag, version: parsed.version}] : [];
	});
	versions.sort((a, b) => b.version.compare(a.version) || compareText(a.tag, b.tag));
	const others = tags.filter(tag => !parseVersionTag(tag)).sort(compareText);
	return [...versions.map(entry => entry.tag), ...others];
}
