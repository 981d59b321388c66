import {afterEach, describe, expect, test} from 'vitest';
import {cleanup} from 'ink-testing-library';
import type {SyncEntry} from '../../source/domain/sync-status';
import {image, now} from '../fixtures/scene';
import {renderApp, settle} from './render';

afterEach(() => cleanup());

const reg = '127.0.0.1:5000';
const digest = (c: string) => `sha256:${c.repeat(64)}`;
const day = 86_400;

const images = [
	image('a1', [`${reg}/app:1.3.0`, 'app:1.3.0'], {repoDigests: [`${reg}/app@${digest('a')}`], created: now / 1000 - day}),
	image('a2', [`${reg}/app:never`], {created: now / 1000 - 2 * day}),
	image('a3', [`${reg}/app:1.2.0`], {repoDigests: [`${reg}/app@${digest('c')}`], created: now / 1000 - 3 * day}),
	image('a4', ['far.example:5000/app:1'], {created: now / 1000 - 4 * day}),
];
const entries = new Map<string, SyncEntry>([
	[`${reg}/app:1.3.0`, {state: 'in sync', remoteDigest: digest('a'), message: null}],
	[`${reg}/app:never`, {state: 'not pushed', remoteDigest: null, message: null}],
	[`${reg}/app:1.2.0`, {state: 'outdated', remoteDigest: digest('b'), message: null}],
	['far.example:5000/app:1', {state: 'unknown', remoteDigest: null, message: 'far.example:5000 is not reachable'}],
]);
const actions = [{type: 'connected', host: 'unix:///test.sock', engineVersion: '20.10.24', apiVersion: '1.41', images, containers: []} as const, {type: 'sync-status', entries} as const];

const lines = (frame: string | undefined) => (frame ?? '').split('\n');
/** The row of a repository and tag, split into cells as the eye reads it. */
const cellsOf = (frame: string, repository: string, tag: string) =>
	lines(frame)
		.map(line => line.trim().split(/\s+/))
		.find(cells => cells[0] === repository && cells[1] === tag);

describe('sync status', () => {
	test('the images pane shows a marker between the tag and the image ID, blank without a registry, at 80 columns', async () => {
		const app = renderApp({columns: 80, rows: 24, actions: [...actions]});
		await settle();
		const frame = app.lastFrame()!;
		expect(cellsOf(frame, `${reg}/app`, '1.3.0')?.slice(2, 4)).toEqual(['✓', 'a1' + '0'.repeat(10)]);
		expect(cellsOf(frame, `${reg}/app`, 'never')?.slice(2, 4)).toEqual(['↑', 'a2' + '0'.repeat(10)]);
		expect(cellsOf(frame, `${reg}/app`, '1.2.0')?.slice(2, 4)).toEqual(['≠', 'a3' + '0'.repeat(10)]);
		expect(cellsOf(frame, 'far.example:5000/app', '1')?.slice(2, 4)).toEqual(['?', 'a4' + '0'.repeat(10)]);
		expect(cellsOf(frame, 'app', '1.3.0')?.[2]).toBe('a1' + '0'.repeat(10));
		expect(lines(frame).every(line => line.length <= 80)).toBe(true);
	});

	test('a new answer redraws the marker without a key press', async () => {
		const app = renderApp({columns: 100, rows: 24, actions: [...actions]});
		await settle();
		app.store.dispatch({type: 'sync-status', entries: new Map([...entries, [`${reg}/app:1.3.0`, {state: 'outdated', remoteDigest: digest('d'), message: null}]])});
		await settle();
		expect(cellsOf(app.lastFrame()!, `${reg}/app`, '1.3.0')?.[2]).toBe('≠');
	});

	test('the details view says it in full, per tag', async () => {
		const app = renderApp({columns: 120, rows: 30, actions: [...actions]});
		await settle();
		app.stdin.write('\r');
		await settle();
		const frame = app.lastFrame()!;
		expect(frame).toContain('Registries');
		expect(frame).toContain(`${reg}/app:1.3.0  in sync (${digest('a')})`);
		// A tag with no registry to ask is not listed there.
		expect(frame).not.toMatch(/^\W*app:1\.3\.0\s+(in sync|unknown|not pushed)/m);
	});

	test('the details view of an image whose registry could not be asked says why', async () => {
		const app = renderApp({columns: 120, rows: 30, actions: [...actions]});
		await settle();
		app.stdin.write('G');
		await settle();
		app.stdin.write('\r');
		await settle();
		expect(app.lastFrame()).toContain('far.example:5000/app:1  unknown: far.example:5000 is not reachable');
	});

	test('the delete plan says which images a pull brings back, and the totals count them', async () => {
		const app = renderApp({columns: 140, rows: 30, actions: [...actions]});
		await settle();
		for (const key of ['*', 'd']) {
			app.stdin.write(key);
			await settle();
		}
		const frame = app.lastFrame()!;
		// The image of app:1.3.0 goes with both its tags; its registry tag holds the same digest.
		expect(frame).toMatch(/untag\s+127\.0\.0\.1:5000\/app:1\.3\.0\s+image stays as app:1\.3\.0/);
		expect(frame).toMatch(/delete\s+app:1\.3\.0\s+frees \S+; recoverable from 127\.0\.0\.1:5000\/app:1\.3\.0/);
		expect(frame).toMatch(/delete\s+127\.0\.0\.1:5000\/app:never\s+frees \S+; not in any registry/);
		expect(frame).toMatch(/delete\s+127\.0\.0\.1:5000\/app:1\.2\.0\s+frees \S+; not in any registry/);
		expect(frame).toMatch(/delete\s+far\.example:5000\/app:1\s+frees \S+; recoverable: unknown/);
		expect(frame).toContain('1 recoverable · 2 not in any registry · 1 unknown');
	});

	test('the help names the markers', async () => {
		const app = renderApp({columns: 80, rows: 24, actions: [...actions]});
		await settle();
		app.stdin.write('?');
		await settle();
		expect(app.lastFrame()).toContain('✓ in sync  ≠ outdated  ↑ not pushed  ? unknown');
	});
});
