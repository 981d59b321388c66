// The layers view: opened from the details view, leaving it while it reads cancels the read, and
// Enter on a layer lists that layer's changes, biggest first. Also the service that reads into it
// from a loopback engine: progress, the analysis, and a cancel that closes the engine's stream.
import type {ServerResponse} from 'node:http';
import type {Key} from 'ink';
import {afterEach, expect, test} from 'vitest';
import {analyseImage} from '../../source/domain/layer-analysis';
import type {ImageFiles, LayerEntry} from '../../source/domain/layer-files';
import {pinnedEngine, unversionedClient} from '../../source/engine/connect';
import {resolveEngineTarget} from '../../source/engine/target';
import {createAppStore, reduceDialog} from '../../source/ui/dialogs/dialog-table';
import type {FlowResult} from '../../source/state/flows/flow';
import {detailsDialog} from '../../source/state/flows/menus';
import {initialState, reducer} from '../../source/state/reducer';
import type {Action, Dialog, State} from '../../source/state/types';
import type {LayersDialog} from '../../source/state/flows/layers-types';
import {createLayerReading} from '../../source/services/layer-reading';
import {blankKey} from '../../source/terminal/parse-input';
import {flowKey} from '../../source/ui/keymap';
import {layersLines} from '../../source/ui/dialogs/layers';
import {startFakeEngine, type FakeEngine} from '../fixtures/fake-engine';
import {file, imageArchive, whiteout} from '../fixtures/tar-writer';
import {images, now} from '../fixtures/scene';

const state: State = [{type: 'lists', images, containers: []}].reduce((current, action) => reducer(current, action as Action), initialState({host: 'unix:///test.sock', columns: 100, rows: 30, now}));
const press = (dialog: Dialog, input: string, flags: Partial<Key> = {}): FlowResult<Dialog> => reduceDialog(dialog, flowKey(input, {...blankKey, ...flags}, true), state);

const entry = (path: string, size: number): LayerEntry => ({path, type: 'file', size});
const files: ImageFiles = {
	cutOffAt: null,
	layers: [
		{diffId: 'sha256:a', createdBy: 'ADD rootfs', entries: [entry('bin/sh', 900), entry('etc/conf', 10)], entryCount: 2, fileBytes: 910},
		{diffId: 'sha256:b', createdBy: 'RUN apt-get install', entries: [entry('var/cache/x.deb', 500), entry('usr/bin/tool', 2000), entry('etc/conf', 20)], entryCount: 3, fileBytes: 2520},
		{diffId: 'sha256:c', createdBy: 'RUN rm -rf /var/cache', entries: [{path: 'var/.wh.cache', type: 'file', size: 0}], entryCount: 1, fileBytes: 0},
	],
};

test('l in the details view opens the layers view and asks for the read; Esc while it reads cancels it', () => {
	const image = images[0]!;
	const details = detailsDialog(image.id).dialog!;
	const opened = press(details, 'l');
	expect(opened.dialog).toMatchObject({kind: 'layers', imageId: image.id, reading: {bytes: 0, total: image.size}, analysis: null});
	expect(opened.effects).toEqual([{type: 'read-layers', imageId: image.id}]);
	expect(press(opened.dialog!, '', {escape: true})).toEqual({dialog: null, effects: [{type: 'cancel-layers'}]});
});

/** The tree rows: indent, mark, bytes, name (a directory ends with /, folded with ▸). */
const rowsOf = (dialog: Dialog | null) =>
	(dialog as LayersDialog).open!.rows.map(
		row => `${'  '.repeat(row.depth)}${row.mark === ' ' ? '' : `${row.mark} `}${row.size} ${row.folded ? '▸' : ''}${row.name}${row.folds || row.type === 'directory' ? '/' : ''}`,
	);

test("once read: j/k move over the layers, Enter shows a layer's changes as a tree biggest first, Esc goes back, then closes", () => {
	const read: LayersDialog = {kind: 'layers', imageId: 'x', reading: null, error: null, files, analysis: analyseImage(files), cursor: 0, open: null};
	const down = press(press(press(read, 'j').dialog!, 'j').dialog!, 'j').dialog as LayersDialog;
	expect(down.cursor).toBe(2);
	const second = press(down, 'k').dialog as LayersDialog;
	const opened = press(second, '', {return: true}).dialog as LayersDialog;
	expect(opened.open).toMatchObject({layer: 1, everything: false, sort: 'size', filter: '', cursor: 0});
	expect(rowsOf(opened)).toEqual(['2000 usr/', '  2000 bin/', '    + 2000 tool', '500 var/', '  500 cache/', '    + 500 x.deb', '20 etc/', '  ~ 20 conf']);
	expect(layersLines(opened, 100).lines.map(row => row.text)).toEqual([
		'layer 2: what it adds (+), changes (~) and removes (-); 3 files, by size · layer stores 2.52kB',
		'>       2kB  ▾ usr/',
		'        2kB    ▾ bin/',
		' +      2kB        tool',
		'       500B  ▾ var/',
		'       500B    ▾ cache/',
		' +     500B        x.deb',
		'        20B  ▾ etc/',
		' ~      20B      conf',
	]);
	const back = press(opened, '', {escape: true}).dialog as LayersDialog;
	expect(back).toMatchObject({open: null, cursor: 1});
	expect(press(back, '', {escape: true})).toEqual({dialog: null, effects: []});
});

