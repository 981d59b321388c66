// What each flow key opens, from the state as it is on screen: one opener per flow name, and the
// names the key table may bind are exactly this table's keys. Pure. Keyed by command, not by
// dialog kind (ui/dialogs/dialog-table.ts): one key opens different kinds by pane (Enter: details
// over images, browse over registries), and several keys open one kind (d and U: delete).
import {shortId} from '../../domain/format';
import {splitRepoTag} from '../../domain/image-rows';
import {containersDialog, cursorContainer, cursorImageTarget, markedContainers, markedImageTargets} from '../dialogs';
import {cursorIndex, selectRegistryRows, selectRepositories} from '../selectors';
import type {Action, Dialog, State} from '../types';
import type {ContainerAction} from '../../domain/container-action';
import type {RegistryEntry} from '../../domain/registry-types';
import {contextsDialog} from './contexts';
import {openDelete} from './delete';
import {openFleetFlow} from './fleet';
import {stay, type FlowResult} from './flow';
import {detailsDialog, versionsDialog} from './menus';
import {browseDialog, loginDialog, logoutDialog} from './registries';
import {releaseFrom} from './release';
import {tagDialog} from './tag';
import {buildDialog, pullDialog, startPush} from './transfers';

/** The dialog a flow key opens (or null and a message), a plain action such as a jump, or nothing. */
export type Opened = FlowResult<Dialog> | Action | null;

type Opener = (state: State, workingDirectory: string) => Opened;

const errorMessage = (text: string): Action => ({type: 'message', message: {kind: 'error', text}});

/** An opener that acts only in the images pane. */
const inImages =
	(open: Opener): Opener =>
	(state, workingDirectory) =>
		state.pane === 'images' ? open(state, workingDirectory) : null;

/**
 * An images-pane opener that plans from the containers (what blocks a removal, what runs): while
 * the first screen's containers are still being listed it opens nothing and says why.
 */
const withContainers =
	(open: Opener): Opener =>
	(state, workingDirectory) => {
		if (state.containersListed || state.pane !== 'images') return open(state, workingDirectory);
		return {type: 'message', message: {kind: 'info', text: 'the engine is still listing its containers: plans wait for them (USED BY shows … until then)'}};
	};

/** The registry under the cursor of the registries pane, if that pane is shown and has one. */
function cursorRegistry(state: State): RegistryEntry | undefined {
	if (state.pane !== 'registries') return undefined;
	const rows = selectRegistryRows(state);
	return rows[cursorIndex(rows, state.views.registries)];
}

/** Stop, start or remove the marked (or current) containers, in the containers pane. */
const containersAction =
	(action: ContainerAction): Opener =>
	state => {
		if (state.pane !== 'containers') return null;
		const containers = markedContainers(state);
		return containers.length > 0 ? stay(containersDialog(action, containers)) : null;
	};

/** The container pane's jump to the image of the container under the cursor. */
function jumpToImage(state: State): Opened {
	const container = cursorContainer(state);
	return container ? {type: 'focus-image', imageId: container.imageId} : null;
}

export const flowOpeners = {
	delete: withContainers((state, workingDirectory) => {
		if (state.pane === 'containers') return containersAction('remove')(state, workingDirectory);
		if (state.pane !== 'images') return null;
		const targets = markedImageTargets(state);
		if (targets.length === 0) return null;
		const title = `Delete ${targets.length} reference${targets.length === 1 ? '' : 's'}${state.views.images.marks.size > 0 ? ' (marked)' : ''}`;
		return openDelete(state, title, targets);
	}),
	details: state => {
		if (state.pane === 'containers') return jumpToImage(state);
		if (state.pane === 'registries') {
			const registry = cursorRegistry(state);
			return registry ? browseDialog(registry.server) : null;
		}
		if (state.pane !== 'images') return null;
		const target = cursorImageTarget(state);
		return target ? detailsDialog(target.imageId) : null;
	},
	image: state => (state.pane === 'containers' ? jumpToImage(state) : null),
	stop: containersAction('stop'),
	start: containersAction('start'),
	housekeeping: inImages(withContainers(state => stay({kind: 'housekeeping', choice: 0, keep: state.defaultKeep}, {type: 'measure-disk'}))),
	tag: inImages(state => {
		const sources = markedImageTargets(state).map(target => ({imageId: target.imageId, reference: target.reference ?? shortId(target.imageId)}));
		return sources.length > 0 ? stay(tagDialog(sources, selectRepositories(state.images))) : null;
	}),
	untag: inImages(
		withContainers(state => {
			const target = cursorImageTarget(state);
			if (target?.reference) return openDelete(state, `Untag ${target.reference}`, [target]);
			return errorMessage('this row has no tag to remove');
		}),
	),
	versions: inImages(withContainers(state => stay(versionsDialog(state)))),
	push: inImages(state => {
		const targets = markedImageTargets(state).flatMap(target => (target.reference ? [{imageId: target.imageId, reference: target.reference}] : []));
		if (targets.length === 0) return errorMessage('an untagged image cannot be pushed: tag it first (t)');
		return startPush(targets);
	}),
	release: inImages((state, workingDirectory) => {
		const target = cursorImageTarget(state);
		if (!target?.reference) return errorMessage('release starts from a tagged version: put the cursor on one');
		const {repository, tag} = splitRepoTag(target.reference);
		return stay(releaseFrom(state, repository, tag, target.imageId, workingDirectory));
	}),
	build: inImages((state, workingDirectory) => {
		const target = cursorImageTarget(state);
		const repository = target?.reference ? splitRepoTag(target.reference).repository : null;
		return stay(buildDialog(workingDirectory, repository, selectRepositories(state.images)));
	}),
	login: state => {
		if (state.pane !== 'registries') return null;
		const registry = cursorRegistry(state);
		return stay(loginDialog(registry?.server ?? '', registry?.user ?? ''));
	},
	logout: state => {
		const registry = cursorRegistry(state);
		if (!registry) return null;
		if (!registry.user && !registry.store.startsWith('helper')) return errorMessage(`no credential stored for ${registry.server}`);
		return stay(logoutDialog(registry));
	},
	pull: () => stay(pullDialog()),
	operations: () => stay({kind: 'operations', cursor: 0}),
	contexts: () => contextsDialog(),
	'fleet-detail': state => openFleetFlow(state, 'fleet-detail'),
	'fleet-refresh': state => openFleetFlow(state, 'fleet-refresh'),
	'fleet-keep': state => openFleetFlow(state, 'fleet-keep'),
} satisfies Record<string, Opener>;

/** The names of the flows a key can open. */
export type OpenFlow = keyof typeof flowOpeners;

export function openFlow(state: State, flow: OpenFlow, workingDirectory = '.'): Opened {
	return flowOpeners[flow](state, workingDirectory);
}
