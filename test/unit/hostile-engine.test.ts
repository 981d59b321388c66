// The issue's own reproduction: Enter on an image whose history holds an OSC 52 clipboard write
// and an OSC 0 window title, on a real terminal. Nothing of either may reach the terminal.
import {afterAll, beforeAll, expect, test} from 'vitest';
import {fakeImage, startFakeEngine, type FakeEngine} from '../fixtures/fake-engine';
import {buildCli, isolatedEnv, runOnTerminal} from '../fixtures/built-cli';
import {tempDir} from '../fixtures/temp-dir';

const clipboardWrite = '\u001B]52;c;AAAA\u0007';
const titleWrite = '\u001B]0;OWNED-TITLE\u0007';

let cli = '';
let home = '';
let engine: FakeEngine;
beforeAll(async () => {
	home = tempDir('dockswab-hostile-engine-');
	const history = [{Id: fakeImage.Id, Created: 1_700_000_000, CreatedBy: `/bin/sh -c echo ${clipboardWrite}${titleWrite}`, Size: 0, Tags: null}];
	[cli, engine] = await Promise.all([buildCli(home), startFakeEngine({images: [{...fakeImage, RepoTags: [`evil${titleWrite}:1`]}], containers: [], history})]);
}, 60_000);
afterAll(() => engine?.close());

test('Enter on an image with escape sequences in its name and history writes none of them to the terminal', async () => {
	const run = await runOnTerminal(cli, ['-H', engine.host], isolatedEnv(home, {CI: 'false'}), {
		columns: 120,
		// The row drawn: Enter. The history drawn: q leaves the details, and q again quits.
		steps: [
			{after: 'evil\\x1b]0;OWNED-TITLE\\x07', keys: '\r'},
			{after: 'echo \\x1b]52', keys: 'qq'},
		],
	});
	expect(run.output).toContain('echo \\x1b]52;c;AAAA\\x07\\x1b]0;OWNED-TITLE\\x07');
	expect(run.output).not.toContain(']52;c;AAAA\u0007');
	expect(run.output).not.toContain('\u001B]');
	expect(run.output).not.toContain('\u0007');
	expect(run.code).toBe(0);
}, 30_000);
