// What a fleet view needs from the engines: the stored contexts, and one engine's lists within
// a time limit (a dead engine must not hold the others up).
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import type {ContainerInfo, ImageInfo} from '../domain/types';
import {unversionedClient, withTimeout, type EngineClient} from './connect';
import {listContainers, listImages} from './lists';
import type {EngineTarget} from './target';
import {compareText} from '../domain/compare';

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

export type EngineLists = {readonly images: ImageInfo[]; readonly containers: ContainerInfo[]};

/** A client for work on a fleet engine; the engine answers at its own API version. */
export function fleetClient(target: EngineTarget): EngineClient {
	return unversionedClient(target);
}

export async function listEngineWithin(target: EngineTarget, timeoutMs: number): Promise<EngineLists> {
	const docker = fleetClient(target);
	const [images, containers] = await withTimeout(Promise.all([listImages(docker), listContainers(docker)]), timeoutMs, 'the engine');
	return {images, containers};
}
