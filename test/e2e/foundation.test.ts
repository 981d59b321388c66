import {execFile} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterEach, beforeAll, describe, expect, test} from 'vitest';
import {docker, imageLine, seedSandbox, startTui, tmux, waitFor, type Tui} from './harness';
import {tempDir} from '../fixtures/temp-dir';

const run = promisify(execFile);
let tui: Tui | null = null;

beforeAll(seedSandbox);

afterEach(async () => {
	await tui?.stop();
	tui = null;
});

const shortIdOf = async (reference: string) => (await docker('image', 'inspect', '--format', '{{.Id}}', reference)).replace('sha256:', '').slice(0, 12);

describe('images pane on the sandbox engine', () => {
	test('shows each seeded repository:tag with its 12-character image ID on one line', async () => {
		tui = await startTui({columns: 80, rows: 24});
		const screen = await tui.waitForText(/app\s+1\.3\.0/);
		const id = await shortIdOf('app:1.3.0');
		expect(imageLine(screen, 'app', '1.3.0')).toContain(id);
		expect(imageLine(screen, 'app', 'latest')).toContain(id);
		expect(screen).toMatch(/Images \d+/);
		// The dangling image from the seed is listed as <none> with its own ID.
		const dangling = (await docker('images', '--filter', 'dangling=true', '--format', '{{.ID}}')).split('\n')[0]!;
		expect(imageLine(screen, '<none>', '<none>')).toContain(dangling);
	});

	test('counts containers using an image from the container list', async () => {
		tui = await startTui({columns: 120, rows: 30});
		const screen = await tui.waitForText(/web\s+2\.1\.0/);
		expect(imageLine(screen, 'web', '2.1.0')).toContain('1 running');
		expect(imageLine(screen, 'worker', '0.9.0')).toContain('2 stopped');
	});

	test('a tag created and an image removed with the docker CLI show up without a key press', async () => {
		tui = await startTui({columns: 100, rows: 40});
		await tui.waitForText(/app\s+1\.3\.0/);
		await docker('tag', 'app:1.0.0', 'live-check:7.7.7');
		const screen = await tui.waitForText(/live-check\s+7\.7\.7/, 5000);
		expect(imageLine(screen, 'live-check', '7.7.7')).toContain(await shortIdOf('app:1.0.0'));
		await docker('rmi', 'live-check:7.7.7');
		await tui.waitForNoText('live-check', 5000);
	});

	test('the cursor stays on its row when rows appear above it', async () => {
		tui = await startTui({columns: 100, rows: 40});
		await tui.waitForText(/app\s+1\.0\.0/);
		await tui.keys('G');
		// The oldest image (sorted by created) sits last; the cursor row is drawn in inverse.
		const before = await tui.screen();
		const lastRow = before
			.split('\n')
			.filter(line => line.startsWith('  ') && /[0-9a-f]{12}/.test(line))
			.at(-1)!;
		await docker('tag', 'app:1.3.0', 'cursor-check:1.0.0');
		await tui.waitForText('cursor-check');
		await tui.keys('Space');
		const after = await tui.waitForText('marked');
		const marked = after.split('\n').find(line => line.startsWith('● '));
		expect(marked?.slice(2).trim()).toBe(lastRow.trim());
		await docker('rmi', 'cursor-check:1.0.0');
	});

	test('a shows the intermediate images of classic builds, like docker images -a', async () => {
		tui = await startTui({columns: 100, rows: 80});
		await tui.waitForText(/app\s+1\.3\.0/);
		const countRows = (screen: string) => screen.split('\n').filter(line => /[0-9a-f]{12}/.test(line)).length;
		const before = countRows(await tui.screen());
		await tui.keys('a');
		const all = await tui.waitForText('sort: created · all');
		const engineAll = (await docker('images', '-a', '--format', '{{.ID}}')).split('\n').length;
		expect(countRows(all)).toBe(Math.min(engineAll, 80 - 6));
		expect(countRows(all)).toBeGreaterThan(before);
	});

	test('NO_COLOR leaves only bold and inverse on screen', async () => {
		tui = await startTui({columns: 100, rows: 30, env: {NO_COLOR: '1'}});
		await tui.waitForText(/app\s+1\.3\.0/);
		const styled = await tmux('capture-pane', '-p', '-e', '-t', tui.name);
		expect(styled).toMatch(/\u001B\[[0-9;]*7m/);
		expect(styled).not.toMatch(/\u001B\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;5;\d+)m/);
	});

	test('containers pane lists the running and stopped containers', async () => {
		tui = await startTui({columns: 100, rows: 30});
		await tui.waitForText('Images');
		await tui.keys('2');
		const screen = await tui.waitForText('web-1');
		expect(screen.split('\n').find(line => line.includes('web-1'))).toContain('running');
		expect(screen.split('\n').find(line => line.includes('worker-old-1'))).toContain('exited');
	});

	test('registries pane lists the logins of config.json, with no secret on screen', async () => {
		tui = await startTui({columns: 100, rows: 30});
		await tui.waitForText('Images');
		await tui.keys('3');
		const screen = await tui.waitForText('CREDENTIALS');
		const row = screen.split('\n').find(line => line.trim().split(/\s+/)[0] === process.env.DOCKSWAB_REGISTRY)!;
		expect(row).toMatch(/dockswab\s+config\.json/);
		const password = readFileSync(process.env.DOCKSWAB_REGISTRY_PASSWORD_FILE!, 'utf8').trim();
		expect(screen).not.toContain(password);
	});

	test('filter narrows the list and Esc clears it', async () => {
		tui = await startTui({columns: 100, rows: 30});
		await tui.waitForText(/app\s+1\.3\.0/);
		await tui.keys('/');
		await tui.type('worker');
		await tui.waitForText('/worker');
		await tui.keys('Enter');
		const filtered = await tui.waitForText('filter: worker');
		expect(filtered).toMatch(/worker\s+0\.9\.0/);
		expect(filtered).not.toMatch(/app\s+1\.3\.0/);
		await tui.keys('Escape');
		await tui.waitForText(/app\s+1\.3\.0/);
	});
});

