import {createContext, useContext, useSyncExternalStore} from 'react';
import type {ImageJobs} from '../services/image-jobs';
import type {RegistryActions} from '../services/registries';
import type {TransferActions} from '../services/transfers';
import type {ReleaseActions} from '../services/release';
import type {FleetActions} from '../services/fleet';
import type {Store} from '../state/store';
import type {State} from '../state/types';
import type {Theme} from './theme';

export type AppServices = {
	retry: () => void;
	quit: (code?: number) => void;
	imageJobs: ImageJobs;
	registries: RegistryActions;
	transfers: TransferActions;
	release: ReleaseActions;
	fleet: FleetActions;
	/** The context switcher's list, and switching every pane to another engine. */
	engines: EngineService;
};

export type EngineService = {
	readonly loadContexts: () => void;
	readonly switchEngine: (context: string, endOperations?: boolean) => void;
};

export type AppContextValue = {store: Store; theme: Theme; services: AppServices};

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
	const value = useContext(AppContext);
	if (!value) throw new Error('AppContext is missing');
	return value;
}

/** Reads a slice of the store; the component re-renders only when that slice changes. */
export function useStoreState<T>(select: (state: State) => T): T {
	const {store} = useApp();
	return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}
