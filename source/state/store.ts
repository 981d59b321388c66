// A minimal external store for useSyncExternalStore: one state, one reducer, many readers.
import {reducer} from './reducer';
import type {Action, State} from './types';

export type Store = {
	getState: () => State;
	dispatch: (action: Action) => void;
	subscribe: (listener: () => void) => () => void;
};

export function createStore(initial: State): Store {
	let state = initial;
	const listeners = new Set<() => void>();
	return {
		getState: () => state,
		dispatch(action) {
			const next = reducer(state, action);
			if (next === state) return;
			state = next;
			for (const listener of listeners) listener();
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};
}
