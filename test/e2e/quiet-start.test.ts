// What a start costs the engine: one round of lists, no /system/df until something needs it, and an
// event stream that takes up from the moment of those lists without missing a change.
import {afterEach, beforeAll, expect, test} from 'vitest';
import {contactEngine} from '../../source/engine/early-contact';
import {resolveEngineTarget} from '../../source/engine/target';
import {startEventSync, type EventSync} from '../../source/services/event-sync';
import {initialState} from '../../source/state/reducer';
import {createAppStore} from '../../source/ui/dialogs/dialog-table';
import {docker, sandboxEnv, seedSandbox, startTui, waitFor, type Tui} from './harness';
import {startRelay} from './relay';

beforeAll(seedSandbox);

let tui: Tui | null = null;
let sync: EventSync | null = null;
afterEach(async () => {
	await tui?.stop();
	tui = null;
	sync?.stop();
	sync = null;
});

/**
 * Waits until the engine saw no image or container event for `seconds`: a start replays the
 * events of the last few seconds, and each would cost a re-list this file counts.
 */
async function engineQuiet(seconds: number): Promise<void> {
	await waitFor(
		async () => (await docker('events', '--since', `${seconds}s`, '--until', '0s', '--filter', 'type=image', '--filter', 'type=container', '--format', '{{.Time}}')) === '',
		`${seconds} s without engine events`,
		30_000,
	);
}

test('a start with nothing happening lists once and asks no disk figures; the housekeeping menu asks them', async () => {
	const relay = await startRelay(sandboxEnv().DOCKER_HOST!.replace('unix://', ''));
	const count = (pattern: RegExp) => relay.requests().filter(request => pattern.test(request)).length;
	try {
		await engineQuiet(6);
		tui = await startTui({columns: 160, env: {DOCKER_HOST: `unix://${relay.path}`}});
		await tui.waitForText(/busybox\s+sandbox/);
		await tui.waitForText('● live');
		const events = await waitFor(() => relay.requests().find(request => request.includes('/events?')), 'the event stream');
		expect(events).toMatch(/[?&]since=\d+/);
		// A change after the start costs one list: a re-list when the stream opened would make three.
		await docker('tag', 'busybox:sandbox', 'quiet-start:1');
		await tui.waitForText(/quiet-start\s+1/);
		expect(count(/\/images\/json/)).toBe(2);
		expect(count(/\/containers\/json/)).toBe(2);
		expect(count(/\/system\/df/)).toBe(0);
		expect((await tui.screen()).split('\n')[0]).not.toContain('reclaimable');
		await tui.keys('h');
		await tui.waitForText('Disk: images');
		expect(count(/\/system\/df/)).toBe(1);
		await tui.keys('Escape');
		const screen = await tui.waitForNoText('Housekeeping');
		expect(screen.split('\n')[0]).toMatch(/used, .* reclaimable/);
	} finally {
		await docker('rmi', 'quiet-start:1').catch(() => undefined);
		await relay.close();
	}
});

test('an image tagged after the first lists, before the event stream opens, still appears', async () => {
	const target = resolveEngineTarget(sandboxEnv());
	const contact = await contactEngine(target);
	// The engine's own clock, read from its answer: the same machine's here, so close to ours.
	expect(contact.since).toBeGreaterThan(Date.now() / 1000 - 10);
	expect(contact.since).toBeLessThan(Date.now() / 1000);
	const tagged = (images: readonly {repoTags: readonly string[]}[]) => images.some(image => image.repoTags.includes('between-lists:1'));
	expect(tagged(contact.lists.images)).toBe(false);
	try {
		await docker('tag', 'busybox:sandbox', 'between-lists:1');
		const store = createAppStore(initialState({host: target.host, columns: 80, rows: 24, now: Date.now() / 1000}));
		const {engine} = contact;
		store.dispatch({type: 'connected', host: target.host, engineVersion: engine.engineVersion, apiVersion: engine.apiVersion, product: engine.product, ...contact.lists});
		// No re-list when the stream opens: only the engine's replay of the tag can bring it.
		sync = startEventSync(engine.docker, store, {since: contact.since});
		await waitFor(() => tagged(store.getState().images), 'the tag made between the lists and the stream');
	} finally {
		await docker('rmi', 'between-lists:1').catch(() => undefined);
	}
});
