// The manifest pushed over a tag so that the tag alone can be deleted (the method regctl uses):
// distribution deletes manifests, not tags, so a tag that shares its digest with others is first
// pointed at a manifest of its own, and that manifest is then deleted by digest. The manifest is
// an OCI image manifest with the empty config and no layers, unique to this tag and this run, so
// that no other tag can name it.
import {createHash} from 'node:crypto';
import type {StoredManifest} from './client';

export type Placeholder = {
	readonly manifest: StoredManifest;
	readonly digest: string;
	/** The config blob it names: the empty JSON object, uploaded first (registries check that it exists). */
	readonly config: {readonly digest: string; readonly content: Buffer};
};

const sha256 = (content: Buffer) => `sha256:${createHash('sha256').update(content).digest('hex')}`;

/** `stamp` makes it unique (the run's time and a random part); the annotations say what it is, should it ever be seen. */
export function placeholderManifest(repository: string, tag: string, stamp: string): Placeholder {
	const content = Buffer.from('{}');
	const config = {digest: sha256(content), content};
	const body = Buffer.from(
		JSON.stringify({
			schemaVersion: 2,
			mediaType: 'application/vnd.oci.image.manifest.v1+json',
			config: {mediaType: 'application/vnd.oci.empty.v1+json', digest: config.digest, size: content.length},
			layers: [],
			annotations: {'io.dockswab.untag': `${repository}:${tag}`, 'io.dockswab.untag.stamp': stamp},
		}),
	);
	return {manifest: {body, mediaType: 'application/vnd.oci.image.manifest.v1+json'}, digest: sha256(body), config};
}
