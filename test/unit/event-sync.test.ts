import {PassThrough} from 'node:stream';
import type {EngineClient} from '../../source/engine/connect';
import {afterEach, expect, test, vi} from 'vitest';
import {startEventSync, type EventSync} from '../../source/services/event-sync';
import {initialState} from '../../source/state/reducer';
import {createStore} from '../../source/state/store';

/** Just enough of dockerode for the event sync: an event stream the test writes to, counted lists. */
function fakeDocker() {
	const stream = new PassThrough();
	const calls = {images: 0, containers: 0};
	const docker = {
		getEvents: async () => stream,
		listImages: async () => {
			calls.images++;
			return [];
		},
		listContainers: async () => {
			calls.containers++;
			return [];
		},
		df: async () => ({Images: [], Containers: [], LayersSize: 0}),
	} as unknown as EngineClient;
	const emit = (count: number) => {
		for (let i = 0; i < count; i++) stream.write(`${JSON.stringify({Type: 'image', Action: 'delete', Actor: {ID: `sha256:${i}`}, time: 1})}\n`);
	};
	// Consumed: the sync has read every event written so far.
	const consumed = () => stream.readableLength === 0 && stream.writableLength === 0;
	return {docker, calls, emit, consumed};
}

/** Waits for `condition` to hold (vitest polls it), failing with `what` after 5 s. */
const until = (condition: () => boolean, what: string) =>
	vi.waitFor(() => {
		if (!condition()) throw new Error(`timed out: ${what}`);
	}, {timeout: 5000, interval: 5});

let sync: EventSync | null = null;
afterEach(() => sync?.stop());

test('a burst of 1,000 events costs a handful of re-lists, not 1,000', async () => {
	const {docker, calls, emit} = fakeDocker();
	const store = createStore(initialState({host: 'h', columns: 80, rows: 24, now: 0}));
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
	const store = createStore(initialState({host: 'h', columns: 80, rows: 24, now: 0}));
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
