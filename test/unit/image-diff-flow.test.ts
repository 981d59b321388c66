// The versions view's diff: space marks versions (two at most), = compares them, the older one
// first; the service reads both archives from a loopback engine and puts their diff in the view.
import type {Key} from 'ink';
import {afterEach, expect, test} from 'vitest';
import {pinnedEngine, unversionedClient} from '../../source/engine/connect';
import {resolveEngineTarget} from '../../source/engine/target';
import {createAppStore, reduceDialog} from '../../source/ui/dialogs/dialog-table';
import type {FlowResult} from '../../source/state/flows/flow';
import {versionsDialog} from '../../source/state/flows/menus';
import {initialState, reducer} from '../../source/state/reducer';
import type {Action, Dialog, State} from '../../source/state/types';
import type {ImageDiffDialog} from '../../source/state/flows/image-diff-types';
import type {VersionsDialog} from '../../source/state/flows/menus-types';
import {createLayerReading} from '../../source/services/layer-reading';
import {blankKey} from '../../source/terminal/parse-input';
import {flowKey} from '../../source/ui/keymap';
import {imageDiffLines} from '../../source/ui/dialogs/image-diff';
import {versionLines} from '../../source/ui/dialogs/versions';
import {selectVersionRows} from '../../source/state/selectors';
import {startFakeEngine, type FakeEngine} from '../fixtures/fake-engine';
import {file, imageArchive} from '../fixtures/tar-writer';
import {images, now} from '../fixtures/scene';

const state: State = [{type: 'lists', images, containers: []}].reduce((current, action) => reducer(current, action as Action), initialState({host: 'unix:///test.sock', columns: 100, rows: 30, now}));
const press = (dialog: Dialog, input: string, flags: Partial<Key> = {}): FlowResult<Dialog> => reduceDialog(dialog, flowKey(input, {...blankKey, ...flags}, true), state);
const id = (prefix: string) => prefix.padEnd(64, '0');

test('space marks up to two versions (a third replaces the first); = compares them, the older first', () => {
	// The list starts on app:1.3.0; below it come app:1.1.0 and app:1.0.0.
	const start = versionsDialog(state);
	const first = press(start, ' ').dialog as VersionsDialog;
	expect(first.marked).toEqual([{imageId: id('a3'), reference: 'app:1.3.0'}]);
	expect(press(first, '=').effects).toEqual([{type: 'message', message: {kind: 'info', text: 'mark two versions with space, then = shows what changed between them'}}]);
	const three = press(press(press(press(first, 'j').dialog!, ' ').dialog!, 'j').dialog!, ' ').dialog as VersionsDialog;
	expect(three.marked.map(mark => mark.reference)).toEqual(['app:1.1.0', 'app:1.0.0']);
	expect(
		versionLines(
			selectVersionRows(state.images, state.containers),
			three.cursor,
			three.marked.map(mark => mark.reference),
		).map(line => line.text.slice(0, 12)),
	).toEqual(['app  (3 vers', '  1.3.0     ', ' *1.1.0     ', '›*1.0.0     ', 'base/runtime', '  1.0       ', 'base/service', '  1.0       ', 'web  (1 vers', '  2.1.0     ']);
	// Unmarking: space again on a marked row.
	expect((press(three, ' ').dialog as VersionsDialog).marked.map(mark => mark.reference)).toEqual(['app:1.1.0']);
	const opened = press(three, '=');
	expect(opened.dialog).toMatchObject({kind: 'image-diff', before: {reference: 'app:1.0.0'}, after: {reference: 'app:1.1.0'}, reading: {bytes: 0, total: 12_200_000}, diff: null});
	expect(opened.effects).toEqual([{type: 'read-diff', before: id('a1'), after: id('a2')}]);
	expect(press(opened.dialog!, '', {escape: true})).toEqual({dialog: null, effects: [{type: 'cancel-layers'}]});
});

let engine: FakeEngine | null = null;
afterEach(async () => {
	await engine?.close();
	engine = null;
});

test('the service reads both images and puts their diff in the view, as dockswab diff prints it', async () => {
	const base = [file('bin/sh', 900)];
	const archives: Record<string, Buffer> = {
		'sha256:old': imageArchive({layout: 'classic', layers: [base, [file('app/main', 10), file('app/gone', 3)]]}),
		'sha256:new': imageArchive({layout: 'oci', compression: 'gzip', layers: [base, [file('app/main', 12), file('app/new', 4)]]}),
	};
	engine = await startFakeEngine({
		route(_request, path, response) {
			const archive = archives[/^\/images\/(.+)\/get$/.exec(path)?.[1] ?? ''];
			if (!archive) return false;
			response.writeHead(200, {'Content-Type': 'application/x-tar'});
			response.end(archive);
			return true;
		},
	});
	const target = resolveEngineTarget({DOCKER_HOST: engine.host});
	const docker = pinnedEngine(target, await unversionedClient(target).version()).docker;
	const store = createAppStore(initialState({host: 'x', columns: 100, rows: 30, now}));
	const dialog: ImageDiffDialog = {
		kind: 'image-diff',
		before: {imageId: 'sha256:old', reference: 'app:1'},
		after: {imageId: 'sha256:new', reference: 'app:2'},
		reading: {bytes: 0, total: 1},
		error: null,
		diff: null,
		scroll: 0,
	};
	store.dispatch({type: 'dialog-open', dialog});
	createLayerReading(store, () => docker).diff('sha256:old', 'sha256:new');
	const done = await new Promise<ImageDiffDialog>(resolve => {
		const unsubscribe = store.subscribe(() => {
			const current = store.getState().dialog as ImageDiffDialog;
			if (current.diff || current.error) {
				unsubscribe();
				resolve(current);
			}
		});
	});
	expect(done.error).toBeNull();
	expect(imageDiffLines(done).map(line => line.text)).toEqual([
		expect.stringMatching(/^app:1 \(old\) => app:2 \(new\): 1 layer shared, 1 only before, 1 only after$/),
		expect.stringMatching(/^ {2}before layer 2: sha256:/),
		expect.stringMatching(/^ {2}after layer 2: sha256:/),
		'+ app/new  4B',
		'- app/gone  3B',
		'~ app/main  10B => 12B  (size, layer)',
		'1 added (4B), 1 removed (3B), 1 changed',
	]);
});
