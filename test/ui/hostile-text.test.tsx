// Names, history and container names come from whoever built or runs an image: drawn, never obeyed.
import {afterEach, expect, test} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {container, image} from '../fixtures/scene';
import {emptyProgress} from '../../source/domain/transfer-progress';
import {renderApp, settle} from './render';
import {dialogReport} from '../../source/state/dialog-report';

afterEach(() => cleanup());

const clipboardWrite = '\u001B]52;c;AAAA\u0007';
const titleWrite = '\u001B]0;OWNED-TITLE\u0007';
const hostile = image('e1', [`evil${titleWrite}:1`]);
const history = [{id: hostile.id, created: 0, createdBy: `/bin/sh -c echo ${clipboardWrite}${titleWrite}`, size: 1000, tags: []}];
const runner = container('r1', `runner${titleWrite}`, 'e1', 'running');

function expectInert(frame: string | undefined): void {
	expect(frame).not.toContain('\u001B');
	expect(frame).not.toContain('\u0007');
}

test('escape sequences in a name, the layer history and a container name are drawn as visible escapes', async () => {
	const app = renderApp({
		columns: 120,
		rows: 30,
		actions: [
			{type: 'connected', host: 'unix:///test.sock', engineVersion: '20.10.24', apiVersion: '1.41', images: [], containers: []},
			{type: 'lists', images: [hostile], containers: [runner]},
		],
	});
	await settle();
	const list = app.lastFrame();
	expectInert(list);
	expect(list).toContain('evil\\x1b]0;OWNED-TITLE\\x07');

	app.stdin.write('\r');
	await settle();
	app.store.dispatch(dialogReport('details', {type: 'history', history}));
	await settle();
	const details = app.lastFrame();
	expectInert(details);
	expect(details).toContain('echo \\x1b]52;c;AAAA\\x07\\x1b]0;OWNED-TITLE\\x07');
	expect(details).toContain('runner\\x1b]0;OWNED-TITLE\\x07');
	expect(details).toContain(`Image evil\\x1b]0;OWNED-TITLE\\x07:1`);

	app.stdin.write('\u001B');
	await settle();
	app.stdin.write('2');
	await settle();
	const containersPane = app.lastFrame();
	expectInert(containersPane);
	expect(containersPane).toContain('runner\\x1b]0;OWNED-TITLE\\x07');
});

test("a registry's catalog names, its error text and the status line draw escapes too", async () => {
	const app = renderApp({
		columns: 120,
		rows: 24,
		actions: [
			{type: 'connected', host: 'unix:///test.sock', engineVersion: '20.10.24', apiVersion: '1.41', images: [], containers: []},
			{type: 'registries', registries: [{server: '127.0.0.1:5000', user: 'dockswab', store: 'config.json'}], configPath: '/cfg/config.json'},
		],
	});
	await settle();
	app.stdin.write('3');
	await settle();
	app.store.dispatch({type: 'registry-check', server: '127.0.0.1:5000', check: {state: 'unreachable', message: `bad gateway${titleWrite}`}});
	await settle();
	const pane = app.lastFrame();
	expectInert(pane);
	expect(pane).toContain('not reachable: bad gateway\\x1b]0;OWNED');

	app.stdin.write('\r');
	await settle();
	const browsed = app.store.getState().dialog;
	if (browsed?.kind !== 'browse') throw new Error('not browsing');
	app.store.dispatch(dialogReport('browse', {type: 'repositories-page', server: browsed.server, repositories: [`app${clipboardWrite}`, 'web\u202Egnp'], pages: 1}));
	app.store.dispatch({type: 'message', message: {kind: 'error', text: `denied: ${titleWrite}`}});
	await settle();
	const browse = app.lastFrame();
	expectInert(browse);
	expect(browse).not.toContain('\u202E');
	expect(browse).toContain('app\\x1b]52;c;AAAA\\x07');
	expect(browse).toContain('web\\u202egnp');
	expect(browse).toContain('denied: \\x1b]0;OWNED-TITLE\\x07');
});

test("a pull's layer status and error, and a build's log, draw escapes too", async () => {
	const app = renderApp({columns: 120, rows: 24, actions: [{type: 'connected', host: 'unix:///test.sock', engineVersion: '20.10.24', apiVersion: '1.41', images: [], containers: []}]});
	const progress = {...emptyProgress(0), layers: [{id: 'a1b2c3d4e5f6', status: `Waiting${titleWrite}`, current: 0, total: null}]};
	app.store.dispatch({
		type: 'operation-add',
		operation: {id: 1, kind: 'pull', title: 'pull app:2', state: 'failed', progress, log: [], error: {kind: 'failed', message: `manifest unknown${clipboardWrite}`}, digest: null, imageId: null},
	});
	app.store.dispatch({
		type: 'operation-add',
		operation: {id: 2, kind: 'build', title: 'build app:3', state: 'running', progress: emptyProgress(0), log: [`Step 1/1 : RUN echo ${clipboardWrite}`], error: null, digest: null, imageId: null},
	});
	await settle();
	app.stdin.write('O');
	await settle();
	app.stdin.write('\r');
	await settle();
	const build = app.lastFrame();
	expectInert(build);
	expect(build).toContain('RUN echo \\x1b]52;c;AAAA\\x07');
	// Enter leaves the build running; O lists the operations again.
	app.stdin.write('\r');
	await settle();
	app.stdin.write('O');
	await settle();
	app.stdin.write('j');
	await settle();
	app.stdin.write('\r');
	await settle();
	const pull = app.lastFrame();
	expectInert(pull);
	expect(pull).toContain('Waiting\\x1b]0;OWNED-TITLE\\x07');
	expect(pull).toContain('manifest unknown\\x1b]52;c;AAAA\\x07');
});
