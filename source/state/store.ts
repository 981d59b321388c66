// A minimal external store for useSyncExternalStore: one state, one reducer, many readers. The
// effects a flow asks for in answer to a service's report go to the effect listeners (the UI
// runs them as it runs those of keys). Reports go through the flows the store is given: the ui's
// dialog table (createAppStore), since state never imports ui.
import type {DialogFlows, Effect} from './flows/flow';
import {reportToFlow} from './flows/reports';
import {reducer} from './reducer';
import type {State, StoreAction} from './types';

export type Store = {
	getState: () => State;
	dispatch: (action: StoreAction) => void;
	subscribe: (listener: () => void) => () => void;
	onEffects: (listener: (effects: readonly Effect[]) => void) => () => void;
};

export function createStore(initial: State, flows: DialogFlows): Store {
	let state = initial;
	const listeners = new Set<() => void>();
	const effectListeners = new Set<(effects: readonly Effect[]) => void>();
	return {
		getState: () => state,
		dispatch(action) {
			const {state: next, effects} = action.type === 'dialog-report' ? reportToFlow(state, action, flows) : {state: reducer(state, action), effects: []};
			if (next !== state) {
				state = next;
				for (const listener of listeners) listener();
			}
			if (effects.length > 0) for (const listener of effectListeners) listener(effects);
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		onEffects(listener) {
			effectListeners.add(listener);
			return () => effectListeners.delete(listener);
		},
	};
}
