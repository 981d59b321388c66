// Sync status in the background: for each local reference that names a registry the user can ask,
// the registry's digest for its tag, checked a few at a time, cached, and checked again only when
// the engine says the reference was tagged or pushed. Nothing runs while nothing happens.
import {checkingMessage, syncStateOf, syncTargetOf, type SyncEntry, type SyncTarget} from '../domain/sync-status';
import {realTags} from '../domain/image-rows';
import {isActive, type ContainerInfo, type ImageInfo} from '../domain/types';
import type {EngineEvent} from '../engine/events';
import {RegistryError, type RegistryOptions, type RegistrySession} from '../registry/client';
import {dockerHubKey, getCredential} from '../registry/credentials';
import type {RateLimit} from '../domain/registry-types';
import type {Store} from '../state/store';
import {logError} from './log';
import {openRegistrySession} from './registry-session';
import {eachLimited} from '../domain/each-limited';

/** The registry's digest for `repository:tag` on `server`; null when it has no such tag. Throws when it cannot be asked. */
export type RemoteDigestLookup = (server: string, repository: string, tag: string) => Promise<string | null>;

/** What asking the registry gave: its digest (null: no such tag), or why it could not be asked. */
export type RemoteAnswer = {readonly digest: string | null} | {readonly error: string};

const sessionLifeMs = 60_000;

/** How sync targets name Docker Hub (domain/sync-status.ts). */
const dockerHub = 'docker.io';

/**
 * Where references without a host (Docker Hub's) are checked: Docker Hub itself, with the login
 * when there is one and anonymous pull tokens otherwise; the registry DOCKSWAB_DOCKER_HUB names
 * instead (a pull-through mirror of Hub, or the sandbox's stand-in); nowhere when it says `off`.
 */
export function dockerHubServer(env: NodeJS.ProcessEnv): string | null {
	const chosen = env.DOCKSWAB_DOCKER_HUB?.trim() ?? '';
	if (chosen === 'off') return null;
	return chosen === '' ? dockerHub : chosen;
}

/**
 * Whose Docker Hub references the background checks ask about: every image's with a Hub login;
 * without one, only those of images running containers use, with anonymous pull tokens: few
 * requests, and what the update marks need (a machine full of local builds named without a host
 * would otherwise ask Hub about each, to learn only that Hub does not have them); none when off.
 */
export type DockerHubScope = 'all' | 'running' | 'none';

export async function dockerHubScope(configDir: string, env: NodeJS.ProcessEnv): Promise<DockerHubScope> {
	if (dockerHubServer(env) === null) return 'none';
	try {
		return (await getCredential(configDir, dockerHubKey)) === null ? 'running' : 'all';
	} catch (error) {
		logError('docker hub credential', error);
		return 'running';
	}
}

/** The images whose Hub references a scope covers, as a test of one image. */
export function dockerHubImages(scope: DockerHubScope, containers: readonly ContainerInfo[]): (image: ImageInfo) => boolean {
	if (scope !== 'running') return () => scope === 'all';
	const running = new Set(containers.filter(isActive).map(container => container.imageId));
	return image => running.has(image.id);
}

/**
 * Lookups through registry sessions with the stored credentials; a session (and the tokens it
 * holds) serves one server for a minute, so a burst of checks logs in once. Docker Hub is asked
 * at `hubServer`, by HEAD only: a manifest GET counts as a pull there, and no check makes one.
 */
export function registryDigestLookup(
	configDir: string,
	options: () => Promise<RegistryOptions>,
	onRateLimit: (server: string, rateLimit: RateLimit) => void = () => undefined,
	hubServer = dockerHub,
): RemoteDigestLookup {
	const sessions = new Map<string, {session: Promise<RegistrySession>; until: number}>();
	const sessionFor = (server: string) => {
		const cached = sessions.get(server);
		if (cached && cached.until > Date.now()) return cached.session;
		const session = (async () => openRegistrySession(configDir, server, await options()))();
		sessions.set(server, {session, until: Date.now() + sessionLifeMs});
		session.catch(() => sessions.delete(server));
		return session;
	};
	return async (target, repository, tag) => {
		const hub = target === dockerHub;
		const server = hub ? hubServer : target;
		const session = await sessionFor(server);
		try {
			const answer = await session.manifestDigest(repository, tag, {getWhenNoDigest: !hub});
			// Docker Hub says how many pulls are left in the headers of the same answer.
			if (answer.rateLimit) onRateLimit(server, answer.rateLimit);
			return answer.digest;
		} catch (error) {
			// The next attempt reads the credentials again: the user may have logged in meanwhile.
			sessions.delete(server);
			throw error;
		}
	};
}

