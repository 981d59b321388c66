// Registry work the UI asks for: background checks, login and logout, browsing with a cache for
// the session. Outcomes come back as store actions; the password lives only in the login dialog
// and the call that verifies and stores it. The cache is for looking only: a remote delete runs
// after the registry has been read again, through the plan's flow.
import {sortRegistryTags} from '../domain/registry-rows';
import {probeRegistry, RegistryError, verifyLogin, type RegistryOptions} from '../registry/client';
import {configFilePath} from '../registry/config';
import {credentialSource, eraseCredential, listKnownRegistries, readDockerConfig, storeCredential, type CredentialSource} from '../registry/credentials';
import {selectAllRegistryRows} from '../state/selectors';
import type {Store} from '../state/store';
import {dialogReport} from '../state/dialog-report';
import {digestPlaces} from '../domain/digest-places';
import type {DialogReports, State} from '../state/types';
import type {IndexPlatforms, RegistryEntry, RemoteTag} from '../domain/registry-types';
import type {RemotePlan, RemotePlanOutcome, TagDigest} from '../domain/remote-plan';
import {throttleProgress} from './image-jobs';
import {logError} from './log';
import {openRegistrySession} from './registry-session';
import {viewSignal} from './view-signal';
import {eachLimited} from '../domain/each-limited';
import {deleteRemoteItems, readTagDigests} from './remote-tags';

export type RegistryActions = {
	/**
	 * The registries pane is shown: re-reads the known registries and checks each in the
	 * background, once per visit of the pane on one engine. A dialog or help closing over the
	 * pane redraws it, which is no reason to read and probe again.
	 */
	readonly open: () => void;
	readonly login: (server: string, username: string, password: string) => void;
	readonly logout: (server: string) => void;
	readonly loadRepositories: (server: string, refresh: boolean) => void;
	readonly loadTags: (server: string, repository: string, refresh: boolean) => void;
	/**
	 * Reads the plan's repository again, bypassing the cache (its tag list and a HEAD per tag), and
	 * runs the deletes only when the flow finds the plan unchanged.
	 */
	readonly verifyRemotePlan: (server: string, plan: RemotePlan) => void;
	/** Deletes a plan's digests, one at a time: only for a plan its flow found unchanged after the re-check. */
	readonly deleteRemotePlan: (server: string, plan: RemotePlan) => void;
	/** Asks the registries the image's digests name what that digest is there: an index (its platforms) or a single manifest. */
	readonly loadIndexPlatforms: (imageId: string) => void;
};

export const sourceLabel = (source: CredentialSource): string => (source.kind === 'helper' ? `helper ${source.helper}` : 'config.json');

const message = (error: unknown): string => (error instanceof RegistryError ? error.failure.message : error instanceof Error ? error.message : String(error));

