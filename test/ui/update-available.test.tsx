// The containers pane marks a running container whose image's tag names a newer image on its
// registry (the sync status, from HEAD requests): ⇡ before the image.
import {cleanup} from 'ink-testing-library';
import {afterEach, expect, test} from 'vitest';
import type {SyncEntry} from '../../source/domain/sync-status';
import {container, image} from '../fixtures/scene';
import {renderApp, settle} from './render';

afterEach(() => cleanup());

const old = `sha256:${'a'.repeat(64)}`;
const moved = `sha256:${'b'.repeat(64)}`;

test('⇡ marks the running container whose image has an update, and only it', async () => {
	const images = [image('a1', ['nginx:latest'], {repoDigests: [`nginx@${old}`]}), image('b1', ['redis:7'], {repoDigests: [`redis@${old}`]})];
	const containers = [
		container('c1', 'web', 'a1', 'running', {image: 'nginx'}),
		container('c2', 'cache', 'b1', 'running', {image: 'redis:7'}),
		container('c3', 'old-web', 'a1', 'exited', {image: 'nginx'}),
	];
	const entries = new Map<string, SyncEntry>([
		['nginx:latest', {state: 'outdated', remoteDigest: moved, message: null}],
		['redis:7', {state: 'in sync', remoteDigest: old, message: null}],
	]);
	const app = renderApp({
		columns: 100,
		rows: 24,
		actions: [
			{type: 'connected', host: 'unix:///test.sock', engineVersion: '20.10.24', apiVersion: '1.41', images, containers},
			{type: 'sync-status', entries},
		],
	});
	await settle();
	app.stdin.write('2');
	await settle();
	const rows = (app.lastFrame() ?? '').split('\n');
	const row = (name: string) => rows.find(line => line.trim().startsWith(`${name} `)) ?? '';
	expect(row('web')).toMatch(/^\s*web\s+⇡ nginx\s+running/);
	expect(row('cache')).toMatch(/^\s*cache\s+redis:7\s+running/);
	expect(row('old-web')).toMatch(/^\s*old-web\s+nginx\s+exited/);
});
