// Keeps the store in step with the engine: events → coalesced re-list → reconcile by ID.
import type {EngineClient} from '../engine/connect';
import {changesLists, watchEvents, type EngineEvent, type EventWatcher} from '../engine/events';
import {diskUsage, listAll} from '../engine/lists';
import {logError} from './log';
import type {Store} from '../state/store';
import type {DiskUsage} from '../domain/types';

export type EventSync = {
	stop: () => void;
	relistNow: () => Promise<void>;
	/**
	 * While held, events only note that a re-list is due: a bulk delete of 200 images would
	 * otherwise re-list the engine ten times a second while it works. Release re-lists once.
	 */
	hold: () => () => void;
	/**
	 * The engine's disk figures (`/system/df`), asked now unless known or on their way. They are
	 * never asked before this: at 10,000 images one answer costs the engine more than a second of
	 * CPU. From then on they are asked again after each re-list (debounced). Null when it failed.
	 */
	measureDisk: () => Promise<DiskUsage | null>;
	/** The disk figures asked now even when known: after work no event reports (a build cache prune). */
	refreshDisk: () => Promise<DiskUsage | null>;
};

export type EventSyncOptions = {
	/** Least time between two re-lists, so a burst of 1,000 events costs a handful of re-lists. */
	minIntervalMs?: number;
	/** Wait after a re-list before the disk figures, once wanted, are asked again. */
	diskDelayMs?: number;
	/** Every image event, for work that follows particular images (the sync status). */
	onImageEvent?: (event: EngineEvent) => void;
	/**
	 * Engine time (unix seconds) by which the store's lists were taken. The first stream replays
	 * events from then on, and only those trigger a re-list: a start with nothing happening asks
	 * for the lists once. Without it, the lists are taken again as soon as the stream is open.
	 */
	since?: number;
};

export function startEventSync(docker: EngineClient, store: Store, options: EventSyncOptions = {}): EventSync {
	const minInterval = options.minIntervalMs ?? 100;
	const diskDelay = options.diskDelayMs ?? 1500;
	let inFlight: Promise<void> | null = null;
	let pending = false;
	let lastStart = 0;
	let timer: NodeJS.Timeout | null = null;
	let diskTimer: NodeJS.Timeout | null = null;
	let stopped = false;
	let holds = 0;
	// Whether anyone asked for the disk figures yet; until then no re-list asks the engine for them.
	let diskWanted = false;
	let firstDisk: Promise<DiskUsage | null> | null = null;

	const askDisk = (): Promise<DiskUsage | null> =>
		diskUsage(docker).then(
			disk => {
				if (!stopped) store.dispatch({type: 'disk', disk});
				return disk;
			},
			(error: unknown) => {
				logError('disk usage', error);
				return null;
			},
		);

	const refreshDiskSoon = () => {
		if (!diskWanted) return;
		if (diskTimer) clearTimeout(diskTimer);
		diskTimer = setTimeout(() => {
			diskTimer = null;
			void askDisk();
		}, diskDelay);
	};

	const measureDisk = (): Promise<DiskUsage | null> => {
		diskWanted = true;
		const known = store.getState().disk;
		if (known) return Promise.resolve(known);
		// One first measurement at a time; after a failure the next caller asks again.
		firstDisk ??= askDisk().finally(() => {
			firstDisk = null;
		});
		return firstDisk;
	};

	const relist = (): Promise<void> => {
		lastStart = Date.now();
		pending = false;
		inFlight = listAll(docker)
			.then(lists => {
				if (!stopped) store.dispatch({type: 'lists', ...lists});
				refreshDiskSoon();
			})
			.catch((error: unknown) => logError('re-list', error))
			.finally(() => {
				inFlight = null;
				if (pending) schedule();
			});
		return inFlight;
	};

	const schedule = () => {
		pending = true;
		if (inFlight || timer || stopped || holds > 0) return;
		const wait = Math.max(0, lastStart + minInterval - Date.now());
		timer = setTimeout(() => {
			timer = null;
			void relist();
		}, wait);
	};

	const watcher: EventWatcher = watchEvents(
		docker,
		{
			onOpen(replaying) {
				store.dispatch({type: 'live', status: 'live'});
				if (!replaying) schedule();
			},
			onEvent(event) {
				// A push adds the pushed digest to the image's RepoDigests.
				if (changesLists(event) || (event.type === 'image' && event.action === 'push')) schedule();
				if (event.type === 'image') options.onImageEvent?.(event);
			},
			onBroken(error) {
				if (stopped) return;
				logError('event stream', error);
				store.dispatch({type: 'live', status: 'reconnecting'});
			},
		},
		{since: options.since},
	);

	return {
		stop() {
			stopped = true;
			watcher.stop();
			if (timer) clearTimeout(timer);
			if (diskTimer) clearTimeout(diskTimer);
		},
		hold() {
			holds++;
			let released = false;
			return () => {
				if (released) return;
				released = true;
				holds--;
				if (holds === 0 && pending) schedule();
			};
		},
		relistNow: async () => {
			if (inFlight) await inFlight;
			await relist();
		},
		measureDisk,
		refreshDisk: () => {
			diskWanted = true;
			return askDisk();
		},
	};
}
