// `plan` and `clean` print names an engine gave: on a terminal they are shown, never obeyed; to a
// pipe they go as they are, for scripts. One fake engine on loopback holds the hostile name.
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {textFor} from '../../source/terminal-output';
import {fakeImage, startFakeEngine, type FakeEngine} from '../fixtures/fake-engine';
import {buildCli, isolatedEnv, runOnTerminal, runToPipe} from '../fixtures/built-cli';
import {tempDir} from '../fixtures/temp-dir';

const hostileName = 'evil\u001B]0;OWNED-TITLE\u0007\u009B2J\u202E';
const shownName = 'evil\\x1b]0;OWNED-TITLE\\x07\\x9b2J\\u202e';
const terminalControls = /[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F-\u009F\u202E]/;

describe('textFor', () => {
	test('a terminal gets escapes, with its line breaks kept; a pipe gets the text as it is', () => {
		const text = `delete   ${hostileName}:1\nblocked  b\n`;
		expect(textFor({isTTY: true}, text)).toBe(`delete   ${shownName}:1\nblocked  b\n`);
		expect(textFor({isTTY: false}, text)).toBe(text);
		expect(textFor({}, text)).toBe(text);
	});

	test('JSON on a terminal stays JSON of the same value', () => {
		const json = `${JSON.stringify({label: `${hostileName}:1`}, null, 2)}\n`;
		const shown = textFor({isTTY: true}, json, 'json');
		expect(shown).not.toMatch(terminalControls);
		expect(JSON.parse(shown)).toEqual({label: `${hostileName}:1`});
		expect(textFor({isTTY: false}, json, 'json')).toBe(json);
	});
});

// Room for a start on a machine busy with other tests.
describe('the built program', {timeout: 30_000}, () => {
	let cli = '';
	let home = '';
	let engine: FakeEngine;
	beforeAll(async () => {
		home = tempDir('dockswab-headless-');
		[cli, engine] = await Promise.all([buildCli(home), startFakeEngine({images: [{...fakeImage, RepoTags: [`${hostileName}:1`]}], containers: []})]);
	}, 60_000);
	afterAll(() => engine?.close());

	const args = () => ['plan', '--unused', '-H', engine.host];

	test('plan on a terminal shows the name with visible escapes', async () => {
		const {output} = await runOnTerminal(cli, args(), isolatedEnv(home, {}));
		expect(output).toContain(`${shownName}:1`);
		expect(output).not.toMatch(terminalControls);
	});

	test('plan to a pipe writes the name as the engine gave it', async () => {
		const {stdout} = await runToPipe(cli, args(), isolatedEnv(home, {}));
		expect(stdout).toContain(`${hostileName}:1`);
	});

	test('plan --json on a terminal is JSON with the same name, its controls written as \\u escapes', async () => {
		const {output} = await runOnTerminal(cli, [...args(), '--json'], isolatedEnv(home, {}));
		expect(output).not.toMatch(terminalControls);
		expect(output).toContain('\\u001b]0;OWNED-TITLE\\u0007\\u009b2J\\u202e');
		expect(JSON.stringify(JSON.parse(output))).toContain(JSON.stringify(`${hostileName}:1`).slice(1, -1));
	});
});
