// Names, history and container names come from whoever built or runs an image: drawn, never obeyed.
import {afterEach, expect, test} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {container, image} from '../fixtures/scene';
import {renderApp, settle} from './render';

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
	app.store.dispatch({type: 'dialog-update', kind: 'details', patch: {history}});
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
