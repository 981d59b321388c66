// What removing every unused image would free, when the engine's per-image figures cannot say it:
// Podman counts a layer as shared as soon as an unused build-step image also holds it, so the sum
// of its unused images' own bytes misses the layers only unused images hold.
import {freedBytes} from './removal-plan';
import type {ImageInfo} from './types';

/**
 * Images that stay when every unused image goes: those containers use, and their ancestors (a
 * parent with a child that stays cannot be deleted). IDs not in the list stay out of it.
 */
export function imagesKept(images: readonly ImageInfo[], usedIds: ReadonlySet<string>): Set<string> {
	const byId = new Map(images.map(image => [image.id, image]));
	const kept = new Set<string>();
	for (const id of usedIds) {
		for (let image = byId.get(id); image && !kept.has(image.id); image = byId.get(image.parentId)) kept.add(image.id);
	}
	return kept;
}

/**
 * Bytes freed by deleting every image but those kept, counted as a delete plan counts them
 * (freedBytes): from layers when known, else each image's size minus its parent's.
 */
export function reclaimableByRemovingUnused(images: readonly ImageInfo[], usedIds: ReadonlySet<string>): number {
	const kept = imagesKept(images, usedIds);
	return freedBytes(images, new Set(images.map(image => image.id).filter(id => !kept.has(id))));
}
