// Where an image's digests can be asked for: each RepoDigest that names a registry host. On the
// containerd store every tag gives one (repo@<image id>), pushed or not, so an answer is proof
// and a missing one is not.
import {parseReference} from './reference';

export type DigestPlace = {readonly server: string; readonly repository: string; readonly digest: string};

const dockerHubDomains = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** Docker Hub names are left out: they cost rate-limited requests and need a login to mean anything. */
export function digestPlaces(repoDigests: readonly string[]): DigestPlace[] {
	const places: DigestPlace[] = [];
	for (const text of repoDigests) {
		const parsed = parseReference(text);
		if (!parsed.ok) continue;
		const {domain, path, digest} = parsed.reference;
		if (domain === null || dockerHubDomains.has(domain) || digest === null) continue;
		if (!places.some(place => place.server === domain && place.repository === path && place.digest === digest)) places.push({server: domain, repository: path, digest});
	}
	return places;
}
