// Local references against their registry: is the tag there, and does it hold the same image?
// Pure: the registry's digests come in as values, found by the sync service or the plan command.
import {normalizeRepository, parseReference} from './reference';
import type {ImageInfo} from './types';

export type SyncState = 'in sync' | 'outdated' | 'not pushed' | 'unknown';

/** What is known about one local reference (`127.0.0.1:5000/app:1.3.0`) on its registry. */
export type SyncEntry = {
	readonly state: SyncState;
	/** The registry's digest for the tag; null when it has no such tag or it could not be asked. */
	readonly remoteDigest: string | null;
	/** Why the state is unknown ("127.0.0.1:5000 requires a login"), or null. */
	readonly message: string | null;
};

/** Where a reference's tag lives: the server to ask and the repository and tag to ask it for. */
export type SyncTarget = {
	readonly reference: string;
	/** host[:port], or `docker.io` for Docker Hub. */
	readonly server: string;
	/** The repository on that server: Docker Hub's official images get their `library/` prefix. */
	readonly repository: string;
	readonly tag: string;
};

const dockerHubDomains = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/**
 * The registry a reference names, or null when it names none to ask: a reference without a host
 * means Docker Hub, asked (anonymously without a login) unless Hub checks are off.
 */
export function syncTargetOf(reference: string, checkDockerHub: boolean): SyncTarget | null {
	const parsed = parseReference(reference);
	if (!parsed.ok || parsed.reference.digest !== null) return null;
	const {domain, path} = parsed.reference;
	const tag = parsed.reference.tag ?? 'latest';
	if (domain === null || dockerHubDomains.has(domain)) {
		if (!checkDockerHub) return null;
		return {reference, server: 'docker.io', repository: path.includes('/') ? path : `library/${path}`, tag};
	}
	return {reference, server: domain, repository: path, tag};
}

function repositoryOf(reference: string): string | null {
	const parsed = parseReference(reference);
	return parsed.ok ? normalizeRepository(parsed.reference.repository) : null;
}

/** The image's digests in the repository a reference names (RepoDigests look like `127.0.0.1:5000/app@sha256:…`). */
export function digestsFor(repoDigests: readonly string[], reference: string): string[] {
	const repository = repositoryOf(reference);
	if (repository === null) return [];
	return repoDigests.flatMap(entry => {
		const at = entry.lastIndexOf('@');
		if (at <= 0) return [];
		return normalizeRepository(entry.slice(0, at)) === repository ? [entry.slice(at + 1)] : [];
	});
}

/**
 * Whether a manifest digest a registry gave is this image: one of its RepoDigests in that
 * repository (the classic store, where the image ID is the config digest), or its ID itself (the
 * containerd store names an image by its manifest or index digest, and lists RepoDigests for
 * tags never pushed, so there only the registry's answer counts, never a local RepoDigest).
 */
export function isImageDigest(image: Pick<ImageInfo, 'id' | 'repoDigests'>, reference: string, digest: string): boolean {
	return digest === `sha256:${image.id}` || digestsFor(image.repoDigests, reference).includes(digest);
}

/**
 * `remoteDigest`: the registry's digest for the reference's tag; null when the registry has no
 * such tag; undefined when it could not be asked (unreachable, no credentials).
 */
export function syncStateOf(image: Pick<ImageInfo, 'id' | 'repoDigests'>, reference: string, remoteDigest: string | null | undefined): SyncState {
	if (remoteDigest === undefined) return 'unknown';
	if (remoteDigest === null) return 'not pushed';
	return isImageDigest(image, reference, remoteDigest) ? 'in sync' : 'outdated';
}

/** The message of an entry whose check has not answered yet. */
export const checkingMessage = 'checking…';

/**
 * Whether a pull brings back an image after it is deleted. `reference`: a registry reference that
 * holds the image's digest. `unknown`: some registry that might hold it could not be asked.
 */
export type Recoverability = {readonly kind: 'recoverable'; readonly reference: string} | {readonly kind: 'unknown'; readonly references: readonly string[]} | {readonly kind: 'lost'};

/**
 * From what the registries said about each local reference: one of the image's references in
 * sync, or any checked reference whose registry holds this image's manifest.
 */
export function recoverabilityOf(image: ImageInfo, sync: ReadonlyMap<string, SyncEntry>): Recoverability {
	const own = image.repoTags.filter(tag => tag !== '<none>:<none>');
	for (const reference of own) if (sync.get(reference)?.state === 'in sync') return {kind: 'recoverable', reference};
	for (const [reference, entry] of sync) {
		if (entry.remoteDigest !== null && isImageDigest(image, reference, entry.remoteDigest)) return {kind: 'recoverable', reference};
	}
	const unasked = own.filter(reference => sync.get(reference)?.state === 'unknown');
	return unasked.length > 0 ? {kind: 'unknown', references: unasked} : {kind: 'lost'};
}
