// What a fleet view needs from the engines: the stored contexts, and one engine's lists within
// a time limit (a dead engine must not hold the others up).
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import type {ContainerInfo, ImageInfo} from '../domain/types';
import {unversionedClient, withTimeout, type EngineClient} from './connect';
import {listContainers, listImages} from './lists';
import type {EngineTarget} from './target';
import {compareText} from '../domain/compare';
import {createHash} from 'node:crypto';
import type Docker from 'dockerode';
import {eachLimited} from '../domain/each-limited';
import {realTags} from '../domain/image-rows';

/** The names of the contexts stored under `<config>/contexts/meta/<sha256>/meta.json`, sorted. */
export function storedContextNames(configDir: string): string[] {
	let digests: string[];
	try {
		digests = readdirSync(join(configDir, 'contexts', 'meta'));
	} catch {
		return [];
	}
	const names: string[] = [];
	for (const digest of digests) {
		try {
			const meta = JSON.parse(readFileSync(join(configDir, 'contexts', 'meta', digest, 'meta.json'), 'utf8')) as {Name?: unknown} | null;
			if (typeof meta?.Name === 'string' && meta.Name !== '') names.push(meta.Name);
		} catch {
			// A directory without a readable meta.json is no context the docker CLI would list either.
		}
	}
	return names.sort(compareText);
}

/**
 * `identities`: per image ID, what the image is on any image store. The classic store names an
 * image by its config digest, the containerd store by its manifest digest, so one image copied
 * between them (`docker save | docker load`) has two IDs; what both keep is its creation time and
 * its layers' diff IDs, from image inspect.
 */
export type EngineLists = {readonly images: ImageInfo[]; readonly containers: ContainerInfo[]; readonly identities?: ReadonlyMap<string, string>};

/** Engines with more tagged images than this are compared by image ID alone: an inspect each is too dear. */
const identityLimit = 500;

type InspectIdentity = {Created?: string; Os?: string; Architecture?: string; RootFS?: {Layers?: string[]}};

export function imageIdentity(inspect: InspectIdentity): string | null {
	const layers = inspect.RootFS?.Layers;
	if (!inspect.Created || !layers) return null;
	return createHash('sha256')
		.update(JSON.stringify([inspect.Created, inspect.Os ?? '', inspect.Architecture ?? '', layers]))
		.digest('hex');
}

async function identitiesOf(docker: Docker, images: readonly ImageInfo[]): Promise<Map<string, string>> {
	const tagged = images.filter(image => realTags(image).length > 0);
	const found = new Map<string, string>();
	if (tagged.length > identityLimit) return found;
	await eachLimited(tagged, 4, async image => {
		const identity = await (docker.getImage(image.id).inspect() as Promise<InspectIdentity>).then(imageIdentity, () => null);
		if (identity) found.set(image.id, identity);
	});
	return found;
}

/** A client for work on a fleet engine; the engine answers at its own API version. */
export function fleetClient(target: EngineTarget): EngineClient {
	return unversionedClient(target);
}

export async function listEngineWithin(target: EngineTarget, timeoutMs: number): Promise<EngineLists> {
	const docker = fleetClient(target);
	return withTimeout(
		(async () => {
			const [images, containers] = await Promise.all([listImages(docker), listContainers(docker)]);
			return {images, containers, identities: await identitiesOf(docker, images)};
		})(),
		timeoutMs,
		'the engine',
	);
}
