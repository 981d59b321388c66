// The last line of defence in source/terminal/terminal.ts: an exception nobody catches or a promise
// rejection nobody handles, anywhere in the process, still hands the terminal back, prints one
// line and exits 1, with the stack trace in the log and not on the screen. The fault is raised by
// a module preloaded into the built program (test/fixtures/fault-on-signal.mjs) once it is drawn.
import {execFile} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {promisify} from 'node:util';
import {afterEach, expect, test} from 'vitest';
import {startFakeEngine, type FakeEngine} from '../fixtures/fake-engine';
import {expectRestoredTerminal, screenLines, startRecorded, type RecordedRun} from './terminal-record';

const run = promisify(execFile);
const preload = resolve('test/fixtures/fault-on-signal.mjs');
let recorded: RecordedRun | null = null;
let engine: FakeEngine | null = null;

afterEach(async () => {
	await recorded?.tui.stop();
	recorded = null;
	await engine?.close();
	engine = null;
});

for (const [kind, message] of [
	['exception', 'injected uncaught exception'],
	['rejection', 'injected unhandled rejection'],
] as const) {
	test(`an unhandled ${kind} restores the terminal, prints one line without a stack trace and exits 1`, async () => {
		engine = await startFakeEngine();
		recorded = await startRecorded(engine, `FAULT_ON_SIGUSR2=${kind} node --import ${preload} dist/cli.js`);
		const {tui, log} = recorded;
		await tui.waitForText(/fake\/app\s+1\.0\.0/);
		expect(await tui.paneInfo('#{alternate_on}')).toBe('1');
		const {stdout} = await run('pgrep', ['-P', String(await tui.pid()), 'node']);
		process.kill(Number(stdout.trim().split('\n')[0]), 'SIGUSR2');

		expect(await expectRestoredTerminal(recorded)).toBe('1');
		expect(await screenLines(recorded)).toEqual([`dockswab: ${message} (details in ${log})`]);
		const details = readFileSync(log, 'utf8');
		expect(details).toContain(`fatal: Error: ${message}`);
		expect(details).toMatch(/\n\s+at .+fault-on-signal\.mjs/);
	});
}
