// Keys → actions: the key table for the panes, and each open dialog's own keys.
import {useInput, type Key} from 'ink';
import {shortId} from '../domain/format';
import {containersDialog, cursorContainer, cursorImageTarget, deleteDialog, markedContainers, markedImageTargets} from '../state/dialogs';
import {handleContainersKey} from './flows/containers-flow';
import {handleDeleteKey} from './flows/delete-flow';
import {handleDetailsKey} from './flows/details-view';
import {handleHousekeepingKey} from './flows/housekeeping-menu';
import {handleTagKey, tagDialog} from './flows/tag-flow';
import {handleVersionsKey, selectableIndex} from './flows/versions-view';
import {splitKeys} from './key-split';
import {commandForKey, type Flow} from './keymap';
import {selectRepositories, selectVersionRows} from '../state/selectors';
import {useApp} from './store-context';

export function useKeys() {
	const {store, services} = useApp();
	const openDelete = () => {
		const state = store.getState();
		const targets = markedImageTargets(state);
		if (targets.length === 0) return;
		const title = `Delete ${targets.length} reference${targets.length === 1 ? '' : 's'}${state.views.images.marks.size > 0 ? ' (marked)' : ''}`;
		store.dispatch({type: 'dialog-open', dialog: deleteDialog(state, title, targets)});
	};
	const openDetails = (imageId: string) => {
		store.dispatch({type: 'dialog-open', dialog: {kind: 'details', imageId, history: null, error: null, scroll: 0}});
		services.actions.loadHistory(imageId);
	};
	const openFlow = (flow: Flow) => {
		const state = store.getState();
		if (state.pane === 'images') {
			if (flow === 'delete') openDelete();
			else if (flow === 'tag') {
				const sources = markedImageTargets(state).map(target => ({imageId: target.imageId, reference: target.reference ?? shortId(target.imageId)}));
				if (sources.length > 0) store.dispatch({type: 'dialog-open', dialog: tagDialog(sources, selectRepositories(state.images))});
			} else if (flow === 'untag') {
				const target = cursorImageTarget(state);
				if (target?.reference) store.dispatch({type: 'dialog-open', dialog: deleteDialog(state, `Untag ${target.reference}`, [target])});
				else store.dispatch({type: 'message', message: {kind: 'error', text: 'this row has no tag to remove'}});
			} else if (flow === 'versions') {
				const rows = selectVersionRows(state.images, state.containers);
				store.dispatch({type: 'dialog-open', dialog: {kind: 'versions', cursor: selectableIndex(rows, -1, 1)}});
			}
			else if (flow === 'housekeeping') store.dispatch({type: 'dialog-open', dialog: {kind: 'housekeeping', choice: 0, keep: 2}});
			else if (flow === 'details') {
				const target = cursorImageTarget(state);
				if (target) openDetails(target.imageId);
			}
			return;
		}
		if (state.pane !== 'containers') return;
		if (flow === 'details' || flow === 'image') {
			const container = cursorContainer(state);
			if (container) store.dispatch({type: 'focus-image', imageId: container.imageId});
			return;
		}
		const action = flow === 'delete' ? 'remove' : flow === 'stop' ? 'stop' : flow === 'start' ? 'start' : null;
		const containers = markedContainers(state);
		if (action && containers.length > 0) store.dispatch({type: 'dialog-open', dialog: containersDialog(action, containers)});
	};
	const handleDialogKey = (input: string, key: Key) => {
		const {dialog} = store.getState();
		if (!dialog) return;
		if (dialog.kind === 'delete') handleDeleteKey(input, key, dialog, store, services.actions);
		else if (dialog.kind === 'details') handleDetailsKey(input, key, dialog, store, openDelete);
		else if (dialog.kind === 'housekeeping') handleHousekeepingKey(input, key, dialog, store);
		else if (dialog.kind === 'tag') handleTagKey(input, key, dialog, store, services.actions);
		else if (dialog.kind === 'versions')
			handleVersionsKey(input, key, dialog, store, {
				tag: row => store.dispatch({type: 'dialog-open', dialog: tagDialog([{imageId: row.imageId, reference: `${row.repository}:${row.tag}`}], selectRepositories(store.getState().images))}),
				details: openDetails,
			});
		else handleContainersKey(input, key, dialog, store, services.actions);
	};
	const handle = (input: string, key: Key) => {
		// Ctrl-C is ours, not Ink's, so that the terminal is restored on the way out; 130 as a shell would report.
		if (key.ctrl && input === 'c') {
			services.quit(130);
			return;
		}
		const state = store.getState();
		if (state.dialog) {
			handleDialogKey(input, key);
			return;
		}
		if (state.help) {
			if (key.escape || input === '?' || input === 'q') store.dispatch({type: 'help', open: false});
			return;
		}
		if (state.connection.status !== 'ready') {
			if (input === 'q') services.quit();
			else if (input === 'r' && state.connection.status === 'down') services.retry();
			return;
		}
		const view = state.pane === 'registries' ? null : state.views[state.pane];
		if (view?.filtering) {
			if (key.return) store.dispatch({type: 'filter-accept'});
			else if (key.escape) store.dispatch({type: 'filter-cancel'});
			else if (key.backspace || key.delete) store.dispatch({type: 'filter-input', text: view.filter.slice(0, -1)});
			else if (input && !key.ctrl && !key.meta && input >= ' ') store.dispatch({type: 'filter-input', text: view.filter + input});
			return;
		}
		if (key.escape && view?.filter) {
			store.dispatch({type: 'filter-cancel'});
			return;
		}
		const command = commandForKey(input, key);
		if (!command) return;
		if (command.type === 'quit') services.quit();
		else if (command.type === 'flow') openFlow(command.flow);
		else {
			if (state.message) store.dispatch({type: 'message', message: null});
			store.dispatch(command);
		}
	};
	useInput((input, key) => {
		for (const [single, singleKey] of splitKeys(input, key)) handle(single, singleKey);
	});
}
