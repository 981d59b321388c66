// The one place keys come in: reads the terminal, splits each read into keys and pastes, routes
// them, runs what the flows ask for - in answer to keys, and to services' reports. `drawn` holds
// the dialog of the last frame written.
import {useEffect, type RefObject} from 'react';
import {useStdin} from 'ink';
import type {Dialog} from '../../state/types';
import {activeDialogKeys, activeKeyBindings} from '../keymap';
import {useApp} from '../store-context';
import {runEffect} from './effect-handlers';
import {InputParser} from '../../terminal/parse-input';
import {routeEffects, routeInput, type Routed} from './route-input';

export function useInputRouter(drawn: RefObject<Dialog | null>): void {
	const {store, services} = useApp();
	const {stdin} = useStdin();
	useEffect(() => {
		const parser = new InputParser();
		/** Does what a key or a report came to; true when the program ends. */
		const perform = (routed: Routed): boolean => {
			for (const action of routed.actions) store.dispatch(action);
			for (const effect of routed.effects) runEffect(effect, services);
			if (routed.retry) services.retry();
			if (routed.quit === undefined) return false;
			services.quit(routed.quit);
			return true;
		};
		const onData = (chunk: Buffer | string) => {
			// What was on screen when this read began: keys in it confirm nothing drawn later.
			const onScreen = drawn.current;
			for (const event of parser.push(String(chunk))) {
				if (perform(routeInput(store.getState(), event, onScreen, activeKeyBindings(), process.cwd(), activeDialogKeys()))) return;
			}
		};
		const offEffects = store.onEffects(effects => void perform(routeEffects(effects)));
		if (stdin.isTTY) stdin.setRawMode?.(true);
		stdin.setEncoding?.('utf8');
		stdin.on('data', onData);
		stdin.resume?.();
		return () => {
			offEffects();
			stdin.off('data', onData);
			stdin.pause?.();
		};
	}, [store, services, stdin, drawn]);
}
