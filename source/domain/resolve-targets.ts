// What a user typed on the command line (`app:1.0`, `app`, an image ID or its prefix) as removal targets.
import {realTags} from './image-rows';
import {parseReference} from './reference';
import type {RemovalTarget} from './removal-plan';
import type {ImageInfo} from './types';

/** `unknown`: valid names no image has; `invalid`: names the reference grammar refuses, with the rule they break. */
export type ResolvedTargets = {readonly targets: RemovalTarget[]; readonly unknown: string[]; readonly invalid: {readonly name: string; readonly reason: string}[]};

/** A name without a tag means `:latest`, as for the docker CLI; 4+ hex digits match an image ID prefix. */
export function resolveTargets(names: readonly string[], images: readonly ImageInfo[]): ResolvedTargets {
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
		if (image) targets.push({imageId: image.id, reference});
		else unknown.push(name);
	}
	return {targets, unknown, invalid};
}