export function createRegistryActions(store: Store, configDir: string, options: () => Promise<RegistryOptions>, pageSize = 100): RegistryActions {
	const repositoryCache = new Map<string, {readonly names: readonly string[]; readonly cut: string | null}>();
	const tagCache = new Map<string, {readonly tags: readonly RemoteTag[]; readonly cut: string | null}>();

	/**
	 * Whether the browse view still lists this server's repositories (or this repository's tags):
	 * the listing's requests stop once it does not. Its flow drops late answers for another.
	 */
	const browsing = (server: string, repository: string | null) => (state: State) => state.dialog?.kind === 'browse' && state.dialog.server === server && state.dialog.repository === repository;
	const reportBrowse = (report: DialogReports['browse']) => store.dispatch(dialogReport('browse', report));
	const whileBrowsing = (server: string, repository: string | null) => viewSignal(store, browsing(server, repository));

	/**
	 * An outcome goes to the plan's flow, which takes it only while `plan` is still the plan on
	 * screen (the user may have backed out) and decides whether the deletes run.
	 */
	const reportPlan = (plan: RemotePlan, outcome: RemotePlanOutcome) => store.dispatch(dialogReport('remote-plan', {type: 'outcome', plan, outcome}));

	/** Every tag of the repository, the digest it names now, and an index's platform manifests: no cache, full Accept list. */
	const currentTagDigests = async (server: string, repository: string): Promise<TagDigest[]> => readTagDigests(await openRegistrySession(configDir, server, await options()), repository);

	const verifyRemotePlan = (server: string, plan: RemotePlan) => {
		// Whatever the answer, the cached list of this repository is no longer to be trusted.
		tagCache.delete(`${server}/${plan.repository}`);
		void (async () => reportPlan(plan, {type: 'verified', tags: await currentTagDigests(server, plan.repository)}))().catch((error: unknown) => {
			logError(`re-check ${server}/${plan.repository}`, error);
			reportPlan(plan, {type: 'verify-failed', message: message(error)});
		});
	};

	const loadIndexPlatforms = (imageId: string) => {
		const answer = (index: IndexPlatforms) => store.dispatch(dialogReport('details', {type: 'index-platforms', imageId, index}));
		const image = store.getState().images.find(candidate => candidate.id === imageId);
		const places = digestPlaces(image?.repoDigests ?? []).slice(0, 3);
		if (places.length === 0) return answer({kind: 'unknown', reason: 'no digest of this image names a registry to ask'});
		void (async () => {
			const settings = await options();
			let reason = '';
			// Asked by digest: whatever a registry answers is this image, wherever its tags have moved since.
			for (const {server, repository, digest} of places) {
				try {
					const session = await openRegistrySession(configDir, server, settings);
					const index = await session.readIndex(repository, digest);
					return answer(index ? {kind: 'index', platforms: index.platforms, source: `${server}/${repository}`} : {kind: 'single'});
				} catch (error) {
					logError(`index ${server}/${repository}@${digest}`, error);
					reason = message(error);
				}
			}
			answer({kind: 'unknown', reason});
		})().catch((error: unknown) => {
			logError('index platforms', error);
			answer({kind: 'unknown', reason: message(error)});
		});
	};

	/** A remote plan's deletes, one digest at a time; a refusal (405, 401, 403) stops the rest. */
	const deleteRemote = (server: string, plan: RemotePlan) => {
		void (async () => {
			const session = await openRegistrySession(configDir, server, await options());
			const {results} = await deleteRemoteItems(session, {server, repository: plan.repository}, plan.items);
			tagCache.delete(`${server}/${plan.repository}`);
			reportPlan(plan, {type: 'deleted', results});
		})().catch((error: unknown) => {
			logError('remote delete', error);
			reportPlan(plan, {type: 'deleted', results: [{label: plan.repository, status: 'failed', message: message(error)}]});
		});
	};

	const check = async (servers: readonly string[]) => {
		const settings = await options();
		for (const server of servers) store.dispatch({type: 'registry-check', server, check: {state: 'checking'}});
		await eachLimited(servers, 4, async server => {
			const probe = await probeRegistry(server, settings);
			store.dispatch({type: 'registry-check', server, check: probe.ok ? {state: 'reachable', auth: probe.auth} : {state: 'unreachable', message: probe.message}});
		});
	};

	const refresh = async () => {
		try {
			const known = await listKnownRegistries(configDir);
			const registries: RegistryEntry[] = known.map(registry => ({server: registry.server, user: registry.username, store: sourceLabel(registry.source)}));
			store.dispatch({type: 'registries', registries, configPath: configFilePath(configDir)});
		} catch (error) {
			logError('registries', error);
			store.dispatch({type: 'message', message: {kind: 'error', text: `registries: ${message(error)}`}});
		}
		await check(selectAllRegistryRows(store.getState()).map(row => row.server));
	};

	// Cleared when the user leaves the pane or the engine connection changes: the next visit checks again.
	let checkedThisVisit = false;
	const open = () => {
		if (checkedThisVisit) return;
		checkedThisVisit = true;
		void refresh().catch(error => logError('registries', error));
	};
	// The pane's key opens a visit; so does an engine coming back (a switch) under the open pane,
	// since the local references it lists are that engine's.
	let wasReady = store.getState().connection.status === 'ready';
	store.subscribe(() => {
		const {pane, connection} = store.getState();
		const ready = connection.status === 'ready';
		if (pane !== 'registries' || !ready) checkedThisVisit = false;
		const reconnected = ready && !wasReady;
		wasReady = ready;
		if (reconnected && pane === 'registries') open();
	});

	return {
		open,
		login(server, username, password) {
			void (async () => {
				const verified = await verifyLogin(server, username, password, await options());
				if (!verified.ok) {
					// Nothing is written when the registry refuses: config.json stays as it was.
					store.dispatch(dialogReport('login', {type: 'refused', message: verified.message}));
					return;
				}
				const credential = verified.identityToken ? {username, secret: verified.identityToken, identityToken: true} : {username, secret: password};
				await storeCredential(configDir, server, credential);
				const where = sourceLabel(credentialSource(await readDockerConfig(configDir), server));
				store.dispatch(dialogReport('login', {type: 'stored', server, username, auth: verified.auth, store: where}));
				repositoryCache.delete(server);
				await refresh();
			})().catch((error: unknown) => {
				logError('login', error);
				store.dispatch(dialogReport('login', {type: 'failed', message: message(error)}));
			});
		},
		logout(server) {
			void (async () => {
				const removed = await eraseCredential(configDir, server);
				store.dispatch(dialogReport('logout', {type: 'done', server, removed}));
				repositoryCache.delete(server);
				await refresh();
			})().catch((error: unknown) => {
				logError('logout', error);
				store.dispatch(dialogReport('logout', {type: 'failed', message: message(error)}));
			});
		},
		loadRepositories(server, fresh) {
			const cached = fresh ? undefined : repositoryCache.get(server);
			if (cached) return reportBrowse({type: 'repositories', server, repositories: cached.names, pages: null, cut: cached.cut});
			const view = whileBrowsing(server, null);
			void (async () => {
				const session = await openRegistrySession(configDir, server, {...(await options()), signal: view.signal});
				const names: string[] = [];
				let pages = 0;
				let cut: string | null = null;
				const progress = throttleProgress(() => reportBrowse({type: 'repositories-page', server, repositories: [...names], pages}));
				for await (const page of session.repositories(pageSize)) {
					if (view.signal.aborted) return;
					names.push(...page.repositories);
					cut = page.cut;
					pages++;
					progress.push({done: pages, total: 0, current: ''});
				}
				repositoryCache.set(server, {names, cut});
				reportBrowse({type: 'repositories', server, repositories: names, pages, cut});
			})()
				.catch((error: unknown) => {
					// The view was closed: its requests were dropped on purpose.
					if (view.signal.aborted) return;
					const kind = error instanceof RegistryError ? error.failure.kind : null;
					if (kind === 'not-found') return reportBrowse({type: 'no-catalog', server});
					logError(`catalog ${server}`, error);
					// An auth failure leads to the login, for this server.
					if (kind === 'unauthorized') return reportBrowse({type: 'auth-needed', server, repository: null});
					reportBrowse({type: 'failed', server, repository: null, message: message(error)});
				})
				.finally(view.end);
		},
		verifyRemotePlan,
		deleteRemotePlan: deleteRemote,
		loadIndexPlatforms,
		loadTags(server, repository, fresh) {
			const key = `${server}/${repository}`;
			const cached = fresh ? undefined : tagCache.get(key);
			if (cached) return reportBrowse({type: 'tags', server, repository, tags: cached.tags, cut: cached.cut});
			const view = whileBrowsing(server, repository);
			void (async () => {
				const session = await openRegistrySession(configDir, server, {...(await options()), signal: view.signal});
				const listed = await session.tags(repository);
				const names = sortRegistryTags(listed.tags);
				const tags: RemoteTag[] = names.map(tag => ({tag, digest: null, size: null, created: null, platforms: [], children: [], error: null}));
				reportBrowse({type: 'tags-listed', server, repository, tags: [...tags], cut: listed.cut});
				const progress = throttleProgress(() => reportBrowse({type: 'tags-progress', server, repository, tags: [...tags]}));
				await eachLimited(names, 4, async tag => {
					if (view.signal.aborted) return;
					const index = names.indexOf(tag);
					try {
						const details = await session.describeTag(repository, tag);
						tags[index] = {...details, error: null};
					} catch (error) {
						tags[index] = {...tags[index]!, error: message(error)};
					}
					progress.push({done: index, total: names.length, current: tag});
				});
				progress.flush();
				if (view.signal.aborted) return;
				tagCache.set(key, {tags, cut: listed.cut});
				reportBrowse({type: 'tags', server, repository, tags, cut: listed.cut});
			})()
				.catch((error: unknown) => {
					if (view.signal.aborted) return;
					logError(`tags ${key}`, error);
					const kind = error instanceof RegistryError ? error.failure.kind : null;
					if (kind === 'unauthorized') return reportBrowse({type: 'auth-needed', server, repository});
					reportBrowse({type: 'failed', server, repository, message: message(error)});
				})
				.finally(view.end);
		},
	};
}
