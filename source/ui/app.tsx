import {useEffect} from 'react';
import {Box, Text, useInput, useStdout, type Key} from 'ink';
import {containersDialog, deleteDialog, markedContainers, markedImageTargets} from '../state/dialogs';
import type {Dialog} from '../state/types';
import {ContainersFlow, handleContainersKey} from './flows/containers-flow';
import {DeleteFlow, handleDeleteKey} from './flows/delete-flow';
import {DetailsView, handleDetailsKey} from './flows/details-view';
import {HousekeepingMenu, handleHousekeepingKey} from './flows/housekeeping-menu';
import {ConnectionScreen} from './components/connection-screen';
import {Header} from './components/header';
import {Help} from './components/help';
import {StatusLine} from './components/status-line';
import {commandForKey, type Flow} from './keymap';
import {shortId} from '../domain/format';
import {buildVersionRows} from '../domain/version-rows';
import {handleTagKey, tagDialog, TagFlow} from './flows/tag-flow';
import {handleVersionsKey, selectableIndex, VersionsView} from './flows/versions-view';
import {splitKeys} from './key-split';
import {ContainersPane} from './panes/containers-pane';
import {ImagesPane} from './panes/images-pane';
import {RegistriesPane} from './panes/registries-pane';
import {useApp, useStoreState} from './store-context';

export const minColumns = 60;
export const minRows = 12;

/** Follows the terminal's size; tests pass a fixed size instead. */
function useViewport(fixed: {columns: number; rows: number} | undefined) {
	const {store} = useApp();
	const {stdout} = useStdout();
	useEffect(() => {
		if (fixed) {
			store.dispatch({type: 'resize', ...fixed});
			return;
		}
		const update = () => store.dispatch({type: 'resize', columns: stdout.columns || 80, rows: stdout.rows || 24});
		update();
		stdout.on('resize', update);
		return () => {
			stdout.off('resize', update);
		};
	}, [store, stdout, fixed?.columns, fixed?.rows]);
}

/** Advances the clock for ages once a minute, on the minute. */
function useMinuteClock() {
	const {store} = useApp();
	useEffect(() => {
		let timer: NodeJS.Timeout;
		const schedule = () => {
			timer = setTimeout(() => {
				store.dispatch({type: 'tick', now: Date.now()});
				schedule();
			}, 60_000 - (Date.now() % 60_000));
		};
		schedule();
		return () => clearTimeout(timer);
	}, [store]);
}

function useKeys() {
	const {store, services} = useApp();
	const openDelete = () => {
		const state = store.getState();
		const targets = markedImageTargets(state);
		if (targets.length === 0) return;
		const title = `Delete ${targets.length} reference${targets.length === 1 ? '' : 's'}${state.views.images.marks.size > 0 ? ' (marked)' : ''}`;
		store.dispatch({type: 'dialog-open', dialog: deleteDialog(state, title, targets)});
		services.actions.loadUniqueSizes();
	};
	const openDetails = (imageId: string) => {
		store.dispatch({type: 'dialog-open', dialog: {kind: 'details', imageId, history: null, error: null, scroll: 0}});
		services.actions.loadHistory(imageId);
	};
	const openFlow = (flow: Flow) => {
		const state = store.getState();
		if (state.pane === 'images') {
			const current = () => markedImageTargets({...state, views: {...state.views, images: {...state.views.images, marks: new Set()}}})[0];
			if (flow === 'delete') openDelete();
			else if (flow === 'tag') {
				const sources = markedImageTargets(state).map(target => ({imageId: target.imageId, reference: target.reference ?? shortId(target.imageId)}));
				if (sources.length > 0) store.dispatch({type: 'dialog-open', dialog: tagDialog(sources, state.images)});
			} else if (flow === 'untag') {
				const target = current();
				if (target?.reference) store.dispatch({type: 'dialog-open', dialog: deleteDialog(state, `Untag ${target.reference}`, [target])});
				else store.dispatch({type: 'message', message: {kind: 'error', text: 'this row has no tag to remove'}});
				if (target?.reference) services.actions.loadUniqueSizes();
			} else if (flow === 'versions') {
				const rows = buildVersionRows(state.images, state.containers);
				store.dispatch({type: 'dialog-open', dialog: {kind: 'versions', cursor: selectableIndex(rows, -1, 1)}});
			}
			else if (flow === 'housekeeping') store.dispatch({type: 'dialog-open', dialog: {kind: 'housekeeping', choice: 0, keep: 2}});
			else if (flow === 'details') {
				const target = current();
				if (target) openDetails(target.imageId);
			}
			return;
		}
		if (state.pane !== 'containers') return;
		if (flow === 'details' || flow === 'image') {
			const [container] = markedContainers({...state, views: {...state.views, containers: {...state.views.containers, marks: new Set()}}});
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
		else if (dialog.kind === 'housekeeping') handleHousekeepingKey(input, key, dialog, store, services.actions.loadUniqueSizes);
		else if (dialog.kind === 'tag') handleTagKey(input, key, dialog, store, services.actions);
		else if (dialog.kind === 'versions')
			handleVersionsKey(input, key, dialog, store, {
				tag: row => store.dispatch({type: 'dialog-open', dialog: tagDialog([{imageId: row.imageId, reference: `${row.repository}:${row.tag}`}], store.getState().images)}),
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
		else if (command.type === 'retry') return;
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

function DialogView({dialog, height, width}: {readonly dialog: Dialog; readonly height: number; readonly width: number}) {
	if (dialog.kind === 'delete') return <DeleteFlow dialog={dialog} height={height} width={width} />;
	if (dialog.kind === 'details') return <DetailsView dialog={dialog} height={height} />;
	if (dialog.kind === 'housekeeping') return <HousekeepingMenu dialog={dialog} height={height} />;
	if (dialog.kind === 'tag') return <TagFlow dialog={dialog} height={height} />;
	if (dialog.kind === 'versions') return <VersionsView dialog={dialog} height={height} />;
	return <ContainersFlow dialog={dialog} height={height} />;
}

export function App({size}: {readonly size?: {columns: number; rows: number}}) {
	useViewport(size);
	useMinuteClock();
	useKeys();
	const viewport = useStoreState(state => state.viewport);
	const connection = useStoreState(state => state.connection);
	const pane = useStoreState(state => state.pane);
	const help = useStoreState(state => state.help);
	const dialog = useStoreState(state => state.dialog);
	if (viewport.columns < minColumns || viewport.rows < minRows) {
		return (
			<Box flexDirection="column">
				<Text>{`Terminal too small: ${viewport.columns}x${viewport.rows}.`}</Text>
				<Text>{`dockswab needs at least ${minColumns}x${minRows}; q quits.`}</Text>
			</Box>
		);
	}
	// One line less than the terminal: a frame as tall as the terminal makes Ink clear and redraw it all.
	const height = viewport.rows - 1;
	if (connection.status !== 'ready') return <ConnectionScreen connection={connection} height={height} />;
	return (
		<Box flexDirection="column" height={height} width={viewport.columns}>
			<Header />
			{dialog ? (
				<DialogView dialog={dialog} height={height - 4} width={viewport.columns} />
			) : help ? (
				<Help height={height - 4} />
			) : pane === 'images' ? (
				<ImagesPane />
			) : pane === 'containers' ? (
				<ContainersPane />
			) : (
				<RegistriesPane />
			)}
			<StatusLine />
		</Box>
	);
}
