// Push, pull and build as background operations: the runner queues them, reports progress and
// cancels them; this module says what each one does. Outcomes reach the UI as store actions and
// reports to the dialog that asked.
import {dockerHubKey, getCredential} from '../registry/credentials';
import type {RegistryOptions} from '../registry/client';
import {parseReference} from '../domain/reference';
import {sortRegistryTags} from '../domain/registry-rows';
import type {EngineClient} from '../engine/connect';
import {inspectImageIdentity} from '../engine/operations';
import {buildImage} from '../engine/build';
import {pullImage, pushImage, registryAuthHeader, TransferError} from '../engine/transfer';
import {dialogReport} from '../state/dialog-report';
import type {Store} from '../state/store';
import type {State} from '../state/types';
import type {PushTarget} from '../domain/push-target';
import type {OperationRunner} from './operations';
import {logError} from './log';
import {openRegistrySession} from './registry-session';
import {viewSignal} from './view-signal';

export type TransferActions = {
	readonly push: (targets: readonly PushTarget[]) => void;
	readonly pull: (reference: string) => void;
	readonly pullSuggestions: (repository: string) => void;
	readonly build: (context: string, dockerfile: string, reference: string) => void;
	readonly cancel: (id: number) => void;
};

type Named = {readonly server: string; readonly repository: string; readonly tag: string};

/** Where a reference lives: its registry's credential key, the repository as the engine names it, the tag. */
function named(reference: string): Named | null {
	const parsed = parseReference(reference);
	if (!parsed.ok) return null;
	const {domain, repository, tag} = parsed.reference;
	return {server: domain && domain !== 'docker.io' ? domain : dockerHubKey, repository, tag: tag ?? 'latest'};
}

export function createTransferActions(store: Store, runner: OperationRunner, docker: () => EngineClient | null, configDir: string, options: () => Promise<RegistryOptions>): TransferActions {
	const auth = async (server: string) => registryAuthHeader(await getCredential(configDir, server), server);
	const show = (id: number) => store.dispatch({type: 'show-operation', id});

	const push = (targets: readonly PushTarget[]) => {
		const engine = docker();
		if (!engine) return;
		const ids = targets.map(target => {
			const name = named(target.reference);
			return runner.start('push', `push ${target.reference}`, async (signal, report) => {
				if (!name) throw new TransferError({kind: 'failed', message: `"${target.reference}" is not a valid reference`});
				// The push runs against the image the user chose: a tag moved since is not pushed.
				const now = await inspectImageIdentity(engine, target.reference);
				if (now?.id !== target.imageId.replace(/^sha256:/, ''))
					throw new TransferError({kind: 'failed', message: `${target.reference} now points at ${now ? now.id.slice(0, 12) : 'nothing'}, not at the image you pushed; nothing was pushed`});
				try {
					return await pushImage(engine, name.repository, name.tag, await auth(name.server), report.line, signal);
				} catch (error) {
					if (error instanceof TransferError && error.failure.kind === 'unauthorized') {
						// An auth failure leads to the login for that registry; a successful login pushes again.
						store.dispatch({type: 'push-unauthorized', server: name.server, message: error.failure.message, target});
					}
					throw error;
				}
			});
		});
		if (ids[0] !== undefined) show(ids[0]);
	};

	return {
		push,
		pull(reference) {
			const engine = docker();
			const name = named(reference);
			if (!engine || !name) return;
			const id = runner.start('pull', `pull ${reference}`, async (signal, report) => {
				const pulled = await pullImage(engine, name.repository, name.tag, await auth(name.server), report.line, signal);
				const image = await inspectImageIdentity(engine, `${name.repository}:${name.tag}`);
				return {digest: pulled.digest, imageId: image?.id ?? null};
			});
			show(id);
		},
		pullSuggestions(repository) {
			const name = named(`${repository}:latest`);
			if (!name) return;
			const asking = (state: State) => state.dialog?.kind === 'pull' && state.dialog.suggestionsFor === repository;
			const view = viewSignal(store, asking);
			void (async () => {
				const path = parseReference(repository);
				const remote = path.ok ? path.reference.path : repository;
				const session = await openRegistrySession(configDir, name.server, {...(await options()), signal: view.signal});
				const tags = sortRegistryTags((await session.tags(remote)).tags);
				store.dispatch(dialogReport('pull', {type: 'suggestions', repository, tags}));
			})()
				.catch((error: unknown) => {
					if (!view.signal.aborted) logError(`tags for ${repository}`, error);
				})
				.finally(view.end);
		},
		build(context, dockerfile, reference) {
			const engine = docker();
			if (!engine) return;
			const id = runner.start('build', `build ${reference}`, async (signal, report) => {
				const built = await buildImage(engine, context, dockerfile, reference, report.line, signal);
				return {imageId: built.imageId};
			});
			show(id);
		},
		cancel: id => runner.cancel(id),
	};
}
