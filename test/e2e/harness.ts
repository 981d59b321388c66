// Drives the real program in tmux against the sandbox engine; the docker CLI is the oracle.
import {execFile, execFileSync, spawn} from 'node:child_process';
import {appendFileSync, copyFileSync, existsSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {promisify} from 'node:util';
import {expect} from 'vitest';
import {sceneFingerprint} from './scene-fingerprint';
import {restoreScene, withoutContainerIds} from './scene-restore';

const run = promisify(execFile);

/** Engines whose sandbox label this process has seen: the label does not come and go. */
const labelledEngines = new Set<string>();

/** Every e2e test goes through this: it refuses an engine without the sandbox label. */
export function sandboxEnv(): NodeJS.ProcessEnv {
	const host = process.env.DOCKER_HOST ?? '';
	if (!process.env.DOCKSWAB_SANDBOX_DIR || !host.startsWith('unix://')) throw new Error('the sandbox environment is missing');
	if (labelledEngines.has(host)) return process.env;
	const labels = execFileSync('docker', ['info', '--format', '{{json .Labels}}'], {encoding: 'utf8', env: process.env, timeout: 30_000});
	if (!labels.includes('dockswab.sandbox=true')) throw new Error(`refusing to use ${host}: not a dockswab sandbox engine`);
	labelledEngines.add(host);
	return process.env;
}

/**
 * Besides the sandbox, a test may point dockswab only at what it started itself: a relay or a fake
 * engine on loopback, a socket under the temporary directory. Never at the user's engine.
 */
function refuseForeignHost(host: string, loopbackAliases: readonly string[] = []): void {
	if (host === '') return;
	const url = new URL(host);
	const ownSocket = (path: string) => [tmpdir(), process.env.DOCKSWAB_SANDBOX_DIR ?? tmpdir()].some(dir => resolve(path).startsWith(`${resolve(dir)}/`));
	const allowed = url.protocol === 'unix:' ? ownSocket(url.pathname) : ['127.0.0.1', 'localhost', '[::1]', ...loopbackAliases].includes(url.hostname);
	if (!allowed) throw new Error(`refusing DOCKER_HOST=${host}: tests reach only the sandbox and what they start on loopback`);
}

/** Below the e2e projects' hook timeout (180 s), so a hung seed fails with its own message. */
const seedTimeoutMs = 150_000;

/** Runs `scripts/sandbox <command>` in its own process group, killed whole when it outlasts the timeout. */
function runSandbox(command: 'seed' | 'restore' | 'restore-engine2' | 'reload-images' | 'repush', env: NodeJS.ProcessEnv): Promise<void> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn('bash', ['scripts/sandbox', command], {env, detached: true, stdio: ['ignore', 'ignore', 'pipe']});
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => {
			stderr = (stderr + chunk.toString('utf8')).slice(-4000);
		});
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
		}, seedTimeoutMs);
		child.on('error', error => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			if (code === 0) resolvePromise();
			else reject(new Error(`scripts/sandbox ${command} ${timedOut ? `took over ${seedTimeoutMs / 1000} s and was stopped` : `failed (${code ?? signal})`}:\n${stderr}`));
		});
	});
}

/**
 * Puts the sandbox engine (and engine 2 and the registries) in the seed scene; files that change
 * the scene start with it. Nothing is done when the scene still matches the fingerprint taken
 * after the last seed of this engine. Otherwise, cheapest first: put back by difference (what
 * tests added removed, tags, container states and the client config put back); an engine that
 * lost a seeded image or container is reloaded from what the seed kept (engine 2 and the classic
 * engine from its images, the containerd store's engine from a copy of its whole state). Registries that changed get the seed's
 * pushes again from the restored engine. Only a scene whose fingerprint is then the recorded one
 * (up to the IDs of reloaded containers) counts; anything else gets a full seed.
 */
