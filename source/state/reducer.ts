// The one pure reducer: (state, action) → state. It never awaits and never talks to the engine.
// A service's report to a dialog is not its: the store sends it through the flows it was given.
import {reportedBuildCache} from '../domain/build-cache';
import type {ContainerInfo, ImageInfo} from '../domain/types';
import type {Action, ListPane, ListView, State} from './types';
import {sameContainers, sameImages} from './same-lists';
import {reduceFleet} from './fleet';
import {loginToPush} from './flows/registries';
import {operationDialog} from './flows/transfers';
import {confirmSwitch} from './flows/contexts';
import {cursorIndex, listHeight, selectAllContainerRows, selectAllImageRows, selectRowKeys, steppedPane} from './selectors';

const emptyView: ListView = {cursor: null, top: 0, filter: '', filtering: false, sortIndex: 0, marks: new Set()};

export function initialState(options: {host: string; columns: number; rows: number; now: number}): State {
	return {
		connection: {status: 'connecting', host: options.host},
		listed: false,
		containersListed: false,
		images: [],
		containers: [],
		registries: [],
		configPath: '',
		disk: null,
		live: 'off',
		pane: 'images',
		showAll: false,
		views: {images: emptyView, containers: emptyView, registries: emptyView, fleet: emptyView},
		fleet: null,
		registryChecks: new Map(),
		protect: [],
		rateLimits: new Map(),
		syncStatus: new Map(),
		help: false,
		dialog: null,
		viewport: {columns: options.columns, rows: options.rows},
		now: options.now,
		message: null,
		operations: [],
		defaultKeep: 2,
	};
}

function activeListPane(state: State): ListPane | null {
	return state.pane;
}

function withView(state: State, pane: ListPane, view: ListView): State {
	return {...state, views: {...state.views, [pane]: view}};
}

/** Keeps the cursor inside the window of shown rows and the window inside the list. */
function scrolled(state: State, pane: ListPane, view: ListView): ListView {
	const rows = selectRowKeys({...state, views: {...state.views, [pane]: view}}, pane);
	const height = listHeight(state);
	const index = cursorIndex(rows, view);
	let top = Math.min(view.top, Math.max(0, rows.length - height));
	if (index < top) top = index;
	if (index >= top + height) top = index - height + 1;
	top = Math.max(0, top);
	return top === view.top ? view : {...view, top};
}

function moveTo(state: State, pane: ListPane, index: number): State {
	const rows = selectRowKeys(state, pane);
	if (rows.length === 0) return state;
	const clamped = Math.max(0, Math.min(rows.length - 1, index));
	const view = {...state.views[pane], cursor: rows[clamped]!.key};
	return withView(state, pane, scrolled(state, pane, view));
}

/** `action.containers` absent: the images alone, the containers still being listed. */
function reconcileLists(state: State, action: {images: readonly ImageInfo[]; containers?: readonly ContainerInfo[]}): State {
	// A re-list that finds nothing new keeps the old arrays, so nothing downstream recomputes or redraws.
	const images = sameImages(state.images, action.images) ? state.images : action.images;
	const containers = !action.containers || sameContainers(state.containers, action.containers) ? state.containers : action.containers;
	const containersListed = action.containers !== undefined || state.containersListed;
	if (state.listed && containersListed === state.containersListed && images === state.images && containers === state.containers) return state;
	const next: State = {...state, images, containers, listed: true, containersListed};
	const allKeys = (s: State, pane: ListPane) => new Set((pane === 'images' ? selectAllImageRows(s) : selectAllContainerRows(s)).map(row => row.key));
	let result = next;
	for (const pane of ['images', 'containers'] as const) {
		const before = state.views[pane];
		const oldRows = selectRowKeys(state, pane);
		const newRows = selectRowKeys(next, pane);
		const oldIndex = cursorIndex(oldRows, before);
		const survives = before.cursor !== null && newRows.some(row => row.key === before.cursor);
		// The cursor stays on its row; when that row vanished it stays at the same height.
		const cursor = survives ? before.cursor : (newRows[Math.min(oldIndex, newRows.length - 1)]?.key ?? null);
		const existing = allKeys(next, pane);
		const marks = [...before.marks].filter(key => existing.has(key));
		const view = {...before, cursor, marks: marks.length === before.marks.size ? before.marks : new Set(marks)};
		result = withView(result, pane, scrolled(result, pane, view));
	}
	return result;
}