const failureText = (error: unknown): string => (error instanceof RegistryError ? error.failure.message : error instanceof Error ? error.message : String(error));

export async function askRegistry(lookup: RemoteDigestLookup, target: SyncTarget): Promise<RemoteAnswer> {
	try {
		return {digest: await lookup(target.server, target.repository, target.tag)};
	} catch (error) {
		return {error: failureText(error)};
	}
}

/** The entry for a reference of `image`; `answer` undefined while the check is under way. */
export function syncEntryOf(image: ImageInfo, reference: string, answer: RemoteAnswer | undefined): SyncEntry {
	if (!answer) return {state: 'unknown', remoteDigest: null, message: checkingMessage};
	if ('error' in answer) return {state: 'unknown', remoteDigest: null, message: answer.error};
	return {state: syncStateOf(image, reference, answer.digest), remoteDigest: answer.digest, message: null};
}

/** Local references with a registry to ask, and their images; `dockerHub` says whose Hub references are asked about. */
export function syncTargetsOf(images: readonly ImageInfo[], dockerHub: (image: ImageInfo) => boolean): {target: SyncTarget; image: ImageInfo}[] {
	return images.flatMap(image =>
		realTags(image).flatMap(reference => {
			const target = syncTargetOf(reference, dockerHub(image));
			return target ? [{target, image}] : [];
		}),
	);
}

/** One pass over the given images' references, for headless commands: the sync status of each. */
export async function checkSyncStatus(images: readonly ImageInfo[], lookup: RemoteDigestLookup, checkDockerHub: boolean, limit = 4): Promise<Map<string, SyncEntry>> {
	const entries = new Map<string, SyncEntry>();
	await eachLimited(
		syncTargetsOf(images, () => checkDockerHub),
		limit,
		async ({target, image}) => {
			entries.set(target.reference, syncEntryOf(image, target.reference, await askRegistry(lookup, target)));
		},
	);
	return entries;
}

export type SyncStatusService = {
	/** An engine image event: a tag or push makes the references it concerns be checked again. */
	readonly imageEvent: (event: EngineEvent) => void;
	readonly stop: () => void;
};

export type SyncStatusOptions = {
	readonly concurrency?: number;
	/** Results are passed to the store at most this often. */
	readonly publishEveryMs?: number;
};

function sameEntries(a: ReadonlyMap<string, SyncEntry>, b: ReadonlyMap<string, SyncEntry>): boolean {
	if (a.size !== b.size) return false;
	for (const [reference, entry] of a) {
		const other = b.get(reference);
		if (!other || other.state !== entry.state || other.remoteDigest !== entry.remoteDigest || other.message !== entry.message) return false;
	}
	return true;
}

/**
 * Follows the store's image list: new references are checked, vanished ones forgotten; the state
 * of a checked reference follows its image's RepoDigests without asking the registry again.
 */