describe('terminal and connection', () => {
	const stateFile = () => join(tempDir('dockswab-tty-'), 'stty');

	async function exitAndCheckTerminal(stop: (tui: Tui) => Promise<void>) {
		const file = stateFile();
		tui = await startTui({shell: `bash -c 'node dist/cli.js; echo exit=$? > ${file}.rc; stty -a > ${file}; exec sleep 600'`});
		await tui.waitForText(/app\s+1\.3\.0/);
		expect(await tui.paneInfo('#{alternate_on}')).toBe('1');
		await stop(tui);
		const stty = await waitFor(() => {
			try {
				return readFileSync(file, 'utf8');
			} catch {
				return null;
			}
		}, 'the shell to record the terminal state');
		expect(stty).toMatch(/(^|\s)echo(\s|$)/);
		expect(stty).toMatch(/(^|\s)icanon(\s|$)/);
		expect(await tui.paneInfo('#{alternate_on}')).toBe('0');
		expect(await tui.paneInfo('#{cursor_flag}')).toBe('1');
		return readFileSync(`${file}.rc`, 'utf8').trim();
	}

	test('SIGTERM leaves a usable terminal', async () => {
		const rc = await exitAndCheckTerminal(async session => {
			const shellPid = await session.pid();
			const {stdout} = await run('pgrep', ['-P', String(shellPid), 'node']);
			process.kill(Number(stdout.trim().split('\n')[0]), 'SIGTERM');
		});
		expect(rc).toBe('exit=143');
	});

	test('Ctrl-C leaves a usable terminal', async () => {
		const rc = await exitAndCheckTerminal(session => session.keys('C-c'));
		expect(rc).toBe('exit=130');
	});

	test('q quits cleanly', async () => {
		const rc = await exitAndCheckTerminal(session => session.keys('q'));
		expect(rc).toBe('exit=0');
	});

	test('a dead socket gives a clear message naming the host, no stack trace', async () => {
		tui = await startTui({env: {DOCKER_HOST: 'unix:///tmp/dockswab-no-such-engine.sock'}});
		const screen = await tui.waitForText('Cannot connect');
		expect(screen).toContain('/tmp/dockswab-no-such-engine.sock');
		expect(screen).toContain('r retry');
		expect(screen).not.toMatch(/at .*\.js:\d+/);
	});

	test('not a TTY: one line and exit code 2', async () => {
		const result = await run('node', ['dist/cli.js'], {env: process.env}).then(
			() => ({code: 0, stderr: ''}),
			(error: {code: number; stderr: string}) => error,
		);
		expect(result.code).toBe(2);
		expect(result.stderr.trim().split('\n')).toHaveLength(1);
		expect(result.stderr).toContain('interactive terminal');
	});
});
