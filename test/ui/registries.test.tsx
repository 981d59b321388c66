import {afterEach, describe, expect, test} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {containers, image, images} from '../fixtures/scene';
import {renderApp, settle} from './render';

afterEach(() => cleanup());

const withRegistryImage = [...images, image('r1', ['127.0.0.1:5999/app:1.3.0'])];
const connected = [
	{type: 'connected', host: 'unix:///test.sock', engineVersion: '20.10.24', apiVersion: '1.41', images: [], containers: []} as const,
	{type: 'lists', images: withRegistryImage, containers} as const,
	{type: 'registries', registries: [{server: '127.0.0.1:5000', user: 'dockswab', store: 'config.json'}], configPath: '/cfg/config.json'} as const,
];

async function press(app: ReturnType<typeof renderApp>, ...keys: string[]) {
	for (const key of keys) {
		app.stdin.write(key);
		await settle();
	}
}

describe('registries pane', () => {
	test('lists registries with credentials and the hosts local references name, checked when opened', async () => {
		const app = renderApp({columns: 120, rows: 24, actions: [...connected]});
		await press(app, '3');
		const frame = app.lastFrame()!;
		expect(frame).toMatch(/127\.0\.0\.1:5000\s+dockswab\s+config\.json\s+…\s+checking…/);
		expect(frame).toMatch(/127\.0\.0\.1:5999\s+anonymous\s+none \(anonymous\)/);
		expect(app.calls.map(call => call.name)).toEqual(['refreshRegistries']);
		app.store.dispatch({type: 'registry-check', server: '127.0.0.1:5000', check: {state: 'reachable', auth: 'basic'}});
		app.store.dispatch({type: 'registry-check', server: '127.0.0.1:5999', check: {state: 'unreachable', message: 'did not answer within 10 s'}});
		await settle();
		expect(app.lastFrame()).toMatch(/127\.0\.0\.1:5000\s+dockswab\s+config\.json\s+basic\s+reachable/);
		expect(app.lastFrame()).toMatch(/127\.0\.0\.1:5999 .* not reachable: did not answer/);
		// A registry that reports a pull rate limit in its answers (Docker Hub) shows what is left.
		app.store.dispatch({type: 'registry-rate-limit', server: '127.0.0.1:5000', rateLimit: {limit: 100, remaining: 76, windowSeconds: 21_600}});
		await settle();
		expect(app.lastFrame()).toMatch(/127\.0\.0\.1:5000 .*reachable · 76\/100 pulls left per 6 h/);
	});

	test('l opens the login for the registry under the cursor; the password is drawn as dots only', async () => {
		const app = renderApp({columns: 120, rows: 24, actions: [...connected]});
		await press(app, '3', 'l');
		expect(app.lastFrame()).toContain('Log in to 127.0.0.1:5000');
		await press(app, 'hunter2');
		const frame = app.lastFrame()!;
		expect(frame).toContain('•••••••');
		expect(frame).not.toContain('hunter2');
		await press(app, '\r');
		expect(app.calls).toContainEqual({name: 'login', argument: {server: '127.0.0.1:5000', username: 'dockswab'}});
		expect(app.lastFrame()).toContain('checking with 127.0.0.1:5000');
	});

	test('Enter browses: the catalog is asked for, and pages arrive with a count', async () => {
		const app = renderApp({columns: 120, rows: 24, actions: [...connected]});
		await press(app, '3', '\r');
		expect(app.calls).toContainEqual({name: 'loadRepositories', argument: {server: '127.0.0.1:5000', refresh: false}});
		app.store.dispatch({type: 'dialog-update', kind: 'browse', patch: {repositories: ['app', 'web'], pages: 1}});
		await settle();
		expect(app.lastFrame()).toContain('loading… 2 repositories (1 page)');
		expect(app.lastFrame()).toMatch(/› app/);
	});

	test('a repository list cut by the listing limits says what is shown', async () => {
		const app = renderApp({columns: 120, rows: 24, actions: [...connected]});
		await press(app, '3', '\r');
		app.store.dispatch({type: 'dialog-update', kind: 'browse', patch: {repositories: ['app', 'web'], pages: 100, loading: false, repositoriesCut: 'first 2 repositories shown: the registry had more after 100 pages'}});
		await settle();
		expect(app.lastFrame()).toContain('first 2 repositories shown: the registry had more after 100 pages');
	});
});
