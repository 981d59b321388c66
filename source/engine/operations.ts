// Engine calls that change things: remove, stop, start, tag. Each returns plain data or throws
// the engine's error for classifyRemoveError to read.
import type Docker from 'dockerode';
import type {HistoryEntry} from '../domain/types';

export type ImageRemoval = {readonly untagged: readonly string[]; readonly deleted: readonly string[]};

/** What a name or ID points at right now: the image ID (without `sha256:`) and its tags. */
export type ImageIdentity = {readonly id: string; readonly tags: readonly string[]};

/** Null when the engine knows no such image (404); other errors are thrown. */
export async function inspectImageIdentity(docker: Docker, nameOrId: string): Promise<ImageIdentity | null> {
	try {
		const info = await docker.getImage(nameOrId).inspect();
		return {id: info.Id.replace(/^sha256:/, ''), tags: (info.RepoTags ?? []).filter(tag => tag !== '<none>:<none>')};
	} catch (error) {
		if ((error as {statusCode?: number}).statusCode === 404) return null;
		throw error;
	}
}

export async function removeImage(docker: Docker, name: string, force: boolean): Promise<ImageRemoval> {
	const answer = (await docker.getImage(name).remove({force, noprune: false})) as {Untagged?: string; Deleted?: string}[];
	return {
		untagged: answer.flatMap(entry => (entry.Untagged ? [entry.Untagged] : [])),
		deleted: answer.flatMap(entry => (entry.Deleted ? [entry.Deleted.replace(/^sha256:/, '')] : [])),
	};
}

export async function removeContainer(docker: Docker, id: string): Promise<void> {
	await docker.getContainer(id).remove({force: false});
}

export async function stopContainer(docker: Docker, id: string): Promise<void> {
	await docker.getContainer(id).stop();
}

export async function startContainer(docker: Docker, id: string): Promise<void> {
	await docker.getContainer(id).start();
}

export async function tagImage(docker: Docker, source: string, repository: string, tag: string): Promise<void> {
	await docker.getImage(source).tag({repo: repository, tag});
}

export async function imageHistory(docker: Docker, id: string): Promise<HistoryEntry[]> {
	const entries = (await docker.getImage(id).history()) as {Id: string; Created: number; CreatedBy: string; Size: number; Tags: string[] | null}[];
	return entries.map(entry => ({id: entry.Id.replace(/^sha256:/, ''), created: entry.Created, createdBy: entry.CreatedBy, size: entry.Size, tags: entry.Tags ?? []}));
}

/**
 * The platform of the manifest the engine holds for an image (`linux/amd64`), from image inspect;
 * null when the engine does not say. For a multi-platform image on the containerd store (API
 * 1.45) that is the one platform the engine is known to hold: it cannot list the others.
 */
export async function imagePlatform(docker: Docker, id: string): Promise<string | null> {
	const info = (await docker.getImage(id).inspect()) as {Os?: unknown; Architecture?: unknown; Variant?: unknown};
	const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
	const [os, architecture, variant] = [text(info.Os), text(info.Architecture), text(info.Variant)];
	return os && architecture ? [os, architecture, variant].filter(Boolean).join('/') : null;
}

export async function containerName(docker: Docker, id: string): Promise<string> {
	const info = await docker.getContainer(id).inspect();
	return info.Name.replace(/^\//, '');
}

/** The engine calls a removal plan needs, and nothing else: what executeRemoval runs against. */
export type RemovalEngine = {
	readonly inspectImage: (nameOrId: string) => Promise<ImageIdentity | null>;
	readonly removeImage: (nameOrId: string, force: boolean) => Promise<ImageRemoval>;
	readonly removeContainer: (id: string) => Promise<void>;
	readonly containerName: (id: string) => Promise<string>;
};

export function removalEngine(docker: Docker): RemovalEngine {
	return {
		inspectImage: nameOrId => inspectImageIdentity(docker, nameOrId),
		removeImage: (nameOrId, force) => removeImage(docker, nameOrId, force),
		removeContainer: id => removeContainer(docker, id),
		containerName: id => containerName(docker, id),
	};
}

/** The engine's `GET /info`, for what it says about registries (insecure ones, mirrors). */
export async function engineInfo(docker: Docker): Promise<unknown> {
	return docker.info() as Promise<unknown>;
}