test("a layer's files: Enter folds a directory, s sorts by name, a shows every file as of the layer with its changes marked, / filters", () => {
	const read: LayersDialog = {kind: 'layers', imageId: 'x', reading: null, error: null, files, analysis: analyseImage(files), cursor: 1, open: null};
	const opened = press(read, '', {return: true}).dialog!;
	const folded = press(opened, '', {return: true}).dialog!;
	expect(rowsOf(folded)).toEqual(['2000 ▸usr/', '500 var/', '  500 cache/', '    + 500 x.deb', '20 etc/', '  ~ 20 conf']);
	expect(rowsOf(press(folded, ' ').dialog)).toEqual(rowsOf(opened));
	expect(rowsOf(press(opened, 's').dialog).filter(row => !row.startsWith(' '))).toEqual(['20 etc/', '2000 usr/', '500 var/']);
	const everything = press(opened, 'a').dialog!;
	// bin/sh comes from layer 1, untouched by layer 2.
	expect(rowsOf(everything).filter(row => !row.startsWith(' '))).toEqual(['2000 usr/', '900 bin/', '500 var/', '20 etc/']);
	expect(rowsOf(everything)).toContain('  900 sh');
	// Layer 3 removed the cache: its change list says so, and as of layer 3 it is gone.
	const third = press({...read, cursor: 2}, '', {return: true}).dialog!;
	expect(rowsOf(third)).toEqual(['500 var/', '  - 500 cache/']);
	expect(rowsOf(press(third, 'a').dialog).join('|')).not.toContain('cache');
	let filtering = press(everything, '/').dialog!;
	for (const typed of ['B', 'i', 'N']) filtering = press(filtering, typed).dialog!;
	expect(rowsOf(filtering)).toEqual(['2000 usr/', '  2000 bin/', '    + 2000 tool', '900 bin/', '  900 sh']);
	expect((filtering as LayersDialog).open).toMatchObject({filter: 'BiN', filtering: true});
	// Keys while filtering are text: j is a letter of the filter, not a move.
	const withJ = press(filtering, 'j').dialog!;
	expect([(withJ as LayersDialog).open!.filter, rowsOf(withJ)]).toEqual(['BiNj', []]);
	expect(rowsOf(press(withJ, '', {backspace: true}).dialog)).toHaveLength(5);
	const kept = press(filtering, '', {return: true}).dialog!;
	expect((kept as LayersDialog).open).toMatchObject({filter: 'BiN', filtering: false});
	const cleared = press(press(kept, '/').dialog!, '', {escape: true}).dialog!;
	expect(rowsOf(cleared)).toEqual(rowsOf(everything));
});

test("hard links: a folder counts a file stored once under several names once, in the layer's changes, as of the layer, and in a removal", () => {
	const hard = (path: string, target: string): LayerEntry => ({path, type: 'hardlink', size: 0, linkTarget: target});
	const linked: ImageFiles = {
		cutOffAt: null,
		layers: [
			// git's 700-byte binary under three names (two in another folder), beside a 50-byte file.
			{
				diffId: 'sha256:a',
				createdBy: 'ADD rootfs',
				entries: [
					entry('usr/bin/git', 700),
					hard('usr/bin/git-add', 'usr/bin/git'),
					hard('usr/libexec/git-core/git', 'usr/bin/git'),
					hard('usr/libexec/git-core/git-add', 'usr/bin/git'),
					entry('usr/bin/ls', 50),
				],
				entryCount: 5,
				fileBytes: 750,
			},
			{diffId: 'sha256:b', createdBy: 'RUN rm -rf /usr/libexec', entries: [{path: 'usr/.wh.libexec', type: 'file', size: 0}], entryCount: 1, fileBytes: 0},
		],
	};
	const read: LayersDialog = {kind: 'layers', imageId: 'x', reading: null, error: null, files: linked, analysis: analyseImage(linked), cursor: 0, open: null};
	const added = press(read, '', {return: true}).dialog!;
	// usr holds 750 bytes (git once, ls), bin 750, git-core 700; each name still shows its file's size.
	expect(rowsOf(added)).toEqual(['750 usr/', '  750 bin/', '    + 700 git', '    + 700 git-add', '    + 50 ls', '  700 libexec/', '    700 git-core/', '      + 700 git', '      + 700 git-add']);
	expect(rowsOf(press(added, 'a').dialog)).toEqual([
		'750 usr/',
		'  750 bin/',
		'    + 700 git',
		'    + 700 git-add',
		'    + 50 ls',
		'  700 libexec/',
		'    700 git-core/',
		'      + 700 git',
		'      + 700 git-add',
	]);
	// Removing libexec hid 700 bytes, not 1,400; as of layer 2 git has two names left, in bin.
	const removal = press({...read, cursor: 1}, '', {return: true}).dialog!;
	expect(rowsOf(removal)).toEqual(['700 usr/', '  - 700 libexec/']);
	expect(rowsOf(press(removal, 'a').dialog)).toEqual(['750 usr/', '  750 bin/', '    700 git', '    700 git-add', '    50 ls']);
});

