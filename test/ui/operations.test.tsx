import {afterEach, describe, expect, test} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {emptyProgress} from '../../source/domain/transfer-progress';
import type {Operation} from '../../source/state/types';
import {images, now} from '../fixtures/scene';
import {connected, press, renderApp, settle} from './render';

afterEach(() => cleanup());

const operation = (id: number, state: Operation['state'], title: string): Operation => ({
	id,
	kind: 'push',
	title,
	state,
	progress: emptyProgress(now),
	log: [],
	error: null,
	digest: state === 'done' ? 'sha256:abc' : null,
	imageId: null,
});

describe('operations', () => {
	test('the status line counts what runs; O lists it; q asks first and only y quits', async () => {
		const app = renderApp({columns: 100, rows: 24, actions: [...connected]});
		app.store.dispatch({type: 'operation-add', operation: operation(1, 'running', 'push 127.0.0.1:5000/app:1.3.0')});
		app.store.dispatch({type: 'operation-add', operation: operation(2, 'queued', 'pull 127.0.0.1:5000/app:1.2.0')});
		await settle();
		expect(app.lastFrame()).toContain('⟳ 1 running · 1 queued (O)');
		await press(app, 'O');
		expect(app.lastFrame()).toMatch(/queued\s+pull 127\.0\.0\.1:5000\/app:1\.2\.0/);
		expect(app.lastFrame()).toMatch(/running\s+push 127\.0\.0\.1:5000\/app:1\.3\.0/);
		await press(app, '\u001B', 'q');
		expect(app.lastFrame()).toContain('Quit dockswab?');
		expect(app.quits).toEqual([]);
		await press(app, '\r');
		expect(app.quits).toEqual([]);
		await press(app, 'q', 'y');
		expect(app.quits).toEqual([0]);
	});

	test('with nothing running, q quits at once', async () => {
		const app = renderApp({columns: 100, rows: 24, actions: [...connected]});
		app.store.dispatch({type: 'operation-add', operation: operation(1, 'done', 'push 127.0.0.1:5000/app:1.3.0')});
		await press(app, 'q');
		expect(app.quits).toEqual([0]);
	});

	test('p on an untagged row says why nothing is pushed; on a tag without a registry host it asks about Docker Hub', async () => {
		const app = renderApp({columns: 100, rows: 24, actions: [...connected]});
		// The scene's one untagged image, c1.
		await press(app, '/', '<none>', '\r');
		expect(app.lastFrame()).toMatch(/<none>\s+<none>/);
		await press(app, 'p');
		expect(app.lastFrame()).toContain('an untagged image cannot be pushed: tag it first (t)');
		expect(app.lastFrame()).not.toContain('would go to Docker Hub');
		expect(app.calls.map(call => call.name)).not.toContain('push');
		await press(app, '\u001B');
		await press(app, '/', 'app:1.0.0', '\r', 'p');
		expect(app.lastFrame()).toContain('would go to Docker Hub');
		expect(app.lastFrame()).toContain('app:1.0.0  →  docker.io/library/app:1.0.0');
		await press(app, '\r');
		expect(app.calls.map(call => call.name)).not.toContain('push');
		await press(app, 'p', 'y');
		expect(app.calls).toContainEqual({name: 'push', argument: [{imageId: images[0]!.id, reference: 'app:1.0.0'}]});
	});
});
