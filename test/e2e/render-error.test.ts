// A crash while drawing must hand the terminal back as it was found. The fault is injected
// (DOCKSWAB_INJECT_FAULT=render makes drawing the containers pane throw), so it stays a real
// render error whatever the engine layer comes to check in the answers it reads.
import {execFile} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {promisify} from 'node:util';
import {afterEach, expect, test} from 'vitest';
import {startFakeEngine, type FakeEngine} from '../fixtures/fake-engine';
import {expectRestoredTerminal, screenLines, startRecorded, type RecordedRun} from './terminal-record';

const run = promisify(execFile);
let recorded: RecordedRun | null = null;
let engine: FakeEngine | null = null;

afterEach(async () => {
	await recorded?.tui.stop();
	recorded = null;
	await engine?.close();
	engine = null;
});

test('a render error restores the terminal, prints one line and exits 1, with the details in the log', async () => {
	engine = await startFakeEngine();
	recorded = await startRecorded(engine, 'node dist/cli.js', {DOCKSWAB_INJECT_FAULT: 'render'});
	const {tui, log} = recorded;
	// The fault is in the containers pane: the program runs until that pane is drawn.
	await tui.waitForText(/fake\/app\s+1\.0\.0/);
	expect(await tui.paneInfo('#{alternate_on}')).toBe('1');
	await tui.keys('2');

	expect(await expectRestoredTerminal(recorded)).toBe('1');
	const lines = await screenLines(recorded);
	expect(lines).toEqual([`dockswab: could not draw the screen: injected render fault (DOCKSWAB_INJECT_FAULT=render) (details in ${log})`]);

	const details = readFileSync(log, 'utf8');
	expect(details).toMatch(/render: TypeError: injected render fault/);
	expect(details).toMatch(/\n\s+at .+/);
});

test('SIGHUP restores the terminal and exits 129', async () => {
	engine = await startFakeEngine();
	recorded = await startRecorded(engine);
	await recorded.tui.waitForText(/fake\/app\s+1\.0\.0/);
	const {stdout} = await run('pgrep', ['-P', String(await recorded.tui.pid()), 'node']);
	process.kill(Number(stdout.trim().split('\n')[0]), 'SIGHUP');
	expect(await expectRestoredTerminal(recorded)).toBe('129');
});
