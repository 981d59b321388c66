// The first contact waits for an engine's answer briefly and for its lists as long as the engine
// call deadline: a large containerd image store answers /version at once and lists for a minute.
import {afterEach, expect, test} from 'vitest';
import type {ServerResponse} from 'node:http';
import {longCall} from '../../source/engine/call-deadline';
import {firstListLimits, requestFirstLists} from '../../source/engine/first-lists';
import {resolveEngineTarget} from '../../source/engine/target';
import {startSession} from '../../source/services/session';
import {initialState} from '../../source/state/reducer';
import {createAppStore} from '../../source/ui/dialogs/dialog-table';
import type {Connection} from '../../source/state/types';
import {fakeImage, sendJson, startFakeEngine, type FakeEngine} from '../fixtures/fake-engine';
import {tempDir} from '../fixtures/temp-dir';

let engine: FakeEngine | undefined;
afterEach(async () => {
	await engine?.close();
	engine = undefined;
});

/** An engine that answers /version at once and the image list only when `release` is called. */
async function slowListingEngine() {
	let held: ServerResponse | undefined;
	let aborted = false;
	let arrived: () => void = () => undefined;
	const listAsked = new Promise<void>(resolve => (arrived = resolve));
	engine = await startFakeEngine({
		route: (_request, path, response) => {
			if (path !== '/images/json') return false;
			held = response;
			response.on('close', () => (aborted = !response.writableEnded));
			arrived();
			return true;
		},
	});
	return {
		target: resolveEngineTarget({DOCKER_HOST: engine.host}),
		listAsked,
		release: () => held && sendJson(held, 200, [fakeImage]),
		aborted: () => aborted,
	};
}

test('the lists may take longer than the answer wait: the engine is told to be there, then listed', async () => {
	const slow = await slowListingEngine();
	const events: string[] = [];
	const asked = Date.now();
	const lists = requestFirstLists(slow.target, {answerMs: 500, listsMs: 10_000}, () => events.push('answered'));
	await slow.listAsked;
	// The engine is said to be there once its answer is read, which on a loaded machine may come
	// after the list is asked (the answer wait is long enough for a loaded machine's loopback);
	// then the lists are held until that wait, which alone used to bound the whole contact, has
	// run out three times over.
	await expect.poll(() => events).toEqual(['answered']);
	await expect.poll(() => Date.now() - asked).toBeGreaterThan(1_500);
	slow.release();
	const answer = await lists;
	expect(answer.images.map(image => image.id)).toEqual([fakeImage.Id.slice('sha256:'.length)]);
	expect(answer.version.ApiVersion).toBe('1.45');
});

test('lists that never come end at the lists wait, with the knob named, and the request is abandoned', async () => {
	const slow = await slowListingEngine();
	const failure = await requestFirstLists(slow.target, {answerMs: 50, listsMs: 300}).then(
		() => null,
		(error: unknown) => (error as Error).message,
	);
	expect(failure).toBe('the engine answered but did not list its images and containers within 0.3 s (DOCKSWAB_ENGINE_TIMEOUT sets a longer wait, in seconds)');
	await expect.poll(() => slow.aborted()).toBe(true);
});

test('an engine that does not answer /version is given up after the answer wait, not the lists wait', async () => {
	engine = await startFakeEngine({route: (_request, path) => path === '/version'});
	const started = Date.now();
	const failure = await requestFirstLists(resolveEngineTarget({DOCKER_HOST: engine.host}), {answerMs: 100, listsMs: 60_000}).then(
		() => null,
		(error: unknown) => (error as Error).message,
	);
	expect(failure).toBe('the engine did not answer within 0.1 s');
	expect(Date.now() - started).toBeLessThan(60_000);
});

test('the lists wait is ten times the engine call deadline, as for every later list, never shorter than the answer wait', () => {
	expect(firstListLimits({})).toEqual({answerMs: 10_000, listsMs: 600_000});
	expect(firstListLimits({DOCKSWAB_ENGINE_TIMEOUT: '300'})).toEqual({answerMs: 10_000, listsMs: 3_000_000});
	expect(firstListLimits({DOCKSWAB_ENGINE_TIMEOUT: '0.5'})).toEqual({answerMs: 10_000, listsMs: 10_000});
	// One engine of several asked at once answers within the fleet's limit (DOCKSWAB_FLEET_TIMEOUT, default 5 s); its lists wait as long.
	expect(firstListLimits({}, 1)).toEqual({answerMs: 10_000, listsMs: 600_000});
	expect(firstListLimits({}, 3)).toEqual({answerMs: 5000, listsMs: 600_000});
	expect(firstListLimits({DOCKSWAB_FLEET_TIMEOUT: '2', DOCKSWAB_ENGINE_TIMEOUT: '0.1'}, 2)).toEqual({answerMs: 2000, listsMs: 2000});
	expect(['/images/json?all=1', '/v1.45/containers/json?all=1', '/images/prune?', '/containers/web-1/stop'].filter(path => longCall(path))).toHaveLength(4);
	expect(['/images/app/json', '/info', '/images/app:1.0', '/system/df'].filter(path => longCall(path))).toEqual([]);
	expect(longCall('/images/app:1.0', 'DELETE')).toBe(true);
	expect(longCall('/containers/web-1', 'DELETE')).toBe(false);
});

test('a session shows "listing" between the answer and the lists, then the rows', async () => {
	const slow = await slowListingEngine();
	const store = createAppStore(initialState({host: slow.target.host, columns: 80, rows: 24, now: Date.now()}));
	const seen: Connection[] = [];
	store.subscribe(() => {
		const {connection} = store.getState();
		if (seen.at(-1) !== connection) seen.push(connection);
	});
	const session = startSession(store, slow.target, tempDir('dsw-first-contact-'));
	try {
		await slow.listAsked;
		await expect.poll(() => store.getState().connection).toEqual({status: 'connecting', host: slow.target.host, listing: true});
		slow.release();
		await expect.poll(() => store.getState().connection.status).toBe('ready');
		expect(store.getState().images.map(image => image.id)).toEqual([fakeImage.Id.slice('sha256:'.length)]);
		expect(seen.map(connection => connection.status)).toEqual(['connecting', 'ready']);
	} finally {
		session.stop();
	}
});
