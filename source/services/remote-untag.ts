// Carrying out an untag plan (domain/remote-untag.ts) on a registry: a digest named only by the
// tags asked for is deleted; a tag that shares its digest is pointed at its placeholder, which is
// then deleted by digest. A placeholder whose delete fails would leave the tag naming an empty
// image, so the tag is put back on the digest it named, byte for byte, and the failure said.
import type {UntagItem} from '../domain/remote-untag';
import {RegistryError, type RegistrySession} from '../registry/client';
import type {Placeholder} from '../registry/placeholder';
import type {StepResult} from '../domain/step-result';
import {logError} from './log';
import {registryMessage} from './remote-tags';

const short = (digest: string) => `${digest.slice(0, 19)}…`;

/** A refusal this registry (or login) gives every push or delete: nothing more is attempted on it. */
const refusesAll = (error: unknown): boolean => error instanceof RegistryError && ['unsupported', 'unauthorized', 'denied'].includes(error.failure.kind);

const labelOf = (item: UntagItem) => (item.kind === 'delete' ? item.tags.join(', ') : item.tag);

async function untagOne(session: RegistrySession, repository: string, item: UntagItem & {kind: 'untag'}, placeholder: Placeholder): Promise<StepResult> {
	// Read first: what the tag is put back on should the placeholder's delete fail.
	const original = await session.readManifest(repository, item.digest);
	await session.pushBlob(repository, placeholder.config.digest, placeholder.config.content);
	const pushed = await session.pushManifest(repository, item.tag, placeholder.manifest);
	try {
		if (pushed !== placeholder.digest) throw new RegistryError('protocol', `the registry stored the placeholder as ${short(pushed)}, not ${short(placeholder.digest)}`);
		await session.deleteManifest(repository, placeholder.digest);
	} catch (error) {
		logError(`untag ${repository}:${item.tag}`, error);
		const said = registryMessage(error);
		try {
			await session.pushManifest(repository, item.tag, original);
		} catch (restoreError) {
			logError(`put back ${repository}:${item.tag}`, restoreError);
			throw new RegistryError(
				error instanceof RegistryError ? error.failure.kind : 'protocol',
				`${said}; ${item.tag} now names the placeholder ${short(placeholder.digest)} and could not be put back on ${item.digest} (${registryMessage(restoreError)})`,
			);
		}
		throw new RegistryError(error instanceof RegistryError ? error.failure.kind : 'protocol', `${said}; ${item.tag} was put back on ${short(item.digest)}`);
	}
	const stays = item.keeps.length > 0 ? `under ${item.keeps.join(', ')}` : `in the index ${item.heldBy.join(', ')}`;
	return {label: item.tag, status: 'untagged', message: `untagged through placeholder ${short(placeholder.digest)}; ${short(item.digest)} stays ${stays}`};
}

/** The items in plan order; a refusal stops the rest, and is returned for the caller's report. */
export async function untagRemoteItems(
	session: RegistrySession,
	repository: string,
	items: readonly UntagItem[],
	placeholders: ReadonlyMap<string, Placeholder>,
	onResult: (result: StepResult) => void = () => undefined,
): Promise<{readonly results: readonly StepResult[]; readonly stopped: string | null}> {
	const results: StepResult[] = [];
	let stopped: string | null = null;
	const report = (result: StepResult) => {
		results.push(result);
		onResult(result);
	};
	for (const item of items) {
		const label = labelOf(item);
		if (item.kind === 'blocked') {
			report({label, status: 'skipped', message: `not touched: ${item.reason}`});
			continue;
		}
		if (stopped) {
			report({label, status: 'skipped', message: `not attempted: ${stopped}`});
			continue;
		}
		try {
			if (item.kind === 'delete') {
				await session.deleteManifest(repository, item.digest);
				report({label, status: 'deleted', message: `deleted ${short(item.digest)}`});
			} else report(await untagOne(session, repository, item, placeholders.get(item.tag)!));
		} catch (error) {
			logError(`untag ${repository}:${label}`, error);
			report({label, status: 'failed', message: registryMessage(error)});
			if (refusesAll(error)) stopped = registryMessage(error);
		}
	}
	return {results, stopped};
}
