// What a pane's flow key opens, from the state as it is on screen. Pure.
import {shortId} from '../../domain/format';
import {containersDialog, cursorContainer, cursorImageTarget, markedContainers, markedImageTargets} from '../dialogs';
import {openDelete} from './delete';
import {cursorIndex, selectRegistryRows, selectRepositories} from '../selectors';
import type {Action, State} from '../types';
import {stay, type FlowResult} from './flow';
import {detailsDialog, versionsDialog} from './menus';
import {browseDialog, loginDialog, logoutDialog} from './registries';
import {tagDialog} from './tag';
import {buildDialog, pullDialog, startPush} from './transfers';
import {releaseFrom} from './release';
import {contextsDialog} from './contexts';
import {splitRepoTag} from '../../domain/image-rows';
import {openFleetFlow, type FleetFlow} from './fleet';

export type OpenFlow = 'delete' | 'details' | 'housekeeping' | 'stop' | 'start' | 'image' | 'tag' | 'untag' | 'versions' | 'login' | 'logout' | 'push' | 'pull' | 'build' | 'operations' | 'release' | 'contexts' | FleetFlow;

/** The dialog a flow key opens (or null and a message), or a plain action such as a jump. */
export function openFlow(state: State, flow: OpenFlow, workingDirectory = '.'): FlowResult | Action | null {
	if (flow === 'operations') return stay({kind: 'operations', cursor: 0});
	if (flow === 'contexts') return contextsDialog();
	if (flow === 'pull') return stay(pullDialog());
	if (flow === 'fleet-detail' || flow === 'fleet-refresh' || flow === 'fleet-keep') return openFleetFlow(state, flow);
	if (state.pane === 'images') {
		if (flow === 'delete') {
			const targets = markedImageTargets(state);
			if (targets.length === 0) return null;
			const title = `Delete ${targets.length} reference${targets.length === 1 ? '' : 's'}${state.views.images.marks.size > 0 ? ' (marked)' : ''}`;
			return openDelete(state, title, targets);
		}
		if (flow === 'tag') {
			const sources = markedImageTargets(state).map(target => ({imageId: target.imageId, reference: target.reference ?? shortId(target.imageId)}));
			return sources.length > 0 ? stay(tagDialog(sources, selectRepositories(state.images))) : null;
		}
		if (flow === 'untag') {
			const target = cursorImageTarget(state);
			if (target?.reference) return openDelete(state, `Untag ${target.reference}`, [target]);
			return {type: 'message', message: {kind: 'error', text: 'this row has no tag to remove'}};
		}
		if (flow === 'versions') return stay(versionsDialog(state));
		if (flow === 'push') {
			const targets = markedImageTargets(state).flatMap(target => (target.reference ? [{imageId: target.imageId, reference: target.reference}] : []));
			if (targets.length === 0) return {type: 'message', message: {kind: 'error', text: 'an untagged image cannot be pushed: tag it first (t)'}};
			return startPush(targets);
		}
		if (flow === 'release') {
			const target = cursorImageTarget(state);
			if (!target?.reference) return {type: 'message', message: {kind: 'error', text: 'release starts from a tagged version: put the cursor on one'}};
			return stay(releaseFrom(state, splitRepoTag(target.reference).repository, splitRepoTag(target.reference).tag, target.imageId, workingDirectory));
		}
		if (flow === 'build') {
			const target = cursorImageTarget(state);
			const repository = target?.reference ? splitRepoTag(target.reference).repository : null;
			return stay(buildDialog(workingDirectory, repository, selectRepositories(state.images)));
		}
		if (flow === 'housekeeping') return stay({kind: 'housekeeping', choice: 0, keep: state.defaultKeep}, {type: 'measure-disk'});
		if (flow === 'details') {
			const target = cursorImageTarget(state);
			return target ? detailsDialog(target.imageId) : null;
		}
		return null;
	}
	if (state.pane === 'registries') {
		const rows = selectRegistryRows(state);
		const registry = rows[cursorIndex(rows, state.views.registries)];
		if (flow === 'login') return stay(loginDialog(registry?.server ?? '', registry?.user ?? ''));
		if (!registry) return null;
		if (flow === 'details') return browseDialog(registry.server);
		if (flow === 'logout') {
			if (!registry.user && !registry.store.startsWith('helper')) return {type: 'message', message: {kind: 'error', text: `no credential stored for ${registry.server}`}};
			return stay(logoutDialog(registry));
		}
		return null;
	}
	if (state.pane !== 'containers') return null;
	if (flow === 'details' || flow === 'image') {
		const container = cursorContainer(state);
		return container ? {type: 'focus-image', imageId: container.imageId} : null;
	}
	const action = flow === 'delete' ? 'remove' : flow === 'stop' ? 'stop' : flow === 'start' ? 'start' : null;
	const containers = markedContainers(state);
	return action && containers.length > 0 ? stay(containersDialog(action, containers)) : null;
}