test('the layer list: bytes, share, waste and instruction per layer, the cursor marked, the top offenders', () => {
	const read: LayersDialog = {kind: 'layers', imageId: 'x', reading: null, error: null, files, analysis: analyseImage(files), cursor: 1, open: null};
	expect(layersLines(read, 80).lines.map(row => row.text)).toEqual([
		'3.43kB in 3 layers, wasted 510B, efficiency 85.1%',
		'   #     size  share   wasted  instruction',
		'   1     910B  26.5%      10B  ADD rootfs',
		'>  2   2.52kB  73.5%     500B  RUN apt-get install',
		'   3       0B   0.0%       0B  RUN rm -rf /var/cache',
		'Most wasted',
		'      500B  var/cache/x.deb',
		'       10B  etc/conf',
	]);
	const reading: LayersDialog = {...read, reading: {bytes: 1_500_000, total: 9_000_000}, analysis: null, files: null};
	expect(layersLines(reading, 80).lines.map(row => row.text)).toEqual(['reading the image from the engine: 1.5MB of about 9MB']);
});

let engine: FakeEngine | null = null;
afterEach(async () => {
	await engine?.close();
	engine = null;
});

const archive = imageArchive({layout: 'classic', layers: [[file('a', 100_000)], [whiteout('a'), file('b', 7)]]});

test("the service reads into the view it was asked for: the analysis arrives; a cancel closes the engine's stream", async () => {
	let heldRequest: () => void = () => undefined;
	let heldClosed: () => void = () => undefined;
	const requested = new Promise<void>(resolve => (heldRequest = resolve));
	const streamClosed = new Promise<void>(resolve => (heldClosed = resolve));
	engine = await startFakeEngine({
		route(_request, path, response: ServerResponse) {
			if (path === '/images/sha256:done/get') {
				response.writeHead(200, {'Content-Type': 'application/x-tar'});
				response.end(archive);
				return true;
			}
			if (path !== '/images/sha256:held/get') return false;
			// Part of the archive, then nothing: only a cancel ends this read.
			response.writeHead(200, {'Content-Type': 'application/x-tar'});
			response.write(archive.subarray(0, 2048), () => heldRequest());
			response.on('close', () => heldClosed());
			return true;
		},
	});
	const target = resolveEngineTarget({DOCKER_HOST: engine.host});
	const docker = pinnedEngine(target, await unversionedClient(target).version()).docker;
	const store = createAppStore(initialState({host: 'x', columns: 100, rows: 30, now}));
	const reading = createLayerReading(store, () => docker);
	const open = (imageId: string) =>
		store.dispatch({type: 'dialog-open', dialog: {kind: 'layers', imageId, reading: {bytes: 0, total: 1}, error: null, files: null, analysis: null, cursor: 0, open: null}});

	open('sha256:done');
	reading.read('sha256:done');
	const done = await new Promise<LayersDialog>(resolve => {
		const unsubscribe = store.subscribe(() => {
			const dialog = store.getState().dialog as LayersDialog;
			if (dialog.analysis) {
				unsubscribe();
				resolve(dialog);
			}
		});
	});
	expect(done.reading).toBeNull();
	expect(done.analysis).toMatchObject({totalBytes: 100_007, wastedBytes: 100_000});

	open('sha256:held');
	reading.read('sha256:held');
	await requested;
	reading.cancel();
	await streamClosed;
	// A cancelled read leaves the view as it was: no error to show.
	expect(store.getState().dialog).toMatchObject({imageId: 'sha256:held', error: null, analysis: null});
});
