import {afterEach, describe, expect, test} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {containers, image, images} from '../fixtures/scene';
import {press, renderApp, settle} from './render';
import {dialogReport} from '../../source/state/dialog-report';
import {reduceRemotePlanOutcome} from '../../source/state/flows/registries';

afterEach(() => cleanup());

const withRegistryImage = [...images, image('r1', ['127.0.0.1:5999/app:1.3.0'])];
const connected = [
	{type: 'connected', host: 'unix:///test.sock', engineVersion: '20.10.24', apiVersion: '1.41', images: [], containers: []} as const,
	{type: 'lists', images: withRegistryImage, containers} as const,
	{type: 'registries', registries: [{server: '127.0.0.1:5000', user: 'dockswab', store: 'config.json'}], configPath: '/cfg/config.json'} as const,
];

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
		app.store.dispatch(dialogReport('browse', {type: 'repositories-page', server: '127.0.0.1:5000', repositories: ['app', 'web'], pages: 1}));
		await settle();
		expect(app.lastFrame()).toContain('loading… 2 repositories (1 page)');
		expect(app.lastFrame()).toMatch(/› app/);
	});

	test('y on a remote plan reads the registry again; a changed registry shows the new plan and says nothing was deleted', async () => {
		const app = renderApp({columns: 80, rows: 24, actions: [...connected]});
		await press(app, '3', '\r');
		const digest = (c: string) => `sha256:${c.repeat(64)}`;
		const tag = (name: string, c: string) => ({tag: name, digest: digest(c), size: 1, created: null, platforms: [], children: [], error: null});
		const browsing = app.store.getState().dialog;
		if (browsing?.kind !== 'browse') throw new Error('not browsing');
		app.store.dispatch({type: 'dialog-open', dialog: {...browsing, repository: 'app', loading: false, tags: [tag('1.1.0', 'b'), tag('1.0.0', 'a'), tag('latest', 'b')]}});
		await press(app, 'j', 'd');
		expect(app.lastFrame()).toContain('app: 1 digest deleted · 1 tag removed');
		await press(app, 'y');
		expect(app.calls.filter(call => call.name === 'verifyRemotePlan')).toHaveLength(1);
		expect(app.lastFrame()).toContain('reading the registry again before deleting');
		const {dialog} = app.store.getState();
		if (dialog?.kind !== 'remote-plan') throw new Error('no remote plan');
		const moved = reduceRemotePlanOutcome(dialog, {
			type: 'verified',
			tags: [
				{tag: '1.1.0', digest: digest('b')},
				{tag: '1.0.0', digest: digest('a')},
				{tag: 'latest', digest: digest('a')},
			],
		});
		app.store.dispatch({type: 'dialog-open', dialog: moved.dialog});
		await settle();
		const frame = app.lastFrame()!;
		expect(frame).toContain('The registry changed since its tags were read. Nothing was deleted:');
		expect(frame).toMatch(/blocked\s+sha256:aaaaaaaa… 1\.0\.0, latest — latest shares this digest/);
		expect(frame).toContain('app: 0 digests deleted · 0 tags removed · 1 blocked');
	});

	test('a repository list cut by the listing limits says what is shown', async () => {
		const app = renderApp({columns: 120, rows: 24, actions: [...connected]});
		await press(app, '3', '\r');
		app.store.dispatch(
			dialogReport('browse', {type: 'repositories', server: '127.0.0.1:5000', repositories: ['app', 'web'], pages: 100, cut: 'first 2 repositories shown: the registry had more after 100 pages'}),
		);
		await settle();
		expect(app.lastFrame()).toContain('first 2 repositories shown: the registry had more after 100 pages');
	});
});