export async function seedSandbox(): Promise<void> {
	const env = sandboxEnv();
	const dir = env.DOCKSWAB_SANDBOX_DIR!;
	const record = join(dir, `seed-fingerprint-${imageStore()}.txt`);
	const seededConfig = join(dir, `seed-config-${imageStore()}.json`);
	if (existsSync(record)) {
		const recorded = readFileSync(record, 'utf8');
		const current = await sceneFingerprint(env);
		if (current === recorded) return;
		// Gone while the scene is worked on: a restore that fails halfway is never taken for a finished one.
		rmSync(record);
		let outcome = await restoreScene(env, recorded, current, seededConfig);
		if (outcome.refusal === null) {
			const steps = ['restored by difference'];
			try {
				if (outcome.reloadEngine2 !== null) {
					steps.push(`engine 2 reloaded (${outcome.reloadEngine2})`);
					await runSandbox('restore-engine2', env);
				}
				// A seeded image a test deleted, on the classic engine: its images loaded again, then
				// the rest by difference; a reload (which first empties the engine) only when that
				// still leaves something, such as a seeded container gone.
				if (outcome.reloadEngine !== null && imageStore() === 'classic' && !outcome.reloadEngine.startsWith('container ')) {
					steps.push(`images loaded again (${outcome.reloadEngine})`);
					await runSandbox('reload-images', env);
					const again = await restoreScene(env, recorded, await sceneFingerprint(env), seededConfig);
					outcome = {...again, registriesDiffer: outcome.registriesDiffer || again.registriesDiffer};
					if (outcome.refusal !== null) throw new Error(outcome.refusal);
				}
				if (outcome.reloadEngine !== null) {
					steps.push(`engine reloaded (${outcome.reloadEngine})`);
					await runSandbox('restore', env);
				}
				if (outcome.registriesDiffer) {
					steps.push('registries pushed again');
					await runSandbox('repush', env);
				}
				let restored = await sceneFingerprint(env);
				// What the difference could not undo (on the containerd store, a seeded dangling image
				// that a test tagged goes with that tag): when only the engine still differs, a reload
				// from the seed's copy is cheaper than a seed.
				if (outcome.reloadEngine === null && engineLines(restored, true) !== engineLines(recorded, true) && engineLines(restored, false) === engineLines(recorded, false)) {
					steps.push(`engine still differed (${sceneDifference(withoutContainerIds(recorded), withoutContainerIds(restored))}), reloaded`);
					await runSandbox('restore', env);
					restored = await sceneFingerprint(env);
				}
				if (withoutContainerIds(restored) === withoutContainerIds(recorded)) {
					writeFileSync(record, restored);
					return noteSceneChange(dir, steps.join(', '));
				}
				noteSceneChange(dir, `${steps.join(', ')}, yet the scene still differs (${sceneDifference(withoutContainerIds(recorded), withoutContainerIds(restored))}): full seed`);
			} catch (error) {
				// A seed kept no images yet (a sandbox seeded before they were kept), or a step failed.
				noteSceneChange(dir, `${steps.join(', ')} failed: full seed (${String(error).split('\n')[0]})`);
			}
		} else noteSceneChange(dir, `full seed (${outcome.refusal})`);
	} else noteSceneChange(dir, 'full seed (no fingerprint recorded)');
	await runSandbox('seed', env);
	copyFileSync(join(env.DOCKER_CONFIG!, 'config.json'), seededConfig);
	writeFileSync(record, await sceneFingerprint(env));
}

/** A fingerprint's main-engine lines, or all its other lines (container IDs left out: a reload makes them anew). */
const engineLines = (fingerprint: string, engine: boolean) =>
	withoutContainerIds(fingerprint)
		.split('\n')
		.filter(line => line.startsWith('engine ') === engine)
		.join('\n');

/** The first lines only one of two fingerprints has, for the log: what a restore did not put back. */
function sceneDifference(wanted: string, found: string): string {
	const wantedLines = new Set(wanted.split('\n'));
	const foundLines = new Set(found.split('\n'));
	const missing = [...wantedLines].filter(line => !foundLines.has(line)).slice(0, 3);
	const extra = [...foundLines].filter(line => !wantedLines.has(line)).slice(0, 3);
	return `missing: ${missing.join(' | ') || '-'}; extra: ${extra.join(' | ') || '-'}`;
}

/** One line per scene change in the sandbox dir (seed-changes.log): how often a file found the scene changed, and what put it back. */
function noteSceneChange(dir: string, what: string): void {
	appendFileSync(join(dir, 'seed-changes.log'), `${new Date().toISOString()} ${imageStore()} ${expect.getState().testPath ?? '?'}: ${what}\n`);
}

