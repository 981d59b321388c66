// The one place keys come in: reads the terminal, splits each read into keys and pastes, routes
// them, runs what the flows ask for. `drawn` holds the dialog of the last frame written.
import {useEffect, type RefObject} from 'react';
import {useStdin} from 'ink';
import type {Effect} from '../../state/flows/flow';
import type {Dialog} from '../../state/types';
import type {AppServices} from '../store-context';
import {useApp} from '../store-context';
import {InputParser} from './parse-input';
import {routeInput} from './route-input';

export function runEffect(effect: Effect, services: AppServices): void {
	if (effect.type === 'run-removal') services.actions.runRemoval(effect.dialog);
	else if (effect.type === 'run-containers') services.actions.runContainerAction(effect.dialog);
	else if (effect.type === 'run-tag') services.actions.runTag(effect.dialog);
	else if (effect.type === 'prune-build-cache') services.actions.pruneBuildCache(effect.prune);
	else if (effect.type === 'load-history') services.actions.loadHistory(effect.imageId);
	else if (effect.type === 'load-platforms') {
		services.actions.loadPlatform(effect.imageId);
		services.registries.loadIndexPlatforms(effect.imageId);
	}
	else if (effect.type === 'load-layers') services.actions.loadLayers(effect.dialog);
	else if (effect.type === 'read-layers') services.actions.readLayers(effect.imageId);
	else if (effect.type === 'read-diff') services.actions.readDiff(effect.before, effect.after);
	else if (effect.type === 'cancel-layers') services.actions.cancelLayers();
	else if (effect.type === 'measure-disk') services.actions.measureDisk();
	else if (effect.type === 'login') services.registries.login(effect.server, effect.username, effect.password);
	else if (effect.type === 'logout') services.registries.logout(effect.server);
	else if (effect.type === 'browse-repositories') services.registries.loadRepositories(effect.server, effect.refresh);
	else if (effect.type === 'browse-tags') services.registries.loadTags(effect.server, effect.repository, effect.refresh);
	else if (effect.type === 'remote-verify') services.registries.verifyRemotePlan(effect.dialog);
	else if (effect.type === 'push') services.transfers.push(effect.targets);
	else if (effect.type === 'pull') services.transfers.pull(effect.reference);
	else if (effect.type === 'pull-suggestions') services.transfers.pullSuggestions(effect.repository);
	else if (effect.type === 'build') services.transfers.build(effect.context, effect.dockerfile, effect.reference);
	else if (effect.type === 'cancel-operation') services.transfers.cancel(effect.id);
	else if (effect.type === 'release') services.release.run(effect.dialog, effect.from);
	else if (effect.type === 'fleet-refresh') services.fleet.refresh();
	else if (effect.type === 'fleet-keep-run') services.fleet.runKeep(effect.dialog);
	else if (effect.type === 'load-contexts') services.engines.loadContexts();
	else if (effect.type === 'switch-engine') services.engines.switchEngine(effect.context, effect.endOperations);
}

export function useInputRouter(drawn: RefObject<Dialog | null>): void {
	const {store, services} = useApp();
	const {stdin} = useStdin();
	useEffect(() => {
		const parser = new InputParser();
		const onData = (chunk: Buffer | string) => {
			// What was on screen when this read began: keys in it confirm nothing drawn later.
			const onScreen = drawn.current;
			for (const event of parser.push(String(chunk))) {
				const routed = routeInput(store.getState(), event, onScreen, process.cwd());
				for (const action of routed.actions) store.dispatch(action);
				for (const effect of routed.effects) runEffect(effect, services);
				if (routed.retry) services.retry();
				if (routed.quit !== undefined) {
					services.quit(routed.quit);
					return;
				}
			}
		};
		if (stdin.isTTY) stdin.setRawMode?.(true);
		stdin.setEncoding?.('utf8');
		stdin.on('data', onData);
		stdin.resume?.();
		return () => {
			stdin.off('data', onData);
			stdin.pause?.();
		};
	}, [store, services, stdin, drawn]);
}
