import {afterEach, describe, expect, test} from 'vitest';
import {cleanup} from 'ink-testing-library';
import type {ContainerInfo} from '../../source/domain/types';
import type {RemovalPlan} from '../../source/domain/removal-plan';
import {planOf} from '../../source/state/dialogs';
import type {DeleteDialog} from '../../source/state/flows/delete-types';
import {images} from '../fixtures/scene';
import {connected, press, renderApp, settle} from './render';
import {dialogReport} from '../../source/state/dialog-report';
import {readBuildCache} from '../../source/engine/build-cache';

afterEach(() => cleanup());

/** Moves the cursor to a reference by filtering for it. */
async function selectReference(app: ReturnType<typeof renderApp>, reference: string) {
	await press(app, '/', reference, '\r');
}

describe('delete flow', () => {
	test('d shows the plan for the row under the cursor; n cancels without running anything', async () => {
		const app = renderApp({columns: 100, rows: 24, actions: [...connected]});
		await selectReference(app, 'app:1.1.0');
		await press(app, 'd');
		const frame = app.lastFrame()!;
		expect(frame).toContain('Delete 1 reference');
		expect(frame).toMatch(/blocked\s+app:1\.1\.0\s+stopped containers worker-old-1, worker-old-2/);
		expect(frame).toContain('0 images deleted');
		// Opening the plan asks the engine for nothing: sizes come from the disk usage already held.
		expect(app.calls.map(call => call.name)).toEqual(['loadLayers']);
		await press(app, 'n');
		expect(app.lastFrame()).not.toContain('Delete 1 reference');
		expect(app.calls.map(call => call.name)).not.toContain('runRemoval');
	});

	test('c switches on removing stopped containers first and y runs exactly that plan', async () => {
		const app = renderApp({columns: 100, rows: 24, actions: [...connected]});
		await selectReference(app, 'app:1.1.0');
		await press(app, 'd', 'c');
		expect(app.lastFrame()).toMatch(/delete\s+app:1\.1\.0\s+frees .*removes stopped worker-old-1, worker-old-2 first/);
		expect(app.lastFrame()).toContain('1 image deleted · 1 tag removed · 2 containers removed');
		await press(app, 'y');
		const run = app.calls.find(call => call.name === 'runRemoval')?.argument as RemovalPlan;
		expect(run.steps.filter(step => step.kind === 'remove-container')).toHaveLength(2);
		expect(run).toEqual(planOf(app.store.getState().dialog as DeleteDialog));
	});

	test('force needs the exact name typed; a wrong name forces nothing', async () => {
		const app = renderApp({columns: 100, rows: 24, actions: [...connected]});
		await selectReference(app, 'app:1.1.0');
		await press(app, 'd', 'f');
		expect(app.lastFrame()).toContain('Type app:1.1.0 to force');
		await press(app, 'app:1.0.0', '\r');
		expect(app.lastFrame()).toContain('the name does not match');
		expect(app.lastFrame()).not.toContain('FORCED');
		await press(app, 'f', 'app:1.1.0', '\r');
		expect(app.lastFrame()).toContain('FORCED');
	});

	test('a running container is never offered force', async () => {
		const app = renderApp({columns: 100, rows: 24, actions: [...connected]});
		await selectReference(app, 'web:2.1.0');
		await press(app, 'd', 'f');
		expect(app.lastFrame()).toMatch(/running container web-1: stop it first/);
		expect(app.lastFrame()).not.toContain('to force');
	});

	test('Enter opens the dependency view with containers and children', async () => {
		const app = renderApp({columns: 100, rows: 30, actions: [...connected]});
		await selectReference(app, 'base/runtime');
		await press(app, '\r');
		const frame = app.lastFrame()!;
		expect(frame).toContain('Child images (1)');
		expect(frame).toContain('leads to base/service:1.0');
		expect(app.calls).toContainEqual({name: 'loadHistory', argument: images[5]!.id});
		await press(app, '\u001B');
		expect(app.lastFrame()).not.toContain('Child images');
	});
});