export function startSyncStatus(store: Store, lookup: RemoteDigestLookup, checksDockerHub: () => Promise<DockerHubScope>, options: SyncStatusOptions = {}): SyncStatusService {
	const limit = options.concurrency ?? 4;
	const publishEvery = options.publishEveryMs ?? 100;
	/** By reference: the answer, or the pending check (a newer check replaces an older one). */
	const answers = new Map<string, RemoteAnswer | {pending: SyncTarget}>();
	const queue: {pending: SyncTarget}[] = [];
	// An event comes before the re-list it causes: its references are checked at once, and again
	// once the new list is in (a tag may have moved to the image meanwhile).
	const recheckNow = {images: new Set<string>(), references: new Set<string>()};
	const recheckOnList = {images: new Set<string>(), references: new Set<string>()};
	let active = 0;
	let hub: DockerHubScope | null = null;
	let hubCheck: Promise<DockerHubScope> | null = null;
	let seenImages: readonly ImageInfo[] | null = null;
	let seenContainers: readonly ContainerInfo[] | null = null;
	let reconcileDue = false;
	let publishTimer: NodeJS.Timeout | null = null;
	let lastPublish = 0;
	let stopped = false;

	// Parsed once per image list: publishing runs after every few answers.
	let targetsFor: {images: readonly ImageInfo[]; containers: readonly ContainerInfo[]; hub: DockerHubScope; targets: ReturnType<typeof syncTargetsOf>} | null = null;
	const targetsOf = (scope: DockerHubScope) => {
		const {images, containers} = store.getState();
		// Containers matter only to the running scope: their starts and stops change nothing else.
		const sameContainers = scope !== 'running' || targetsFor?.containers === containers;
		if (targetsFor?.images !== images || targetsFor.hub !== scope || !sameContainers) targetsFor = {images, containers, hub: scope, targets: syncTargetsOf(images, dockerHubImages(scope, containers))};
		return targetsFor.targets;
	};

	const entries = (): Map<string, SyncEntry> => {
		const result = new Map<string, SyncEntry>();
		for (const {target, image} of targetsOf(hub ?? 'none')) {
			const answer = answers.get(target.reference);
			result.set(target.reference, syncEntryOf(image, target.reference, answer && !('pending' in answer) ? answer : undefined));
		}
		return result;
	};

	const publish = () => {
		publishTimer = null;
		if (stopped) return;
		lastPublish = Date.now();
		const next = entries();
		if (!sameEntries(next, store.getState().syncStatus)) store.dispatch({type: 'sync-status', entries: next});
	};
	const publishSoon = () => {
		if (publishTimer || stopped) return;
		publishTimer = setTimeout(publish, Math.max(0, lastPublish + publishEvery - Date.now()));
	};

	const pump = () => {
		while (!stopped && active < limit && queue.length > 0) {
			const check = queue.shift()!;
			const {reference} = check.pending;
			if (answers.get(reference) !== check) continue;
			active++;
			void askRegistry(lookup, check.pending).then(answer => {
				active--;
				// A check overtaken by a newer one (a push meanwhile) is dropped.
				if (!stopped && answers.get(reference) === check) answers.set(reference, answer);
				publishSoon();
				pump();
			});
		}
	};

	const reconcile = async (listChanged: boolean) => {
		reconcileDue = false;
		if (hub === null) {
			hubCheck ??= checksDockerHub();
			hub = await hubCheck;
		}
		if (stopped) return;
		const targets = targetsOf(hub);
		const current = new Set(targets.map(({target}) => target.reference));
		for (const reference of answers.keys()) if (!current.has(reference)) answers.delete(reference);
		for (const {target, image} of targets) {
			const marked = (sets: typeof recheckNow) => sets.references.has(target.reference) || sets.images.has(image.id);
			const again = marked(recheckNow) || (listChanged && marked(recheckOnList));
			if (answers.has(target.reference) && !again) continue;
			const check = {pending: target};
			answers.set(target.reference, check);
			queue.push(check);
		}
		recheckNow.images.clear();
		recheckNow.references.clear();
		if (listChanged) {
			recheckOnList.images.clear();
			recheckOnList.references.clear();
		}
		pump();
		publishSoon();
	};

	let listChangedSince = false;
	const reconcileSoon = (listChanged: boolean) => {
		listChangedSince ||= listChanged;
		if (reconcileDue || stopped) return;
		reconcileDue = true;
		setImmediate(() => {
			const changed = listChangedSince;
			listChangedSince = false;
			void reconcile(changed).catch(error => logError('sync status', error));
		});
	};

	let seenRegistries = store.getState().registries;
	const unsubscribe = store.subscribe(() => {
		const {images, containers, registries} = store.getState();
		if (registries !== seenRegistries) {
			seenRegistries = registries;
			// A login or logout: what could not be asked is asked again, and a Docker Hub login
			// (or its end) decides anew whether references without a host are asked about.
			for (const [reference, answer] of answers) if ('error' in answer) recheckNow.references.add(reference);
			hub = null;
			hubCheck = null;
			reconcileSoon(false);
		}
		// A container started or stopped: with the running scope, other Hub references are asked about.
		if (containers !== seenContainers) {
			seenContainers = containers;
			if (hub === 'running') reconcileSoon(false);
		}
		if (images === seenImages) return;
		seenImages = images;
		reconcileSoon(true);
	});
	seenImages = store.getState().images;
	seenContainers = store.getState().containers;
	reconcileSoon(true);

	return {
		imageEvent(event) {
			const action = event.action.split(':')[0];
			if (action === 'tag') {
				const id = event.id.replace(/^sha256:/, '');
				recheckNow.images.add(id);
				recheckOnList.images.add(id);
			} else if (action === 'push') {
				// A push names the reference it pushed, not the image.
				recheckNow.references.add(event.id);
				recheckOnList.references.add(event.id);
			} else return;
			reconcileSoon(false);
		},
		stop() {
			stopped = true;
			unsubscribe();
			if (publishTimer) clearTimeout(publishTimer);
		},
	};
}
