// The context switcher against the sandbox engine reached two ways (its unix socket, and a
// loopback TCP relay registered as another context), and the config file refusing to start.
import {execFile} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, beforeAll, expect, test} from 'vitest';
import {dockerConfigWithContexts} from '../fixtures/contexts';
import {docker, sandboxEnv, seedSandbox, startTui, waitFor, type Tui} from './harness';
import {startRelay, type Relay} from './relay';
import {tempDir} from '../fixtures/temp-dir';

beforeAll(seedSandbox);

let tui: Tui | null = null;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
	await tui?.stop();
	tui = null;
	for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A loopback TCP port that forwards to the sandbox engine's socket, counting its connections. */
async function tcpRelay(): Promise<Relay> {
	const relay = await startRelay(sandboxEnv().DOCKER_HOST!.replace('unix://', ''), true);
	cleanups.push(relay.close);
	return relay;
}

function configHome(text: string): string {
	const home = tempDir('dsw-config-');
	mkdirSync(join(home, 'dockswab'));
	writeFileSync(join(home, 'dockswab', 'config.json'), text);
	return home;
}

test('c switches every pane to another context: the header shows its host and its lists come through it', async () => {
	const relay = await tcpRelay();
	const socket = sandboxEnv().DOCKER_HOST!;
	const dockerConfig = dockerConfigWithContexts([
		{name: 'sandbox', host: socket},
		{name: 'other', host: `tcp://127.0.0.1:${relay.port}`},
	]);
	const containerCount = (await docker('ps', '-aq')).split('\n').filter(Boolean).length;
	tui = await startTui({args: ['--context', 'sandbox'], env: {DOCKER_CONFIG: dockerConfig, XDG_CONFIG_HOME: tempDir('dsw-config-')}});
	await tui.waitForText(`dockswab ${socket}`);
	await tui.waitForText(/app\s+1\.3\.0/);
	expect(relay.connections()).toBe(0);

	await tui.keys('c');
	const list = await tui.waitForText('Switch engine');
	expect(list).toMatch(/› \* sandbox\s+unix:\/\//);
	expect(list).toMatch(new RegExp(` {2}other\\s+tcp://127\\.0\\.0\\.1:${relay.port}`));
	await tui.keys('k');
	await tui.waitForText(/› {3}other/);
	await tui.keys('Enter');

	const screen = await tui.waitForText(`dockswab tcp://127.0.0.1:${relay.port} · Docker`);
	expect(screen).toContain('switched to context other');
	await tui.waitForText(/app\s+1\.3\.0/);
	expect(relay.connections()).toBeGreaterThan(0);
	// The containers pane follows too: the same engine's containers, read through the relay.
	await tui.keys('2');
	await tui.waitForText(`2 Containers ${containerCount}`);

	// And back: c now marks other as the engine in use.
	await tui.keys('c');
	expect(await tui.waitForText('Switch engine')).toMatch(new RegExp(`› \\* other\\s+tcp://127\\.0\\.0\\.1:${relay.port}`));
	await tui.keys('j', 'Enter');
	await tui.waitForText(`dockswab ${socket}`);
});

test('an invalid config file stops dockswab before it starts: the field, its line, exit code 2', async () => {
	const home = configHome('{\n  "protect": ["prod-*"],\n  "keep": 0\n}\n');
	// The message is read from a file: a fresh tmux pane may blank its first row.
	const stderr = join(home, 'stderr.txt');
	// The exit code goes to a file too: dockswab may end before tmux keeps dead panes around.
	const exitFile = join(home, 'exit-code.txt');
	tui = await startTui({shell: `node dist/cli.js 2>${stderr}; echo $? >${exitFile}; sleep 30`, env: {XDG_CONFIG_HOME: home}});
	const status = await waitFor(() => (existsSync(exitFile) ? readFileSync(exitFile, 'utf8').trim() : null), 'dockswab to exit');
	expect(status).toBe('2');
	const screen = await tui.screen();
	expect(readFileSync(stderr, 'utf8')).toBe(`dockswab: ${join(home, 'dockswab', 'config.json')}:3: "keep" must be a whole number from 1 to 1000, not 0\n`);
	expect(screen).not.toContain('Images');
});

function plan(env: Record<string, string>): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		execFile('node', ['dist/cli.js', 'plan', 'app:1.0.0'], {env: {...sandboxEnv(), ...env}, timeout: 30_000}, (error, stdout, stderr) =>
			resolve({code: error ? ((error as {code?: number}).code ?? -1) : 0, stdout, stderr}),
		);
	});
}

test('dockswab plan refuses an invalid config file too, and runs with a valid one', async () => {
	const bad = await plan({XDG_CONFIG_HOME: configHome('{\n  "keys": {\n    "delete": "x"\n  }\n}')});
	expect(bad.code).toBe(2);
	expect(bad.stdout).toBe('');
	expect(bad.stderr).toContain(':3: "keys.delete" "x" is already stop in the containers pane');
	const good = await plan({XDG_CONFIG_HOME: configHome('{"keep": 3, "sort": "size", "keys": {"delete": "D"}}')});
	expect(good.code).toBe(0);
	expect(good.stdout).toContain('app:1.0.0');
});

test('c switches every pane to a second engine: its images, its containers, its image IDs', async () => {
	const one = sandboxEnv().DOCKER_HOST!;
	const two = sandboxEnv().DOCKSWAB_ENGINE2_HOST!;
	const labels = await docker('-H', two, 'info', '--format', '{{json .Labels}}');
	expect(labels).toContain('dockswab.sandbox=true');
	const dockerConfig = dockerConfigWithContexts([
		{name: 'one', host: one},
		{name: 'two', host: two},
	]);
	// app:1.2.0 names another image on engine two (built there again): its ID tells the engines apart.
	const idOn = async (host: string) => (await docker('-H', host, 'image', 'inspect', '--format', '{{.Id}}', 'app:1.2.0')).replace('sha256:', '').slice(0, 12);
	const [idOne, idTwo] = [await idOn(one), await idOn(two)];
	expect(idOne).not.toBe(idTwo);
	tui = await startTui({args: ['--context', 'one'], env: {DOCKER_CONFIG: dockerConfig, XDG_CONFIG_HOME: tempDir('dsw-config-')}});
	await tui.waitForText(new RegExp(`app\\s+1\\.2\\.0\\s+${idOne}`));
	await tui.keys('c');
	await tui.waitForText('Switch engine');
	await tui.keys('j');
	await tui.waitForText(/› {3}two/);
	await tui.keys('Enter');
	await tui.waitForText(`dockswab ${two}`);
	await tui.waitForText(new RegExp(`app\\s+1\\.2\\.0\\s+${idTwo}`));
	// The containers pane follows: api-1 runs only on engine two.
	await tui.keys('2');
	await tui.waitForText('api-1');
	expect(await tui.screen()).not.toContain('worker-old-1');
});