describe('platforms in the details view', () => {
	const platformsOf = (frame: string) => {
		const start = frame.indexOf('Platforms');
		return start < 0 ? '' : frame.slice(start, frame.indexOf('Registries', start));
	};

	test("Enter asks the engine and the registries; an index shows its platforms, the engine's as present, the others as not known", async () => {
		const app = renderApp({columns: 110, rows: 40, actions: [...connected]});
		await selectReference(app, 'base/runtime');
		await press(app, '\r');
		expect(app.calls).toContainEqual({name: 'loadPlatform', argument: images[5]!.id});
		expect(app.calls).toContainEqual({name: 'loadIndexPlatforms', argument: images[5]!.id});
		expect(platformsOf(app.lastFrame()!)).toContain('asking the registry…');
		app.store.dispatch(dialogReport('details', {type: 'local-platform', imageId: images[5]!.id, platform: 'linux/amd64'}));
		app.store.dispatch(
			dialogReport('details', {type: 'index-platforms', imageId: images[5]!.id, index: {kind: 'index', platforms: ['linux/amd64', 'linux/arm64'], source: '127.0.0.1:5000/multi/app'}}),
		);
		await settle();
		const lines = platformsOf(app.lastFrame()!)
			.split('\n')
			.map(text => text.replace(/[│|]/g, '').trim());
		expect(lines).toContain('linux/amd64    present here (the platform this engine holds)');
		expect(lines).toContain('an index of 2 platforms at 127.0.0.1:5000/multi/app: linux/amd64, linux/arm64');
		expect(lines).toContain('linux/arm64    in the index; present here: not known');
		expect(lines.filter(text => text.startsWith('linux/amd64'))).toHaveLength(1);
	});

	test('a registry that cannot say, or a single manifest, claims nothing about other platforms', async () => {
		const app = renderApp({columns: 110, rows: 40, actions: [...connected]});
		await selectReference(app, 'base/runtime');
		await press(app, '\r');
		app.store.dispatch(dialogReport('details', {type: 'local-platform', imageId: images[5]!.id, platform: null}));
		app.store.dispatch(dialogReport('details', {type: 'index-platforms', imageId: images[5]!.id, index: {kind: 'unknown', reason: 'no digest of this image names a registry to ask'}}));
		await settle();
		expect(platformsOf(app.lastFrame()!)).toContain('the engine does not say which platform it holds');
		expect(platformsOf(app.lastFrame()!)).toContain('other platforms: not known (no digest of this image names a registry to ask)');
		expect(platformsOf(app.lastFrame()!)).not.toContain('present here (');
		app.store.dispatch(dialogReport('details', {type: 'index-platforms', imageId: images[5]!.id, index: {kind: 'single'}}));
		await settle();
		expect(platformsOf(app.lastFrame()!)).toContain('a single-platform image');
	});
});

describe('housekeeping menu', () => {
	test('h asks for the disk figures (never asked before); the menu and the header show them once they come', async () => {
		const app = renderApp({columns: 120, rows: 24, actions: [...connected]});
		expect(app.lastFrame()!.split('\n')[0]).not.toContain('reclaimable');
		await press(app, 'h');
		expect(app.calls.map(call => call.name)).toEqual(['measureDisk']);
		expect(app.lastFrame()).toContain('Disk: measuring…');
		app.store.dispatch({type: 'disk', disk: {imagesBytes: 5_000_000, reclaimableBytes: 2_000_000, containersBytes: 1000, uniqueSizes: new Map(), buildCache: null}});
		await settle();
		expect(app.lastFrame()).toContain('Disk: images 5MB');
		expect(app.lastFrame()!.split('\n')[0]).toContain('5MB used, 2MB reclaimable');
	});
});

describe('build cache', () => {
	const cache = readBuildCache([
		{ID: 'run', Size: 600_000, InUse: false, Shared: false, LastUsedAt: '2026-12-01T00:00:00Z'},
		{ID: 'busy', Size: 100_000, InUse: true, Shared: false, LastUsedAt: '2026-12-01T00:00:00Z'},
	]);
	const disk = {imagesBytes: 5_000_000, reclaimableBytes: 2_000_000, containersBytes: 1000, uniqueSizes: new Map(), buildCache: cache};

	test('the header and the menu show the cache; its entry shows the plan with focus on Cancel, and only y runs the prune', async () => {
		const app = renderApp({columns: 120, rows: 24, actions: [...connected, {type: 'disk', disk}]});
		expect(app.lastFrame()!.split('\n')[0]).toContain('2MB reclaimable · build cache 700kB ');
		await press(app, 'h');
		expect(app.lastFrame()).toContain('build cache 700kB (600kB reclaimable)');
		await press(app, '4', '\r');
		const frame = app.lastFrame()!;
		expect(frame).toContain('Prune the build cache');
		expect(frame).toContain('build cache: 700kB in 2 entries held alone, 600kB of it not in use');
		expect(frame).toContain('prune: frees about 600kB in 1 entry, leaving about 100kB');
		// Enter with the focus on Cancel closes it, as every destructive dialog.
		await press(app, '\r');
		expect(app.lastFrame()).not.toContain('Prune the build cache');
		expect(app.calls.map(call => call.name)).not.toContain('pruneBuildCache');
		await press(app, 'h', '4', '\r', 'y');
		expect(app.calls.find(call => call.name === 'pruneBuildCache')?.argument).toEqual({keepBytes: null, unusedFor: null});
		expect(app.lastFrame()).toContain('pruning the build cache…');
		app.store.dispatch(dialogReport('build-cache', {type: 'done', outcome: {kind: 'pruned', pruned: {cachesDeleted: 1, spaceReclaimed: 600_000}, before: null, after: null}}));
		await settle();
		expect(app.lastFrame()).toContain('removed 1 build cache entry; the engine reports 600kB reclaimed');
	});

	test('a prune that failed shows why', async () => {
		const app = renderApp({columns: 120, rows: 24, actions: [...connected, {type: 'disk', disk}]});
		await press(app, 'h', '4', '\r', 'y');
		app.store.dispatch(dialogReport('build-cache', {type: 'done', outcome: {kind: 'failed', message: 'this engine has no BuildKit build cache to prune'}}));
		await settle();
		expect(app.lastFrame()).toContain('this engine has no BuildKit build cache to prune');
		expect(app.lastFrame()).not.toContain('pruning the build cache…');
	});

	test('before the disk figures come, the entry says they are being measured and opens nothing', async () => {
		const app = renderApp({columns: 120, rows: 24, actions: [...connected]});
		await press(app, 'h', '4', '\r');
		expect(app.lastFrame()).toContain('the disk figures are still being measured');
		expect(app.lastFrame()).toContain('Housekeeping');
		expect(app.lastFrame()).not.toContain('Cancel');
	});

	test('an engine that reported no build cache says so in the menu and the dialog, and confirming runs nothing', async () => {
		const app = renderApp({columns: 120, rows: 24, actions: [...connected, {type: 'disk', disk: {...disk, buildCache: null}}]});
		expect(app.lastFrame()!.split('\n')[0]).not.toContain('build cache');
		await press(app, 'h');
		expect(app.lastFrame()).toContain('build cache none reported');
		await press(app, '4', '\r');
		expect(app.lastFrame()).toContain('The engine reports no BuildKit build cache');
		await press(app, 'y');
		expect(app.lastFrame()).not.toContain('Prune the build cache');
		expect(app.calls.map(call => call.name)).not.toContain('pruneBuildCache');
	});
});

