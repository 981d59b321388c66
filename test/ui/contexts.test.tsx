import {afterEach, describe, expect, test} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {emptyProgress} from '../../source/domain/transfer-progress';
import type {EngineTarget} from '../../source/engine/target';
import {createEngineSwitch} from '../../source/services/engine-switch';
import type {Session} from '../../source/services/session';
import type {Store} from '../../source/state/store';
import {dockerConfigWithContexts} from '../fixtures/contexts';
import {containers, images, now} from '../fixtures/scene';
import {connected, press, renderApp, settle} from './render';
import {keyBindings, remapBindings, setKeyBindings} from '../../source/ui/keymap';
import {idleImageJobs} from '../fixtures/image-jobs';

afterEach(() => cleanup());

/** A session that reports itself connected to its target at once, with no rows. */
function fakeSession(store: Store, target: EngineTarget, log: string[]): Session {
	store.dispatch({type: 'connected', host: target.host, engineVersion: '27.0.0', apiVersion: '1.46', images: [], containers: []});
	return {
		retry: () => undefined,
		info: () => null,
		docker: () => null,
		stop: () => void log.push(`stop ${target.host}`),
		imageJobs: idleImageJobs(),
	};
}

function setup(host?: string) {
	const configDir = dockerConfigWithContexts([
		{name: 'sandbox', host: 'unix:///test.sock'},
		{name: 'other', host: 'tcp://127.0.0.1:2375'},
		{name: 'prod', host: 'tcp://10.0.0.9:2376', tls: true},
	]);
	const log: string[] = [];
	const app = renderApp({
		columns: 100,
		rows: 24,
		actions: [...connected],
		engines: store =>
			createEngineSwitch(store, {
				env: {DOCKER_CONFIG: configDir},
				host,
				initial: {
					name: host ?? 'sandbox',
					session: {...fakeSession(store, {host: 'unix:///test.sock', source: 'context sandbox', tls: {required: false, skipVerify: false, ca: null, cert: null, key: null, origin: ''}}, log)},
				},
				start: target => {
					log.push(`start ${target.host} (${target.source})`);
					return fakeSession(store, target, log);
				},
				endOperations: () => void log.push('end operations'),
			}),
	});
	app.store.dispatch({type: 'lists', images, containers});
	return {app, log};
}

