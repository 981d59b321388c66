// Runs dockswab in tmux under a shell that records how it ended (exit code, `stty -a`) and then
// stays, so that a test can check the terminal dockswab handed back and the one line it printed.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {expect} from 'vitest';
import type {FakeEngine} from '../fixtures/fake-engine';
import {tempDir} from '../fixtures/temp-dir';
import {startTui, tmux, waitFor, type Tui} from './harness';

export type RecordedRun = {tui: Tui; dir: string; log: string};

/** `command` runs dockswab (`node … dist/cli.js` by default) against the fake engine. */
export async function startRecorded(fake: FakeEngine, command = 'node dist/cli.js', env: Record<string, string> = {}): Promise<RecordedRun> {
	const dir = tempDir('dsw-crash-');
	const state = join(dir, 'state');
	const tui = await startTui({
		columns: 100,
		rows: 30,
		env: {DOCKER_HOST: fake.host, XDG_STATE_HOME: state, ...env},
		shell: `bash -c '${command}; echo $? > ${dir}/rc; stty -a > ${dir}/stty; exec sleep 600'`,
	});
	return {tui, dir, log: join(state, 'dockswab', 'log')};
}

const readWhenPresent = (file: string, what: string) =>
	waitFor(() => {
		try {
			return readFileSync(file, 'utf8');
		} catch {
			return null;
		}
	}, what);

/** The terminal after dockswab exited: the normal screen, cursor shown, line discipline back. Returns the exit code. */
export async function expectRestoredTerminal({tui, dir}: RecordedRun): Promise<string> {
	const stty = await readWhenPresent(join(dir, 'stty'), 'the shell to record the terminal state');
	expect(stty).toMatch(/(^|\s)echo(\s|$)/);
	expect(stty).toMatch(/(^|\s)icanon(\s|$)/);
	expect(stty).toMatch(/(^|\s)isig(\s|$)/);
	expect(await tui.paneInfo('#{alternate_on}')).toBe('0');
	expect(await tui.paneInfo('#{cursor_flag}')).toBe('1');
	return readFileSync(join(dir, 'rc'), 'utf8').trim();
}

/** The non-empty lines left on the normal screen; -J joins a line the terminal wrapped, so one line of output reads as one. */
export async function screenLines({tui}: RecordedRun): Promise<string[]> {
	const screen = await tmux('capture-pane', '-p', '-J', '-t', tui.name);
	return screen.split('\n').filter(line => line.trim() !== '');
}
