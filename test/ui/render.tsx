// Renders the App on a fake terminal of a fixed size with a store built from plain data.
import {render} from 'ink-testing-library';
import type {ImageJobs} from '../../source/services/image-jobs';
import type {RegistryActions} from '../../source/services/registries';
import type {TransferActions} from '../../source/services/transfers';
import type {ReleaseActions} from '../../source/services/release';
import type {FleetActions} from '../../source/services/fleet';
import {initialState} from '../../source/state/reducer';
import type {Store} from '../../source/state/store';
import {createAppStore} from '../../source/ui/dialogs/dialog-table';
import type {Action} from '../../source/state/types';
import {App} from '../../source/ui/app';
import {AppContext, type EngineService} from '../../source/ui/store-context';
import {createTheme} from '../../source/ui/theme';
import {containers, images, now} from '../fixtures/scene';

export function renderApp(options: {columns?: number; rows?: number; actions?: Action[]; fleet?: (store: Store) => FleetActions; engines?: (store: Store) => EngineService} = {}) {
	const size = {columns: options.columns ?? 100, rows: options.rows ?? 24};
	const store: Store = createAppStore(initialState({host: 'unix:///test.sock', ...size, now}));
	for (const action of options.actions ?? []) store.dispatch(action);
	const quits: number[] = [];
	// The engine side is recorded, not run: UI tests check what the UI asks for.
	const calls: {name: string; argument?: unknown}[] = [];
	const imageJobs: ImageJobs = {
		runRemoval: plan => void calls.push({name: 'runRemoval', argument: plan}),
		loadHistory: imageId => void calls.push({name: 'loadHistory', argument: imageId}),
		loadPlatform: imageId => void calls.push({name: 'loadPlatform', argument: imageId}),
		loadLayers: targets => void calls.push({name: 'loadLayers', argument: targets}),
		runContainerAction: (action, containers, forced) => void calls.push({name: 'runContainerAction', argument: {action, containers, forced}}),
		runTag: (sources, target) => void calls.push({name: 'runTag', argument: {sources, target}}),
		measureDisk: () => void calls.push({name: 'measureDisk'}),
		pruneBuildCache: prune => void calls.push({name: 'pruneBuildCache', argument: prune}),
		readLayers: imageId => void calls.push({name: 'readLayers', argument: imageId}),
		readDiff: (before, after) => void calls.push({name: 'readDiff', argument: {before, after}}),
		cancelLayers: () => void calls.push({name: 'cancelLayers'}),
	};
	const registries: RegistryActions = {
		open: () => void calls.push({name: 'refreshRegistries'}),
		login: (server, username) => void calls.push({name: 'login', argument: {server, username}}),
		logout: server => void calls.push({name: 'logout', argument: server}),
		loadRepositories: (server, refresh) => void calls.push({name: 'loadRepositories', argument: {server, refresh}}),
		loadTags: (server, repository, refresh) => void calls.push({name: 'loadTags', argument: {server, repository, refresh}}),
		verifyRemotePlan: (server, plan) => void calls.push({name: 'verifyRemotePlan', argument: {server, plan}}),
		deleteRemotePlan: (server, plan) => void calls.push({name: 'deleteRemotePlan', argument: {server, plan}}),
		loadIndexPlatforms: imageId => void calls.push({name: 'loadIndexPlatforms', argument: imageId}),
	};
	const transfers: TransferActions = {
		push: targets => void calls.push({name: 'push', argument: targets}),
		pull: reference => void calls.push({name: 'pull', argument: reference}),
		pullSuggestions: repository => void calls.push({name: 'pullSuggestions', argument: repository}),
		build: (context, dockerfile, reference) => void calls.push({name: 'build', argument: {context, dockerfile, reference}}),
		cancel: id => void calls.push({name: 'cancelOperation', argument: id}),
	};
	const release: ReleaseActions = {run: (job, from) => void calls.push({name: 'release', argument: {job, from}})};
	const fleet: FleetActions = options.fleet?.(store) ?? {
		open: () => void calls.push({name: 'openFleet'}),
		refresh: () => void calls.push({name: 'refreshFleet'}),
		runKeep: plans => void calls.push({name: 'runFleetKeep', argument: plans}),
	};
	const engines: EngineService = options.engines?.(store) ?? {
		loadContexts: () => void calls.push({name: 'loadContexts'}),
		switchEngine: (context, endOperations) => void calls.push({name: 'switchEngine', argument: {context, endOperations}}),
	};
	const services = {retry: () => undefined, quit: (code?: number) => void quits.push(code ?? 0), imageJobs, registries, transfers, release, fleet, engines};
	const instance = render(
		<AppContext.Provider value={{store, theme: createTheme({NO_COLOR: '1'}), services}}>
			<App size={size} />
		</AppContext.Provider>,
	);
	return {...instance, store, quits, calls};
}

/** Lets React and Ink flush after input. */
export const settle = () => new Promise(resolve => setImmediate(resolve));

/** The engine answering with the fixture scene: what most UI tests start from. */
export const connected = [
	{type: 'connected', host: 'unix:///test.sock', engineVersion: '20.10.24', apiVersion: '1.41', images: [], containers: []} as const,
	{type: 'lists', images, containers} as const,
] as const;

/** Types keys one read at a time, each drawn before the next. */
export async function press(app: ReturnType<typeof renderApp>, ...keys: string[]): Promise<void> {
	for (const key of keys) {
		app.stdin.write(key);
		await settle();
	}
}
