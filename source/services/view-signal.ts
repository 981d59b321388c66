// Registry work a view asked for belongs to that view: once the view is closed or shows something
// else, its requests are dropped and no more are started.
import type {Store} from '../state/store';
import type {State} from '../state/types';

/** A signal that aborts once `shown` says the asking view is gone; call `end` when the work is over. */
export function viewSignal(store: Store, shown: (state: State) => boolean): {readonly signal: AbortSignal; readonly end: () => void} {
	const controller = new AbortController();
	const check = () => {
		if (!shown(store.getState())) controller.abort();
	};
	const unsubscribe = store.subscribe(check);
	check();
	return {signal: controller.signal, end: () => void unsubscribe()};
}
