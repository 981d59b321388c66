import {PassThrough} from 'node:stream';
import type {EngineClient} from '../../source/engine/connect';
import {afterEach, expect, test, vi} from 'vitest';
import {startEventSync, type EventSync} from '../../source/services/event-sync';
import {initialState} from '../../source/state/reducer';
import {createAppStore} from '../../source/ui/dialogs/dialog-table';

/** Just enough of dockerode for the event sync: event streams the test writes to and ends, counted calls. */
function fakeDocker() {
	let stream = new PassThrough();
	const calls = {images: 0, containers: 0, df: 0, events: [] as {since?: number}[]};
	const docker = {
		getEvents: async (options: {since?: number}) => {
			calls.events.push(options);
			stream = new PassThrough();
			return stream;
		},
		listImages: async () => {
			calls.images++;
			return [];
		},
		listContainers: async () => {
			calls.containers++;
			return [];
		},
		df: async () => {
			calls.df++;
			return {Images: [], Containers: [], LayersSize: 1234};
		},
	} as unknown as EngineClient;
	const emit = (count: number, action = 'delete') => {
		for (let i = 0; i < count; i++) stream.write(`${JSON.stringify({Type: 'image', Action: action, Actor: {ID: `sha256:${i}`}, time: 1})}\n`);
	};
	// Consumed: the sync has read every event written so far.
	const consumed = () => stream.readableLength === 0 && stream.writableLength === 0;
	/** The engine ends the current stream, as when it restarts. */
	const breakStream = () => stream.end();
	return {docker, calls, emit, consumed, breakStream};
}

const newStore = () => createAppStore(initialState({host: 'h', columns: 80, rows: 24, now: 0}));

/** Waits for `condition` to hold (vitest polls it), failing with `what` after 5 s. */
const until = (condition: () => boolean, what: string) =>
	vi.waitFor(
		() => {
			if (!condition()) throw new Error(`timed out: ${what}`);
		},
		{timeout: 5000, interval: 5},
	);

let sync: EventSync | null = null;
afterEach(() => sync?.stop());

test('a burst of 1,000 events costs a handful of re-lists, not 1,000', async () => {
	const {docker, calls, emit} = fakeDocker();
	const store = newStore();
	sync = startEventSync(docker, store, {minIntervalMs: 100, diskDelayMs: 10_000});
	await until(() => calls.images === 1, 'the re-list on open');
	emit(1000);
	await until(() => calls.images >= 2, 'a re-list after the burst');
	await sync.relistNow();
	expect(calls.images).toBeLessThanOrEqual(4);
	expect(store.getState().live).toBe('live');
});

test('held re-lists wait for the release, then run once', async () => {
	const {docker, calls, emit, consumed} = fakeDocker();
	const store = newStore();
	sync = startEventSync(docker, store, {minIntervalMs: 1, diskDelayMs: 10_000});
	await until(() => calls.images === 1, 'the re-list on open');
	const release = sync.hold();
	emit(50);
	// While held, handling an event schedules nothing, so once all are read no re-list can follow.
	await until(consumed, 'the events to be read');
	expect(calls.images).toBe(1);
	release();
	await until(() => calls.images === 2, 'one re-list after the release');
	expect(calls.containers).toBe(2);
});

test('with `since`, the first stream replays from then and nothing is re-listed until an event comes', async () => {
	const {docker, calls, emit, consumed} = fakeDocker();
	const store = newStore();
	sync = startEventSync(docker, store, {minIntervalMs: 1, since: 1_700_000_000.7});
	await until(() => store.getState().live === 'live', 'the stream to open');
	expect(calls.events).toEqual([expect.objectContaining({since: 1_700_000_000})]);
	// A re-list on open would have started before this event, which changes no list, is read.
	emit(1, 'exec_start');
	await until(consumed, 'the stream to be read');
	expect(calls.images).toBe(0);
	emit(1);
	await until(() => calls.images === 1, 'one re-list for the replayed event');
	expect(calls.containers).toBe(1);
});

test('after a break the stream reopens without `since` and re-lists: events in the gap are lost', async () => {
	const {docker, calls, breakStream} = fakeDocker();
	const store = newStore();
	sync = startEventSync(docker, store, {minIntervalMs: 1, since: 1_700_000_000});
	await until(() => calls.events.length === 1 && store.getState().live === 'live', 'the first stream');
	breakStream();
	await until(() => calls.events.length === 2 && calls.images === 1, 'the reconnect and its re-list');
	expect(calls.events[1]).not.toHaveProperty('since');
	expect(store.getState().live).toBe('live');
});

test('disk figures: never asked at start or for events alone; asked once on demand, then kept fresh after re-lists', async () => {
	const {docker, calls, emit} = fakeDocker();
	const store = newStore();
	sync = startEventSync(docker, store, {minIntervalMs: 1, diskDelayMs: 1});
	await until(() => calls.images === 1, 'the re-list on open');
	emit(1);
	await until(() => calls.images === 2, 'the re-list for an event');
	// A disk query would have followed each re-list 1 ms later; one more re-list proves time passed.
	await sync.relistNow();
	expect(calls.df).toBe(0);
	expect(store.getState().disk).toBeNull();
	const [first, second] = await Promise.all([sync.measureDisk(), sync.measureDisk()]);
	expect(calls.df).toBe(1);
	expect(first?.imagesBytes).toBe(1234);
	expect(second).toBe(first);
	expect(store.getState().disk?.imagesBytes).toBe(1234);
	// Known: asking again costs the engine nothing.
	await sync.measureDisk();
	expect(calls.df).toBe(1);
	emit(1);
	await until(() => calls.df === 2, 'a fresh measurement after the next re-list');
});
