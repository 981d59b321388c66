// Puts an engine back into the scene its fingerprint lines record, by difference: containers,
// tags, digests and build cache that tests added are removed, tags they took off are put back,
// a container they stopped or started is returned to its recorded state. What cannot be undone
// this way (a seeded image or container removed, a repository digest dropped) is reported, and
// the caller seeds in full. The caller checks the fingerprint again afterwards: only an equal
// fingerprint counts as restored.
import {copyFileSync, existsSync, renameSync} from 'node:fs';
import {join} from 'node:path';
import {loopbackRequest} from '../fixtures/loopback-request';

type Scene = {
	images: Map<string, {tags: string[]; digests: string[]}>;
	containers: Map<string, {state: string}>;
	buildCache: Set<string>;
};

const list = (field: string | undefined) => (field ? field.split(',').filter(item => item !== '') : []);

/** Reads the lines `scene-fingerprint.ts` writes for one engine, without their engine prefix. */
function parseScene(lines: readonly string[]): Scene {
	const scene: Scene = {images: new Map(), containers: new Map(), buildCache: new Set()};
	for (const line of lines) {
		const [kind, id = '', ...rest] = line.split(' ');
		if (kind === 'image') scene.images.set(id, {tags: list(rest[0]), digests: list(rest[1])});
		else if (kind === 'container') scene.containers.set(id, {state: rest[2] ?? ''});
		else if (kind === 'build-cache') scene.buildCache.add(id);
	}
	return scene;
}

/** `repository:tag` where the repository may hold a host:port. */
function splitTag(reference: string): {repo: string; tag: string} {
	const colon = reference.lastIndexOf(':');
	return {repo: reference.slice(0, colon), tag: reference.slice(colon + 1)};
}

/**
 * Brings the engine at `host` from the `current` scene back to the `recorded` one. Returns why it
 * cannot, or null when every difference was undone.
 */
export async function restoreEngineScene(host: string, recordedLines: readonly string[], currentLines: readonly string[]): Promise<string | null> {
	const socketPath = new URL(host).pathname;
	// 304: the container already had that state; 404 on a delete: a removed child took its parent along.
	const call = async (method: string, path: string) => {
		const answer = await loopbackRequest(`http://engine${path}`, {method, socketPath});
		const done = answer.status < 300 || answer.status === 304 || (method === 'DELETE' && answer.status === 404);
		if (!done) throw new Error(`${method} ${path}: HTTP ${answer.status} ${answer.body.trim()}`);
	};
	const recorded = parseScene(recordedLines);
	const current = parseScene(currentLines);

	for (const id of recorded.containers.keys()) if (!current.containers.has(id)) return `container ${id.slice(0, 12)} is gone`;
	for (const id of recorded.images.keys()) if (!current.images.has(id)) return `image ${id} is gone`;
	for (const [id, {digests}] of recorded.images) {
		const missing = digests.find(digest => !current.images.get(id)!.digests.includes(digest));
		if (missing) return `image ${id} lost ${missing}`;
	}

	for (const [id, {state}] of current.containers) {
		const wanted = recorded.containers.get(id)?.state;
		if (wanted === undefined) await call('DELETE', `/containers/${id}?force=1&v=1`);
		else if (wanted !== state && wanted === 'running') await call('POST', `/containers/${id}/start`);
		else if (wanted !== state && wanted === 'exited' && state === 'running') await call('POST', `/containers/${id}/stop?t=0`);
		else if (wanted !== state) return `container ${id.slice(0, 12)} is ${state}, not ${wanted}`;
	}
	// Tags first: an extra tag removed from an image whose recorded tags are back never takes the image with it.
	for (const [id, {tags}] of recorded.images) {
		for (const reference of tags.filter(tag => !current.images.get(id)!.tags.includes(tag))) {
			const {repo, tag} = splitTag(reference);
			await call('POST', `/images/${id}/tag?${new URLSearchParams({repo, tag})}`);
		}
	}
	for (const [id, {tags, digests}] of current.images) {
		const wanted = recorded.images.get(id);
		if (!wanted) continue;
		for (const reference of [...tags.filter(tag => !wanted.tags.includes(tag)), ...digests.filter(digest => !wanted.digests.includes(digest))]) {
			await call('DELETE', `/images/${reference}?noprune=1`);
		}
	}
	// Images a test made: a child goes before its parent, so repeat while a pass removes something.
	// Without pruning: a seeded untagged parent (a dangling image the seed made) stays.
	let extra = [...current.images.keys()].filter(id => !recorded.images.has(id));
	while (extra.length > 0) {
		const left: string[] = [];
		for (const id of extra) await call('DELETE', `/images/${id}?force=1&noprune=1`).catch(() => left.push(id));
		if (left.length === extra.length) return `images ${left.join(', ')} could not be removed`;
		extra = left;
	}
	if ([...current.buildCache].some(id => !recorded.buildCache.has(id))) await call('POST', '/build/prune?all=1');
	return null;
}

const linesOf = (fingerprint: string, prefix: string) =>
	fingerprint
		.split('\n')
		.filter(line => line.startsWith(prefix))
		.map(line => line.slice(prefix.length));
const registryLines = (fingerprint: string) =>
	fingerprint
		.split('\n')
		.filter(line => !/^(engine|engine2|config) /.test(line))
		.join('\n');

/**
 * What restoreScene did: whether the registries differ (it leaves them), for each engine why it
 * must be reloaded from the seed's images (null: put back by difference), or why nothing short of
 * a seed will do.
 */
export type RestoreOutcome = {registriesDiffer: boolean; reloadEngine: string | null; reloadEngine2: string | null; refusal: string | null};

/**
 * Brings the sandbox from the `current` fingerprint back to the `recorded` one as far as it can
 * by difference: the client config from the copy kept after the seed, then both engines.
 * Registries and reloads are left to the caller.
 */
export async function restoreScene(env: NodeJS.ProcessEnv, recorded: string, current: string, seededConfig: string): Promise<RestoreOutcome> {
	const outcome: RestoreOutcome = {registriesDiffer: registryLines(recorded) !== registryLines(current), reloadEngine: null, reloadEngine2: null, refusal: null};
	if (linesOf(recorded, 'config ').join() !== linesOf(current, 'config ').join()) {
		if (!existsSync(seededConfig)) return {...outcome, refusal: 'config.json changed and no copy of the seeded one is kept'};
		const config = join(env.DOCKER_CONFIG!, 'config.json');
		// Written aside, then renamed: a reader never sees half a file.
		copyFileSync(seededConfig, `${config}.restoring`);
		renameSync(`${config}.restoring`, config);
	}
	for (const [prefix, host, reload] of [
		['engine2 ', env.DOCKSWAB_ENGINE2_HOST!, 'reloadEngine2'],
		['engine ', env.DOCKER_HOST!, 'reloadEngine'],
	] as const) {
		const wanted = linesOf(recorded, prefix);
		const now = linesOf(current, prefix);
		if (wanted.join('\n') !== now.join('\n')) outcome[reload] = await restoreEngineScene(host, wanted, now);
	}
	return outcome;
}

/** The fingerprint without the IDs of the engines' containers, which a reload from the seed's images makes anew. */
export const withoutContainerIds = (fingerprint: string): string =>
	fingerprint
		.replace(/^(engine2?) container \S+ /gm, '$1 container - ')
		.split('\n')
		.sort()
		.join('\n');
