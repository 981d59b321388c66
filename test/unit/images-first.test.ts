// The UI's first contact draws the images as soon as they are listed: on the containerd image
// store dockerd 26 looks every container's image up again, so 1,000 containers list slower than
// 10,000 images. Until the containers come, USED BY says so and nothing plans from them.
import {afterEach, expect, test} from 'vitest';
import type {ServerResponse} from 'node:http';
import {requestFirstLists} from '../../source/engine/first-lists';
import {toImageInfo} from '../../source/engine/lists';
import {resolveEngineTarget} from '../../source/engine/target';
import {startSession} from '../../source/services/session';
import {openFlow} from '../../source/state/flows/open';
import {initialState, reducer} from '../../source/state/reducer';
import {createAppStore} from '../../source/ui/dialogs/dialog-table';
import type {State} from '../../source/state/types';
import {paneSpecs} from '../../source/ui/panes/pane-specs';
import {fakeContainer, fakeImage, sendJson, startFakeEngine, type FakeEngine} from '../fixtures/fake-engine';
import {tempDir} from '../fixtures/temp-dir';

let engine: FakeEngine | undefined;
afterEach(async () => {
	await engine?.close();
	engine = undefined;
});

/** An engine that lists its images at once and its containers only when `release` is called (the first `failures` asks get a 500). */
async function slowContainersEngine(failures = 0) {
	let held: ServerResponse | undefined;
	let asks = 0;
	let arrived: () => void = () => undefined;
	const containersAsked = new Promise<void>(resolve => (arrived = resolve));
	engine = await startFakeEngine({
		route: (_request, path, response) => {
			if (path !== '/containers/json') return false;
			asks++;
			if (asks <= failures) {
				sendJson(response, 500, {message: 'context deadline exceeded'});
				return true;
			}
			held = response;
			arrived();
			return true;
		},
	});
	return {
		target: resolveEngineTarget({DOCKER_HOST: engine.host}),
		containersAsked,
		asks: () => asks,
		release: () => held && sendJson(held, 200, [fakeContainer]),
	};
}

const imageId = fakeImage.Id.slice('sha256:'.length);
const firstRow = (state: State) => {
	const spec = paneSpecs.images;
	const row = spec.rows(state)[0];
	return row ? spec.line(state)(row) : '';
};

test('with a grace, the images come alone and the containers follow as a pending list', async () => {
	const slow = await slowContainersEngine();
	const lists = await requestFirstLists(slow.target, {answerMs: 5_000, listsMs: 60_000}, undefined, 20);
	expect(lists.images.map(image => image.id)).toEqual([imageId]);
	expect(Array.isArray(lists.containers)).toBe(false);
	if (Array.isArray(lists.containers)) return;
	await slow.containersAsked;
	slow.release();
	expect((await lists.containers.pending).map(container => container.name)).toEqual(['fake-web-1']);
});

test('without a grace (the headless commands), both lists are waited for', async () => {
	const slow = await slowContainersEngine();
	const lists = requestFirstLists(slow.target, {answerMs: 5_000, listsMs: 60_000});
	await slow.containersAsked;
	slow.release();
	const {containers} = await lists;
	expect(Array.isArray(containers) ? containers.map(container => container.name) : containers).toEqual(['fake-web-1']);
});

test('containers that answer within the grace come with the images', async () => {
	engine = await startFakeEngine();
	const lists = await requestFirstLists(resolveEngineTarget({DOCKER_HOST: engine.host}), {answerMs: 5_000, listsMs: 60_000}, undefined, 60_000);
	expect(Array.isArray(lists.containers) ? lists.containers.map(container => container.name) : lists.containers).toEqual(['fake-web-1']);
});

