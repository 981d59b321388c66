// One connection to one engine: connect, list, follow events, and retry when the engine is down.
import {describeConnectionError, type Engine, type EngineClient} from '../engine/connect';
import {contactEngineImagesFirst, type FirstContact} from '../engine/early-contact';
import type {EngineTarget} from '../engine/target';
import type {Store} from '../state/store';
import {createImageJobs, type ImageJobs} from './image-jobs';
import {startEventSync, type EventSync} from './event-sync';
import {logError} from './log';
import {engineInfo} from '../engine/operations';
import type {RegistryOptions} from '../registry/client';
import {dockerHubScope, dockerHubServer, registryDigestLookup, startSyncStatus, type SyncStatusService} from './sync-status';

export type Session = {
	readonly retry: () => void;
	/** The engine's `GET /info`, or null while no engine is connected. */
	readonly info: () => Promise<unknown> | null;
	/** The engine client while connected, for the work the UI starts. */
	readonly docker: () => EngineClient | null;
	readonly stop: () => void;
	readonly imageJobs: ImageJobs;
};

/**
 * `firstContact` is a connection already made or under way (see early-contact.ts); when it is
 * already made, the store holds the lists before this returns, so the first frame shows rows.
 * Retries start afresh.
 */
export function startSession(
	store: Store,
	target: EngineTarget,
	configDir: string,
	firstContact?: FirstContact | Promise<FirstContact>,
	registryOptions?: () => Promise<RegistryOptions>,
	env: NodeJS.ProcessEnv = process.env,
): Session {
	let engine: Engine | null = null;
	let sync: EventSync | null = null;
	let syncStatus: SyncStatusService | null = null;
	let stopped = false;

	const adopt = ({engine: connected, lists, since}: FirstContact) => {
		engine = connected;
		const {images, containers} = lists;
		const listed = Array.isArray(containers) ? containers : undefined;
		store.dispatch({type: 'connected', host: target.host, engineVersion: connected.engineVersion, apiVersion: connected.apiVersion, product: connected.product, images, containers: listed});
		if (!Array.isArray(containers)) {
			containers.pending.then(
				// The reducer drops them when a re-list brought newer ones meanwhile.
				later => {
					if (!stopped && engine === connected) store.dispatch({type: 'containers', containers: later});
				},
				(error: unknown) => {
					logError(`list containers ${target.host}`, error);
					if (!stopped && engine === connected && !store.getState().containersListed) {
						store.dispatch({type: 'message', message: {kind: 'error', text: `the engine did not list its containers (${error instanceof Error ? error.message : String(error)}); asking again`}});
						void sync?.relistNow();
					}
				},
			);
		}
		syncStatus?.stop();
		syncStatus = null;
		sync = startEventSync(connected.docker, store, {since, onImageEvent: event => syncStatus?.imageEvent(event)});
		if (registryOptions) {
			const hub = dockerHubServer(env);
			const lookup = registryDigestLookup(configDir, registryOptions, (server, rateLimit) => store.dispatch({type: 'registry-rate-limit', server, rateLimit}), hub ?? undefined);
			// Registry checks start once the first frame, with its lists, is out.
			setImmediate(() => {
				if (!stopped && engine === connected) syncStatus = startSyncStatus(store, lookup, () => dockerHubScope(configDir, env));
			});
		}
	};

	const connect = async (pending?: Promise<FirstContact>) => {
		store.dispatch({type: 'connecting', host: target.host});
		try {
			const contact = await (pending ?? contactEngineImagesFirst(target, process.env, () => store.dispatch({type: 'connecting', host: target.host, listing: true})));
			if (!stopped) adopt(contact);
		} catch (error) {
			logError(`connect ${target.host}`, error);
			if (!stopped) store.dispatch({type: 'connection-failed', host: target.host, ...describeConnectionError(target, error)});
		}
	};

	if (firstContact && !(firstContact instanceof Promise)) adopt(firstContact);
	else void connect(firstContact);

	return {
		retry: () => void connect(),
		info: () => (engine ? engineInfo(engine.docker) : null),
		docker: () => engine?.docker ?? null,
		stop() {
			stopped = true;
			sync?.stop();
			syncStatus?.stop();
		},
		imageJobs: createImageJobs(
			store,
			() => engine?.docker ?? null,
			() => sync?.hold() ?? (() => undefined),
			() => sync?.measureDisk() ?? Promise.resolve(null),
			() => sync?.refreshDisk() ?? Promise.resolve(null),
		),
	};
}
