// The release flow asks for each step when the one before it ends: the step reports reach the
// flow through the store, and what it asks for next reaches the release service.
import {afterEach, expect, test} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {dialogReport} from '../../source/state/dialog-report';
import {images} from '../fixtures/scene';
import {connected, press, renderApp, settle} from './render';

afterEach(() => cleanup());

const stepsAsked = (app: ReturnType<typeof renderApp>) => app.calls.filter(call => call.name === 'release').map(call => (call.argument as {from: number}).from);

test('a step that ends starts the next one; a failed one starts nothing', async () => {
	const app = renderApp({columns: 100, rows: 30, actions: [...connected]});
	await press(app, '/', 'app:1.1.0', '\r', 'R');
	expect(app.lastFrame()).toContain('Release');
	await press(app, 'y');
	expect(stepsAsked(app)).toEqual([0]);
	app.store.dispatch(dialogReport('release', {type: 'step-done', index: 0, detail: 'tagged', releasedImageId: images[1]!.id}));
	await settle();
	expect(stepsAsked(app)).toEqual([0, 1]);
	app.store.dispatch(dialogReport('release', {type: 'step-failed', index: 1, detail: 'denied'}));
	await settle();
	expect(stepsAsked(app)).toEqual([0, 1]);
	expect(app.lastFrame()).toContain('r retry the failed step');
});
