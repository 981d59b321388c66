// Pane work starts from the key that opens the pane; drawing the pane again (after a dialog or
// help over it) starts nothing.
import {afterEach, expect, test} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {containers, images} from '../fixtures/scene';
import {press, renderApp, settle} from './render';

afterEach(() => cleanup());

const connected = [
	{type: 'connected', host: 'unix:///test.sock', engineVersion: '20.10.24', apiVersion: '1.41', images: [], containers: []} as const,
	{type: 'lists', images, containers} as const,
	{type: 'registries', registries: [{server: '127.0.0.1:5000', user: 'dockswab', store: 'config.json'}], configPath: '/cfg/config.json'} as const,
];

const opens = (app: ReturnType<typeof renderApp>) => app.calls.filter(call => call.name === 'refreshRegistries' || call.name === 'openFleet').map(call => call.name);

test('the registries pane is checked once per key: a dialog or help closing over it asks nothing', async () => {
	const app = renderApp({columns: 120, rows: 24, actions: [...connected]});
	await press(app, '3');
	expect(opens(app)).toEqual(['refreshRegistries']);
	await press(app, 'l');
	expect(app.lastFrame()).toContain('Log in to 127.0.0.1:5000');
	await press(app, '\u001B', '?', '\u001B');
	expect(app.lastFrame()).toMatch(/127\.0\.0\.1:5000\s+dockswab/);
	expect(opens(app)).toEqual(['refreshRegistries']);
	// Leaving and coming back by Tab is another opening.
	await press(app, '\t', '\u001B[Z');
	expect(opens(app)).toEqual(['refreshRegistries', 'openFleet', 'refreshRegistries']);
});

test('the fleet is asked from its key, not again when help over it closes', async () => {
	const app = renderApp({columns: 100, rows: 24, actions: [...connected]});
	await settle();
	expect(opens(app)).toEqual([]);
	await press(app, '4', '?', '\u001B');
	expect(app.lastFrame()).toContain('asking the engines…');
	expect(opens(app)).toEqual(['openFleet']);
});