function updateListView(state: State, change: (view: ListView, pane: ListPane) => ListView): State {
	const pane = activeListPane(state);
	if (!pane) return state;
	const view = change(state.views[pane], pane);
	return withView(state, pane, scrolled(state, pane, view));
}

export function reducer(state: State, action: Action): State {
	switch (action.type) {
		case 'connecting':
			if (state.connection.status === 'connecting' && state.connection.host === action.host && state.connection.listing === action.listing) return state;
			return {...state, connection: action.listing ? {status: 'connecting', host: action.host, listing: true} : {status: 'connecting', host: action.host}};
		case 'connected':
			// One action for the connection and its first lists: one frame, not two.
			return reconcileLists(
				{
					...state,
					// A reconnect whose containers are still coming: the ones listed before may be stale.
					containersListed: action.containers ? state.containersListed : false,
					connection: {status: 'ready', host: action.host, engineVersion: action.engineVersion, apiVersion: action.apiVersion, product: action.product},
				},
				{images: action.images, containers: action.containers},
			);
		case 'connection-failed':
			return {...state, live: 'off', connection: {status: 'down', host: action.host, error: action.error, hint: action.hint}};
		case 'lists':
			return reconcileLists(state, action);
		case 'containers':
			// Older than what a re-list brought since, or from an engine no longer in use.
			if (state.containersListed || !state.listed) return state;
			return reconcileLists(state, {images: state.images, containers: action.containers});
		case 'live':
			return state.live === action.status ? state : {...state, live: action.status};
		case 'disk': {
			const product = state.connection.status === 'ready' ? state.connection.product : undefined;
			return {...state, disk: {...action.disk, buildCache: reportedBuildCache(action.disk.buildCache, product)}};
		}
		case 'registries': {
			const next = {...state, registries: action.registries, configPath: action.configPath};
			return withView(next, 'registries', scrolled(next, 'registries', next.views.registries));
		}
		case 'registry-rate-limit': {
			const rateLimits = new Map(state.rateLimits);
			rateLimits.set(action.server, action.rateLimit);
			return {...state, rateLimits};
		}
		case 'settings': {
			const sorted = action.imageSortIndex === undefined ? state : withView(state, 'images', {...state.views.images, sortIndex: action.imageSortIndex});
			return {...sorted, protect: action.protect, defaultKeep: action.keep ?? state.defaultKeep};
		}
		case 'engine-switch':
			// Sorts are the user's choice, not the engine's: they stay; rows, marks and filters go.
			return {
				...state,
				connection: {status: 'connecting', host: action.host},
				listed: false,
				containersListed: false,
				images: [],
				containers: [],
				disk: null,
				live: 'off',
				showAll: false,
				syncStatus: new Map(),
				views: {
					...state.views,
					images: {...emptyView, sortIndex: state.views.images.sortIndex},
					containers: {...emptyView, sortIndex: state.views.containers.sortIndex},
				},
				help: false,
				dialog: null,
				message: {kind: 'info', text: action.message},
			};
		case 'registry-check': {
			const checks = new Map(state.registryChecks);
			checks.set(action.server, action.check);
			return {...state, registryChecks: checks};
		}
		case 'sync-status':
			return {...state, syncStatus: action.entries};
		case 'resize': {
			if (state.viewport.columns === action.columns && state.viewport.rows === action.rows) return state;
			const resized = {...state, viewport: {columns: action.columns, rows: action.rows}};
			return withView(withView(resized, 'images', scrolled(resized, 'images', resized.views.images)), 'containers', scrolled(resized, 'containers', resized.views.containers));
		}
		case 'tick':
			return {...state, now: action.now};
		case 'pane':
			return state.pane === action.pane ? state : {...state, pane: action.pane, help: false};
		case 'pane-step':
			return {...state, pane: steppedPane(state.pane, action.step)};
		case 'move': {
			const pane = activeListPane(state);
			if (!pane) return state;
			return moveTo(state, pane, cursorIndex(selectRowKeys(state, pane), state.views[pane]) + action.delta);
		}
		case 'move-to': {
			const pane = activeListPane(state);
			if (!pane) return state;
			return moveTo(state, pane, action.where === 'first' ? 0 : selectRowKeys(state, pane).length - 1);
		}
		case 'page': {
			const pane = activeListPane(state);
			if (!pane) return state;
			const step = Math.max(1, Math.floor(listHeight(state) * action.fraction)) * action.direction;
			return moveTo(state, pane, cursorIndex(selectRowKeys(state, pane), state.views[pane]) + step);
		}
		case 'filter-start':
			return updateListView(state, view => ({...view, filtering: true}));
		case 'filter-input':
			return updateListView(state, view => ({...view, filter: action.text, cursor: null, top: 0}));
		case 'filter-accept':
			return updateListView(state, view => ({...view, filtering: false}));
		case 'filter-cancel':
			return updateListView(state, view => ({...view, filtering: false, filter: '', cursor: view.cursor}));
		case 'sort-cycle':
			return updateListView(state, view => ({...view, sortIndex: view.sortIndex + 1}));
		case 'toggle-all': {
			if (state.pane !== 'images') return state;
			const toggled = {...state, showAll: !state.showAll};
			return withView(toggled, 'images', scrolled(toggled, 'images', toggled.views.images));
		}
		case 'mark-toggle': {
			const pane = activeListPane(state);
			if (!pane) return state;
			const rows = selectRowKeys(state, pane);
			const index = cursorIndex(rows, state.views[pane]);
			const row = rows[index];
			if (!row) return state;
			const marks = new Set(state.views[pane].marks);
			if (marks.has(row.key)) marks.delete(row.key);
			else marks.add(row.key);
			// Marking moves on, as in file managers, so space can be held down over several rows.
			return moveTo(withView(state, pane, {...state.views[pane], marks}), pane, index + 1);
		}
		case 'mark-visible':
			return updateListView(state, (view, pane) => {
				const marks = new Set(view.marks);
				for (const row of selectRowKeys(state, pane)) marks.add(row.key);
				return {...view, marks};
			});
		case 'mark-clear':
			return updateListView(state, view => (view.marks.size === 0 ? view : {...view, marks: new Set()}));
		case 'help':
			return state.help === action.open ? state : {...state, help: action.open};
		case 'dialog-open':
			return {...state, dialog: action.dialog, help: false};
		case 'dialog-close':
			// A dialog's help goes with it.
			return state.dialog ? {...state, dialog: null, help: false} : state;
		case 'show-operation':
			return {...state, dialog: operationDialog(action.id), help: false};
		case 'confirm-switch':
			return {...state, dialog: confirmSwitch(action.name, action.active), help: false};
		case 'push-unauthorized':
			return {...state, dialog: loginToPush(action.server, action.message, action.target), help: false};
		case 'focus-image': {
			const withImages: State = {...state, pane: 'images', views: {...state.views, images: {...state.views.images, filter: '', filtering: false}}};
			const index = selectRowKeys(withImages, 'images').findIndex(row => row.key.startsWith(`${action.imageId}|`));
			if (index < 0) return {...withImages, message: {kind: 'error', text: 'its image is not in the list (untagged or removed)'}};
			return moveTo(withImages, 'images', index);
		}
		case 'message':
			return {...state, message: action.message};
		case 'operation-add':
			return {...state, operations: [...state.operations, action.operation]};
		case 'operation-update': {
			const index = state.operations.findIndex(operation => operation.id === action.id);
			if (index < 0) return state;
			return {...state, operations: state.operations.map((operation, at) => (at === index ? {...operation, ...action.patch} : operation))};
		}
		case 'fleet-start':
		case 'fleet-engine': {
			const fleet = reduceFleet(state.fleet, action);
			if (fleet === state.fleet) return state;
			const next = {...state, fleet};
			return withView(next, 'fleet', scrolled(next, 'fleet', next.views.fleet));
		}
	}
}