export async function docker(...args: string[]): Promise<string> {
	const {stdout} = await run('docker', args, {env: sandboxEnv(), maxBuffer: 64 * 1024 * 1024});
	return stdout.trim();
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: unknown;
	for (;;) {
		try {
			const value = await probe();
			if (value) return value;
		} catch (error) {
			last = error;
		}
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? ` (${String(last)})` : ''}`);
		await new Promise(resolve => setTimeout(resolve, 40));
	}
}

let sessionCounter = 0;

export type Tui = {
	readonly name: string;
	screen: () => Promise<string>;
	keys: (...keys: string[]) => Promise<void>;
	type: (text: string) => Promise<void>;
	/** Sends `text` to the program in one write, as keys typed ahead over a slow link arrive. */
	write: (text: string) => Promise<void>;
	/** Pastes `text` as a terminal does, between bracketed-paste markers when the program asked for them. */
	paste: (text: string) => Promise<void>;
	waitForText: (text: string | RegExp, timeoutMs?: number) => Promise<string>;
	waitForNoText: (text: string | RegExp, timeoutMs?: number) => Promise<string>;
	/** Types `/text` Enter, as a user narrows a long list, and waits until the filter holds. */
	filterTo: (text: string) => Promise<void>;
	paneInfo: (format: string) => Promise<string>;
	pid: () => Promise<number>;
	stop: () => Promise<void>;
};

export type TuiOptions = {
	columns?: number;
	rows?: number;
	env?: Record<string, string>;
	args?: string[];
	shell?: string;
	/** Host names the test itself maps to loopback (an alias in its own ssh_config). */
	loopbackAliases?: readonly string[];
};

const tmuxSocket = `dockswab-test-${process.pid}`;

export async function tmux(...args: string[]): Promise<string> {
	const {stdout} = await run('tmux', ['-L', tmuxSocket, ...args]);
	return stdout;
}

/**
 * tmux's server exits with its last session. A session started while the previous test's server is
 * exiting is refused with "server exited unexpectedly"; the next attempt starts a new server.
 */
async function newSession(...args: string[]): Promise<void> {
	for (let attempt = 1; ; attempt++) {
		try {
			await tmux('new-session', ...args);
			return;
		} catch (error) {
			const stderr = (error as {stderr?: unknown}).stderr;
			if (attempt === 3 || typeof stderr !== 'string' || !stderr.includes('server exited unexpectedly')) throw error;
		}
	}
}

const matches = (screen: string, text: string | RegExp) => (typeof text === 'string' ? screen.includes(text) : text.test(screen));

/** Starts dockswab (or a shell command) in a detached tmux session of a fixed size. */
export async function startTui(options: TuiOptions = {}): Promise<Tui> {
	if (options.env?.DOCKER_HOST !== undefined) refuseForeignHost(options.env.DOCKER_HOST, options.loopbackAliases);
	// A real terminal type, whatever the test runner has (CI often has none or 'dumb').
	const env = {...sandboxEnv(), CI: 'false', TERM: 'xterm-256color', ...options.env};
	const name = `t${process.pid}-${++sessionCounter}`;
	const command = options.shell ?? ['node', 'dist/cli.js', ...(options.args ?? [])].join(' ');
	const envArgs = Object.entries(env)
		.filter(([key]) => /^(DOCKER_|DOCKSWAB_|CI$|NO_COLOR$|XDG_|HOME$|PATH$|TERM$|SSH_AUTH_SOCK$)/.test(key))
		.flatMap(([key, value]) => ['-e', `${key}=${value}`]);
	await newSession('-d', '-s', name, '-x', String(options.columns ?? 100), '-y', String(options.rows ?? 30), ...envArgs, command);
	await tmux('set-option', '-t', name, 'remain-on-exit', 'on');
	const screen = () => tmux('capture-pane', '-p', '-t', name);
	/**
	 * The screen when it passes `check`, read again and the same: null otherwise. A frame reaches
	 * tmux in several reads, and a screen read between two of them holds the new frame's top over
	 * the old one's bottom: a wait must not take that for what was drawn.
	 */
	const settledScreen = async (check: (shown: string) => boolean) => {
		const first = await screen();
		return check(first) && (await screen()) === first ? first : null;
	};
	/** A wait that ran out also says what was on screen, so a failure can be read from the log. */
	const withScreenOnTimeout = <T>(waiting: Promise<T>): Promise<T> =>
		waiting.catch(async (error: unknown) => {
			const shown = await screen().catch(() => '(the screen could not be read)');
			throw new Error(`${(error as Error).message}; the screen was:\n${shown}`);
		});
	const tui: Tui = {
		name,
		screen,
		keys: async (...keys) => {
			await tmux('send-keys', '-t', name, ...keys);
		},
		type: async text => {
			await tmux('send-keys', '-t', name, '-l', text);
		},
		write: async text => {
			await tmux('set-buffer', '-b', name, text);
			await tmux('paste-buffer', '-d', '-r', '-b', name, '-t', name);
		},
		paste: async text => {
			await tmux('set-buffer', '-b', name, text);
			await tmux('paste-buffer', '-d', '-p', '-r', '-b', name, '-t', name);
		},
		waitForText: (text, timeoutMs) => withScreenOnTimeout(waitFor(() => settledScreen(shown => matches(shown, text)), `"${String(text)}" on screen`, timeoutMs)),
		waitForNoText: (text, timeoutMs) => withScreenOnTimeout(waitFor(() => settledScreen(shown => !matches(shown, text)), `"${String(text)}" to leave the screen`, timeoutMs)),
		filterTo: async text => {
			await tui.keys('/');
			await tui.type(text);
			await tui.waitForText(`/${text}`);
			await tui.keys('Enter');
			await tui.waitForText(`filter: ${text}`);
		},
		paneInfo: async format => (await tmux('display-message', '-p', '-t', name, format)).trim(),
		pid: async () => Number(await tui.paneInfo('#{pane_pid}')),
		stop: async () => {
			await tmux('kill-session', '-t', name).catch(() => undefined);
		},
	};
	return tui;
}

/** Finds the screen line showing a repository:tag row, like `docker images` prints it. */
export function imageLine(screen: string, repository: string, tag: string): string | undefined {
	return screen.split('\n').find(line => {
		const cells = line.trim().replace(/^● /, '').split(/\s+/);
		return cells[0] === repository && cells[1] === tag;
	});
}

/** Which image store the engine under test keeps: the e2e-containerd project runs files on Docker 26's containerd store. */
export const imageStore = (): 'classic' | 'containerd' => (process.env.DOCKSWAB_SANDBOX_ENGINE === 'containerd' ? 'containerd' : 'classic');
