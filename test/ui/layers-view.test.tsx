// The layers view on screen: opened with l from the details view, the read asked for and its
// progress shown, then the layers; a path from the image is drawn with its escapes visible.
import {dialogReport} from '../../source/state/dialog-report';
import {afterEach, expect, test} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {analyseImage} from '../../source/domain/layer-analysis';
import type {ImageFiles} from '../../source/domain/layer-files';
import {images} from '../fixtures/scene';
import {connected, press, renderApp, settle} from './render';

afterEach(() => cleanup());

const files: ImageFiles = {
	cutOffAt: null,
	layers: [
		{diffId: 'sha256:a', createdBy: '/bin/sh -c #(nop) COPY dir:1 in /', entries: [{path: 'opt/evil\u001b]0;x\u0007', type: 'file', size: 4000}], entryCount: 1, fileBytes: 4000},
		{diffId: 'sha256:b', createdBy: '/bin/sh -c rm -rf /opt', entries: [{path: '.wh.opt', type: 'file', size: 0}], entryCount: 1, fileBytes: 0},
	],
};

test("l in the details view reads the image's layers, shows the progress, then each layer; Enter lists a layer's files", async () => {
	const app = renderApp({columns: 100, rows: 24, actions: [...connected]});
	await press(app, '/', 'base/runtime', '\r', '\r');
	expect(app.lastFrame()).toContain('l layers and their files');
	await press(app, 'l');
	const imageId = images[5]!.id;
	expect(app.calls).toContainEqual({name: 'readLayers', argument: imageId});
	expect(app.lastFrame()).toContain('Layers of base/runtime:1.0: why it is this big');
	expect(app.lastFrame()).toContain("waiting for the engine to put the image's archive together…");
	app.store.dispatch(dialogReport('layers', {type: 'progress', imageId, bytes: 2_000_000}));
	await settle();
	expect(app.lastFrame()).toContain('reading the image from the engine: 2MB of about 5MB');
	app.store.dispatch(dialogReport('layers', {type: 'read', imageId, files, analysis: analyseImage(files)}));
	await settle();
	const frame = app.lastFrame()!;
	expect(frame).toContain('4kB in 2 layers, wasted 4kB, efficiency 0.0%');
	expect(frame).toContain('>  1      4kB 100.0%      4kB  COPY dir:1 in /');
	expect(frame).toContain('4kB  opt/evil\\x1b]0;x\\x07');
	await press(app, 'j', '\r');
	expect(app.lastFrame()).toContain('layer 2: what it adds (+), changes (~) and removes (-); 1 file, by size · layer stores 0B');
	expect(app.lastFrame()).toContain('>-      4kB    opt/');
	expect(app.lastFrame()).toContain('Enter fold · / filter · s sort by size or name · a every file as of this layer');
	await press(app, '\u001B', '\u001B');
	expect(app.lastFrame()).not.toContain('Layers of');
	// Read already: leaving cancels nothing.
	expect(app.calls.filter(call => call.name === 'cancelLayers')).toEqual([]);
});

test('v, space on two versions, =: what changed between them is read and shown, the older first', async () => {
	const app = renderApp({columns: 100, rows: 24, actions: [...connected]});
	await press(app, 'v', ' ', 'j', ' ');
	expect(app.lastFrame()).toContain('›*1.1.0');
	await press(app, '=');
	expect(app.calls).toContainEqual({name: 'readDiff', argument: {before: images[1]!.id, after: images[2]!.id}});
	expect(app.lastFrame()).toContain('What changed from app:1.1.0 to app:1.3.0');
	expect(app.lastFrame()).toContain("waiting for the engine to put the first image's archive together…");
	await press(app, '\u001B');
	expect(app.calls).toContainEqual({name: 'cancelLayers'});
	expect(app.lastFrame()).not.toContain('What changed');
});
