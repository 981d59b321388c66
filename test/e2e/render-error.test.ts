// A crash while drawing must hand the terminal back as it was found: the engine here is a fake on
// loopback whose container list has the shape of a buggy proxy's (`State` as the object that
// `docker inspect` shows), which the containers pane cannot draw. Should the engine layer come to
// reject or normalise that shape, the crash no longer happens and this test fails: it then needs
// another answer that reaches the drawing code unchecked.
import {execFile} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterEach, expect, test} from 'vitest';
import {fakeContainer, startFakeEngine, type FakeEngine} from '../fixtures/fake-engine';
import {startTui, tmux, waitFor, type Tui} from './harness';
import {tempDir} from '../fixtures/temp-dir';

const run = promisify(execFile);
let tui: Tui | null = null;
let engine: FakeEngine | null = null;

afterEach(async () => {
	await tui?.stop();
	tui = null;
	await engine?.close();
	engine = null;
});

const readWhenPresent = (file: string, what: string) =>
	waitFor(() => {
		try {
			return readFileSync(file, 'utf8');
		} catch {
			return null;
		}
	}, what);

/**
 * Runs dockswab on `engine` under a shell that, once dockswab has exited, records its exit code
 * and `stty -a`, then stays so that the terminal can be inspected.
 */
async function startRecorded(fake: FakeEngine) {
	const dir = tempDir('dsw-crash-');
	const state = join(dir, 'state');
	tui = await startTui({
		columns: 100,
		rows: 30,
		env: {DOCKER_HOST: fake.host, XDG_STATE_HOME: state},
		shell: `bash -c 'node dist/cli.js; echo $? > ${dir}/rc; stty -a > ${dir}/stty; exec sleep 600'`,
	});
	return {dir, log: join(state, 'dockswab', 'log')};
}

/** The terminal after dockswab exited: the normal screen, cursor shown, line discipline back. */
async function expectRestoredTerminal(session: Tui, dir: string) {
	const stty = await readWhenPresent(join(dir, 'stty'), 'the shell to record the terminal state');
	expect(stty).toMatch(/(^|\s)echo(\s|$)/);
	expect(stty).toMatch(/(^|\s)icanon(\s|$)/);
	expect(stty).toMatch(/(^|\s)isig(\s|$)/);
	expect(await session.paneInfo('#{alternate_on}')).toBe('0');
	expect(await session.paneInfo('#{cursor_flag}')).toBe('1');
	return readFileSync(join(dir, 'rc'), 'utf8').trim();
}

test('a render error restores the terminal, prints one line and exits 1, with the details in the log', async () => {
	engine = await startFakeEngine({containers: [{...fakeContainer, State: {Status: 'running', Running: true, Pid: 4242}}]});
	const {dir, log} = await startRecorded(engine);
	// The images pane draws nothing of a container's state: the program runs until the containers pane is drawn.
	await tui!.waitForText(/fake\/app\s+1\.0\.0/);
	expect(await tui!.paneInfo('#{alternate_on}')).toBe('1');
	expect(engine.requests).toContain('/containers/json');
	await tui!.keys('2');

	expect(await expectRestoredTerminal(tui!, dir)).toBe('1');
	// -J joins a long line the terminal wrapped, so that one line of output reads as one line.
	const screen = await tmux('capture-pane', '-p', '-J', '-t', tui!.name);
	const lines = screen.split('\n').filter(line => line.trim() !== '');
	expect(lines).toHaveLength(1);
	expect(lines[0]).toMatch(/^dockswab: could not draw the screen: .+ \(details in .+\)$/);
	expect(lines[0]).toContain(log);

	const details = readFileSync(log, 'utf8');
	expect(details).toMatch(/render: TypeError: /);
	expect(details).toMatch(/\n\s+at .+/);
});

test('SIGHUP restores the terminal and exits 129', async () => {
	engine = await startFakeEngine();
	const {dir} = await startRecorded(engine);
	await tui!.waitForText(/fake\/app\s+1\.0\.0/);
	const {stdout} = await run('pgrep', ['-P', String(await tui!.pid()), 'node']);
	process.kill(Number(stdout.trim().split('\n')[0]), 'SIGHUP');
	expect(await expectRestoredTerminal(tui!, dir)).toBe('129');
});