test('a session draws the images, says USED BY is pending, refuses plans, then fills it in', async () => {
	const slow = await slowContainersEngine();
	const store = createAppStore(initialState({host: slow.target.host, columns: 120, rows: 30, now: Date.now()}));
	const session = startSession(store, slow.target, tempDir('dsw-images-first-'));
	try {
		await expect.poll(() => store.getState().images.length).toBe(1);
		const pending = store.getState();
		expect(pending.connection.status).toBe('ready');
		expect(pending.containersListed).toBe(false);
		// The image is used by a running container: until that is known it must not look unused.
		expect(firstRow(pending)).toMatch(/ \u2026 *$/);
		expect(firstRow(pending)).not.toMatch(/ - *$/);
		expect(paneSpecs.containers.count(pending)).toBeNull();
		expect(paneSpecs.containers.empty(pending)).toBe('loading containers…');
		for (const flow of ['delete', 'untag', 'housekeeping', 'versions'] as const) {
			expect(openFlow(pending, flow)).toEqual({type: 'message', message: {kind: 'info', text: expect.stringContaining('still listing its containers')}});
		}
		await slow.containersAsked;
		slow.release();
		await expect.poll(() => store.getState().containersListed).toBe(true);
		const listed = store.getState();
		expect(firstRow(listed)).toMatch(/ 1 running *$/);
		expect(paneSpecs.containers.count(listed)).toBe(1);
		const opened = openFlow(listed, 'delete');
		expect(opened && 'dialog' in opened ? opened.dialog?.kind : opened).toBe('delete');
	} finally {
		session.stop();
	}
});

test('a containers list that fails is said and asked again', async () => {
	const slow = await slowContainersEngine(1);
	const store = createAppStore(initialState({host: slow.target.host, columns: 120, rows: 30, now: Date.now()}));
	const session = startSession(store, slow.target, tempDir('dsw-images-first-'));
	try {
		await expect.poll(() => store.getState().message?.text ?? '').toContain('the engine did not list its containers');
		expect(store.getState().containersListed).toBe(false);
		await slow.containersAsked;
		expect(slow.asks()).toBe(2);
		slow.release();
		await expect.poll(() => store.getState().containersListed).toBe(true);
		expect(store.getState().containers.map(container => container.name)).toEqual(['fake-web-1']);
	} finally {
		session.stop();
	}
});

test('late first containers never replace what a re-list brought since', () => {
	const start = initialState({host: 'unix:///t.sock', columns: 120, rows: 30, now: 0});
	const images = [toImageInfo(fakeImage as unknown as Parameters<typeof toImageInfo>[0])];
	const connected = reducer(start, {type: 'connected', host: 'unix:///t.sock', engineVersion: '26.1.5', apiVersion: '1.45', images});
	expect(connected.containersListed).toBe(false);
	const relisted = reducer(connected, {type: 'lists', images, containers: []});
	expect(relisted.containersListed).toBe(true);
	const late = reducer(relisted, {type: 'containers', containers: [{name: 'old'} as unknown as State['containers'][number]]});
	expect(late).toBe(relisted);
	// A reconnect whose containers are still coming does not vouch for the ones listed before.
	const reconnected = reducer(relisted, {type: 'connected', host: 'unix:///t.sock', engineVersion: '26.1.5', apiVersion: '1.45', images});
	expect(reconnected.containersListed).toBe(false);
});

test('an engine that lists slowly gets the containers asked again after the images, the first ask dropped', async () => {
	const held = {images: [] as ServerResponse[], containers: [] as ServerResponse[]};
	const dropped: string[] = [];
	engine = await startFakeEngine({
		route: (_request, path, response) => {
			const kind = path === '/images/json' ? 'images' : path === '/containers/json' ? 'containers' : null;
			if (!kind) return false;
			held[kind].push(response);
			response.on('close', () => {
				if (!response.writableEnded) dropped.push(kind);
			});
			return true;
		},
	});
	const lists = requestFirstLists(resolveEngineTarget({DOCKER_HOST: engine.host}), {answerMs: 5_000, listsMs: 60_000}, undefined, 20);
	// Neither list came within the slow-listing wait: the containers ask is dropped, the images one kept.
	await expect.poll(() => dropped, {timeout: 10_000}).toEqual(['containers']);
	expect(held.containers).toHaveLength(1);
	sendJson(held.images[0]!, 200, [fakeImage]);
	await expect.poll(() => held.containers.length).toBe(2);
	sendJson(held.containers[1]!, 200, [fakeContainer]);
	const {images, containers} = await lists;
	expect(images.map(image => image.id)).toEqual([imageId]);
	const later = Array.isArray(containers) ? containers : await containers.pending;
	expect(later.map(container => container.name)).toEqual(['fake-web-1']);
});
