// What a remote plan is made from and how it is carried out, for the registries pane and for
// `dockswab plan|clean --registry` alike: every tag of a repository read fresh (no cache) with the
// digest it names now, and the deletes of a plan one digest at a time, stopping at a refusal.
import {eachLimited} from '../domain/each-limited';
import type {RemotePlanItem, TagDigest} from '../domain/remote-plan';
import {RegistryError, type RegistrySession} from '../registry/client';
import type {StepResult} from '../domain/step-result';
import {logError} from './log';

export const registryMessage = (error: unknown): string => (error instanceof RegistryError ? error.failure.message : error instanceof Error ? error.message : String(error));

/** Creation times by digest: a digest's content never changes, so a re-read asks only for new ones. */
export type CreationTimes = Map<string, Promise<number | null>>;

/**
 * Every tag of the repository, the digest it names now (HEAD, full Accept list), and an index's
 * platform manifests; with `created`, also when each digest's image was made.
 */
export async function readTagDigests(session: RegistrySession, repository: string, created?: CreationTimes): Promise<TagDigest[]> {
	const found: TagDigest[] = [];
	const {tags, cut} = await session.tags(repository);
	// A plan checked against part of the tags could still take a digest an unread tag names.
	if (cut) throw new Error(`${repository} has more tags than one listing reads (${cut}); nothing was deleted`);
	// An index with several tags is read once.
	const indexes = new Map<string, Promise<readonly string[]>>();
	const childrenOf = (digest: string) => {
		let children = indexes.get(digest);
		if (!children) indexes.set(digest, (children = session.readIndex(repository, digest).then(index => index?.children ?? [])));
		return children;
	};
	const createdOf = (digest: string) => {
		let time = created!.get(digest);
		if (!time) created!.set(digest, (time = session.imageCreated(repository, digest)));
		return time;
	};
	await eachLimited(tags, 4, async tag => {
		const {digest, index} = await session.manifestDigest(repository, tag);
		// A tag deleted between the list and its HEAD is simply not there any more.
		if (!digest) return;
		// The plan must not take a platform manifest from under an index that stays.
		const entry: TagDigest = index ? {tag, digest, children: await childrenOf(digest)} : {tag, digest};
		found.push(created ? {...entry, createdMs: await createdOf(digest)} : entry);
	});
	return found;
}

/** Why deletes stop on this registry: it (or this login) refuses every one. */
const refusesAll = (error: unknown): boolean => error instanceof RegistryError && ['unsupported', 'unauthorized', 'denied'].includes(error.failure.kind);

/**
 * The items' deletes, one digest at a time, in plan order. A refusal (405, 401, 403) stops the
 * rest, and is returned so that the caller can stop its other repositories on that registry too;
 * `stopped` is such a refusal from before, when nothing is to be attempted.
 */
export async function deleteRemoteItems(
	session: RegistrySession,
	where: {readonly server: string; readonly repository: string},
	items: readonly RemotePlanItem[],
	stopped: string | null = null,
	onResult: (result: StepResult) => void = () => undefined,
): Promise<{readonly results: readonly StepResult[]; readonly stopped: string | null}> {
	const results: StepResult[] = [];
	let stop = stopped;
	const report = (result: StepResult) => {
		results.push(result);
		onResult(result);
	};
	for (const item of items) {
		const label = item.tags.join(', ');
		if (item.outcome.kind !== 'delete') {
			report({label, status: 'skipped', message: `not touched: ${item.outcome.reason}`});
			continue;
		}
		if (stop) {
			report({label, status: 'skipped', message: `not attempted: ${stop}`});
			continue;
		}
		try {
			await session.deleteManifest(where.repository, item.digest);
			report({label, status: 'deleted', message: `deleted ${item.digest.slice(0, 19)}…`});
		} catch (error) {
			logError(`delete ${where.server}/${where.repository}@${item.digest}`, error);
			report({label, status: 'failed', message: registryMessage(error)});
			if (refusesAll(error)) stop = registryMessage(error);
		}
	}
	return {results, stopped: stop};
}