/** What the containers dialog asked the engine to do (test/ui/render.tsx records it so). */
type ContainerRun = {readonly action: string; readonly containers: readonly ContainerInfo[]; readonly forced: boolean};

describe('containers pane actions', () => {
	test('d on a running container offers only stop-first or typing its name', async () => {
		const app = renderApp({columns: 100, rows: 24, actions: [...connected]});
		await press(app, '2', '/', 'web-1', '\r', 'd');
		expect(app.lastFrame()).toMatch(/skip\s+web-1\s+running: stop it first/);
		await press(app, 'f', 'web-1', '\r');
		const run = app.calls.find(call => call.name === 'runContainerAction')?.argument as ContainerRun;
		expect(run.action).toBe('remove');
		expect(run.forced).toBe(true);
	});

	test('x asks to stop the marked containers', async () => {
		const app = renderApp({columns: 100, rows: 24, actions: [...connected]});
		await press(app, '2', '*', 'x');
		expect(app.lastFrame()).toContain('Stop 3 containers');
		await press(app, 'y');
		const run = app.calls.find(call => call.name === 'runContainerAction')?.argument as ContainerRun;
		expect(run.containers.map(container => container.name).sort()).toEqual(['web-1', 'worker-old-1', 'worker-old-2']);
	});

	test('Enter on a container jumps to its image', async () => {
		const app = renderApp({columns: 100, rows: 24, actions: [...connected]});
		await press(app, '2', '/', 'web-1', '\r', '\r');
		expect(app.store.getState().pane).toBe('images');
		const view = app.store.getState().views.images;
		expect(view.cursor?.startsWith(images[3]!.id)).toBe(true);
	});
});

describe('text fields', () => {
	test('a 10,000-character paste into the filter is one update and never wraps over the layout', async () => {
		const app = renderApp({columns: 80, rows: 24, actions: [...connected]});
		await press(app, '/');
		const before = app.lastFrame()!.split('\n');
		const dispatched: string[] = [];
		const dispatch = app.store.dispatch;
		app.store.dispatch = action => {
			dispatched.push(action.type);
			dispatch(action);
		};
		await press(app, `\u001B[200~app${'x'.repeat(10_000)}\u001B[201~`);
		expect(dispatched).toEqual(['filter-input']);
		const after = app.lastFrame()!.split('\n');
		expect(after).toHaveLength(before.length);
		// The status line shows the end of the filter, cut to its width; the key line stays below it.
		expect(after.at(-2)).toMatch(/^\/…x+█/);
		expect(after.at(-1)).toContain('type to filter');
		for (const line of after) expect(line.length).toBeLessThanOrEqual(80);
	});

	test('control characters and bidi overrides typed or pasted into the force name are dropped', async () => {
		const app = renderApp({columns: 100, rows: 24, actions: [...connected]});
		await selectReference(app, 'app:1.1.0');
		await press(app, 'd', 'f', '\u001B[200~app:\u202E1.1\u0000.0\u001B[201~', '\r');
		expect(app.lastFrame()).toContain('FORCED');
	});
});