describe('context switcher', () => {
	test('c lists the contexts with their endpoints, TLS marked and the current one starred', async () => {
		const {app} = setup();
		await press(app, 'c');
		const frame = app.lastFrame()!;
		expect(frame).toContain('Switch engine');
		expect(frame).toMatch(/ {2}default\s+unix:\/\/\/var\/run\/docker\.sock/);
		expect(frame).toMatch(/ {2}other\s+tcp:\/\/127\.0\.0\.1:2375\s/);
		expect(frame).toMatch(/ {2}prod\s+tcp:\/\/10\.0\.0\.9:2376 {2}\(TLS\)/);
		// The cursor starts on the engine in use, which is starred.
		expect(frame).toMatch(/› \* sandbox\s+unix:\/\/\/test\.sock/);
		expect(frame).not.toMatch(/\* other/);
	});

	test('--host is offered next to the contexts and is the current one when given', async () => {
		const {app} = setup('tcp://127.0.0.1:9999');
		await press(app, 'c');
		expect(app.lastFrame()).toMatch(/› \* tcp:\/\/127\.0\.0\.1:9999\s+tcp:\/\/127\.0\.0\.1:9999/);
		expect(app.lastFrame()).toMatch(/ {2}sandbox\s+unix:\/\/\/test\.sock/);
	});

	test('Enter on another context stops the old session, starts one for it, and the header shows its host', async () => {
		const {app, log} = setup();
		await press(app, 'c', 'k', 'k', 'k', 'j', '\r');
		expect(log).toEqual(['stop unix:///test.sock', 'start tcp://127.0.0.1:2375 (context other)']);
		const frame = app.lastFrame()!;
		expect(frame).toContain('dockswab tcp://127.0.0.1:2375 · Docker 27.0.0');
		expect(frame).toContain('switched to context other (tcp://127.0.0.1:2375)');
		// The old engine's rows are gone; the new one has none.
		expect(frame).toContain('1 Images 0');
	});

	test('Esc leaves the engine as it is; Enter on the current one changes nothing', async () => {
		const {app, log} = setup();
		await press(app, 'c', '\u001B');
		expect(app.lastFrame()).not.toContain('Switch engine');
		await press(app, 'c', '\r');
		expect(log).toEqual([]);
		expect(app.lastFrame()).toContain('already on sandbox');
	});

	test('an engine that does not answer does not trap the user: c opens the switcher over it', async () => {
		const {app, log} = setup();
		app.store.dispatch({type: 'connection-failed', host: 'unix:///test.sock', error: 'connect ENOENT /test.sock', hint: 'is the engine running?'});
		await settle();
		expect(app.lastFrame()).toContain('r retry · c switch engine · q quit');
		await press(app, 'c');
		expect(app.lastFrame()).toContain('Switch engine');
		await press(app, 'g', 'j', '\r');
		expect(log).toEqual(['stop unix:///test.sock', 'start tcp://127.0.0.1:2375 (context other)']);
		expect(app.lastFrame()).toContain('dockswab tcp://127.0.0.1:2375 · Docker 27.0.0');
	});

	test('with operations running it asks first; only y switches, and ends them', async () => {
		const {app, log} = setup();
		app.store.dispatch({
			type: 'operation-add',
			operation: {id: 1, kind: 'push', title: 'push app:1', state: 'running', progress: emptyProgress(now), log: [], error: null, digest: null, imageId: null},
		});
		await press(app, 'c', 'g', 'j', '\r');
		expect(app.lastFrame()).toContain('Switch to other?');
		expect(app.lastFrame()).toContain('1 operation of the current engine still running');
		await press(app, '\r');
		expect(log).toEqual([]);
		expect(app.lastFrame()).toContain('Switch engine');
		await press(app, '\r', 'y');
		expect(log).toEqual(['end operations', 'stop unix:///test.sock', 'start tcp://127.0.0.1:2375 (context other)']);
	});
});

describe('remapped keys on screen', () => {
	afterEach(() => setKeyBindings(keyBindings));

	test('over an engine that does not answer, the screen names the remapped keys, and they work', async () => {
		const remapped = remapBindings(keyBindings, {quit: 'Q', retry: 'w', contexts: 'C'});
		if (!remapped.ok) throw new Error(remapped.message);
		setKeyBindings(remapped.bindings, remapped.dialogKeys);
		const {app} = setup();
		app.store.dispatch({type: 'connection-failed', host: 'unix:///test.sock', error: 'connect ENOENT /test.sock', hint: 'is the engine running?'});
		await settle();
		expect(app.lastFrame()).toContain('w retry · C switch engine · Q quit');
		await press(app, 'c');
		expect(app.lastFrame()).not.toContain('Switch engine');
		await press(app, 'C');
		expect(app.lastFrame()).toContain('Switch engine');
	});

	test('the footer and help show the remapped key, and it does what the old one did', async () => {
		const remapped = remapBindings(keyBindings, {delete: 'D', versions: 'V'});
		if (!remapped.ok) throw new Error(remapped.message);
		setKeyBindings(remapped.bindings);
		const app = renderApp({columns: 100, rows: 30, actions: [...connected]});
		await settle();
		expect(app.lastFrame()).toContain('D delete');
		expect(app.lastFrame()).toContain('V versions');
		await press(app, 'd');
		expect(app.lastFrame()).not.toContain('Delete 1 reference');
		await press(app, 'D');
		expect(app.lastFrame()).toContain('Delete 1 reference');
		await press(app, '\u001B', '?');
		expect(app.lastFrame()).toMatch(/│ D\s+delete marked/);
	});
});
