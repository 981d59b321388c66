// One connection to one engine: connect, list, follow events, and retry when the engine is down.
import {connectEngine, describeConnectionError, type Engine} from '../engine/connect';
import {listAll} from '../engine/lists';
import type {EngineTarget} from '../engine/target';
import {readRegistries} from '../registry/config';
import {configFilePath} from '../registry/config';
import type {Store} from '../state/store';
import {createActions, type Actions} from './actions';
import {startEventSync, type EventSync} from './event-sync';
import {logError} from './log';

export type Session = {
	readonly retry: () => void;
	readonly stop: () => void;
	readonly engine: () => Engine | null;
	readonly actions: Actions;
};

export function startSession(store: Store, target: EngineTarget, configDir: string): Session {
	let engine: Engine | null = null;
	let sync: EventSync | null = null;
	let stopped = false;

	const connect = async () => {
		store.dispatch({type: 'connecting', host: target.host});
		try {
			const connected = await connectEngine(target);
			if (stopped) return;
			engine = connected;
			// The first list goes out before anything else so the first frame has rows in it.
			const lists = await listAll(connected.docker);
			if (stopped) return;
			store.dispatch({type: 'lists', ...lists});
			store.dispatch({type: 'connected', host: target.host, engineVersion: connected.engineVersion, apiVersion: connected.apiVersion});
			sync = startEventSync(connected.docker, store);
		} catch (error) {
			logError(`connect ${target.host}`, error);
			if (!stopped) store.dispatch({type: 'connection-failed', host: target.host, ...describeConnectionError(target, error)});
		}
	};

	void readRegistries(configDir).then(registries => store.dispatch({type: 'registries', registries, configPath: configFilePath(configDir)}));
	void connect();

	return {
		retry: () => void connect(),
		stop() {
			stopped = true;
			sync?.stop();
		},
		engine: () => engine,
		actions: createActions(store, () => engine?.docker ?? null),
	};
}
