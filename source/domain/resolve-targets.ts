// What a user typed on the command line (`app:1.0`, `app`, an image ID or its prefix) as removal targets.
import {realTags} from './image-rows';
import {parseReference} from './reference';
import type {RemovalTarget} from './removal-plan';
import type {ImageInfo} from './types';

/** `unknown`: valid names no image has; `invalid`: names the reference grammar refuses, with the rule they break. */
export type ResolvedTargets = {readonly targets: RemovalTarget[]; readonly unknown: string[]; readonly invalid: {readonly name: string; readonly reason: string}[]};

/**
 * A name without a tag means `:latest`, as for the docker CLI; 4+ hex digits match an image ID prefix.
 * `engineIds` holds the engine's own answer for names no tag spells exactly (Podman resolves
 * `demo/app:1.0.0` to its `localhost/demo/app:1.0.0`): the target is then that image's one tag
 * that is the name with a registry in front.
 */
export function resolveTargets(names: readonly string[], images: readonly ImageInfo[], engineIds: ReadonlyMap<string, string> = new Map()): ResolvedTargets {
	const targets: RemovalTarget[] = [];
	const unknown: string[] = [];
	const invalid: {name: string; reason: string}[] = [];
	for (const name of names) {
		const hex = name.replace(/^sha256:/, '');
		const byId = /^[0-9a-f]{4,64}$/.test(hex) ? images.filter(image => image.id.startsWith(hex)) : [];
		if (byId.length === 1) {
			targets.push({imageId: byId[0]!.id, reference: null});
			continue;
		}
		const parsed = parseReference(name);
		if (!parsed.ok) {
			invalid.push({name, reason: parsed.reason});
			continue;
		}
		const reference = name.lastIndexOf(':') > name.lastIndexOf('/') ? name : `${name}:latest`;
		const image = images.find(candidate => realTags(candidate).includes(reference));
		if (image) {
			targets.push({imageId: image.id, reference});
			continue;
		}
		const resolved = engineMatch(reference, engineIds.get(name), images);
		if (resolved) targets.push(resolved);
		else unknown.push(name);
	}
	return {targets, unknown, invalid};
}

/** The tag of the image the engine named that is `reference` with a registry (or `localhost`) in front. */
function engineMatch(reference: string, engineId: string | undefined, images: readonly ImageInfo[]): RemovalTarget | null {
	if (!engineId) return null;
	const id = engineId.replace(/^sha256:/, '');
	const image = images.find(candidate => candidate.id === id);
	if (!image) return null;
	const spelled = realTags(image).filter(tag => {
		if (!tag.endsWith(`/${reference}`)) return false;
		const registry = tag.slice(0, -reference.length - 1);
		return !registry.includes('/') ? /[.:]|^localhost$/.test(registry) : registry === 'docker.io/library';
	});
	return spelled.length === 1 ? {imageId: image.id, reference: spelled[0]!} : null;
}
