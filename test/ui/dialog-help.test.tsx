// A dialog's keys come from the one dialog key table: its hints, its help, and the user's remapping.
import {afterEach, describe, expect, test} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {connected, press, renderApp} from './render';
import {keyBindings, remapBindings, setKeyBindings} from '../../source/ui/keymap';

afterEach(() => {
	cleanup();
	setKeyBindings(keyBindings);
});

/** The delete plan of app:1.1.0: blocked by stopped containers, so c and f both apply. */
async function openPlan() {
	const app = renderApp({columns: 100, rows: 30, actions: [...connected]});
	await press(app, '/', 'app:1.1.0', '\r', 'd');
	expect(app.lastFrame()).toContain('Delete 1 reference');
	return app;
}

describe('help over a dialog', () => {
	test('? lists what the open plan’s keys do, and only those; Esc goes back to the plan', async () => {
		const app = await openPlan();
		await press(app, '?');
		const frame = app.lastFrame()!;
		expect(frame).toContain('Keys in this dialog');
		expect(frame).toMatch(/y\s+confirm/);
		expect(frame).toMatch(/c\s+remove stopped containers first: on \/ off/);
		expect(frame).toMatch(/f\s+force \(type the name to confirm\)/);
		expect(frame).not.toContain('next floating tag');
		expect(frame).not.toContain('Delete 1 reference');
		await press(app, '\u001B');
		expect(app.lastFrame()).toContain('Delete 1 reference');
		expect(app.calls.map(call => call.name)).not.toContain('runRemoval');
	});
});

describe('remapped dialog keys', () => {
	test('the plan names the remapped keys, they act, and help lists them', async () => {
		const remapped = remapBindings(keyBindings, {'toggle-containers': 'C', force: 'F'});
		expect(remapped.ok).toBe(true);
		if (remapped.ok) setKeyBindings(remapped.bindings, remapped.dialogKeys);
		const app = await openPlan();
		expect(app.lastFrame()).toContain('C remove stopped containers first: off · F force');
		expect(app.lastFrame()).toContain('(C: remove first, F: force)');
		await press(app, 'c');
		expect(app.lastFrame()).toContain('first: off');
		await press(app, 'C');
		expect(app.lastFrame()).toContain('first: ON');
		await press(app, '?');
		expect(app.lastFrame()).toMatch(/C\s+remove stopped containers first: on \/ off/);
	});
});
