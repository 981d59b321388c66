// First, so that the engine is asked for its lists before the UI code is even evaluated.
import {earlyContact} from './source/engine/early-contact';
import './source/terminal-colors';
import {appendFileSync} from 'node:fs';
import {render, type Instance} from 'ink';
import {Component, type ReactNode} from 'react';
import {parseArgs} from './source/cli-args';
import {runPlanCommand} from './source/commands/plan';
import {runCleanCommand} from './source/commands/clean';
import {commandTargets} from './source/commands/engines';
import {passwordFromStdin, runLoginCommand, runLogoutCommand} from './source/commands/login';
import {unversionedClient, withTimeout} from './source/engine/connect';
import {ContextError, dockerConfigDir, resolveEngineTarget, type EngineTarget} from './source/engine/target';
import {fatalLine, logError} from './source/services/log';
import {startSession} from './source/services/session';
import {createRegistryActions} from './source/services/registries';
import {loadSettings, type Settings} from './source/services/settings';
import {contextNameOf, createEngineSwitch} from './source/services/engine-switch';
import {imageSorts} from './source/domain/image-rows';
import {keyBindings, keyConfigRules, remapBindings, setKeyBindings} from './source/ui/keymap';
import {createOperationRunner} from './source/services/operations';
import {createTransferActions} from './source/services/transfers';
import {createReleaseActions} from './source/services/release';
import {createFleetActions} from './source/services/fleet';
import {catalogPageSize, registryOptions} from './source/services/registry-options';
import {initialState} from './source/state/reducer';
import {createStore} from './source/state/store';
import {App} from './source/ui/app';
import {AppContext} from './source/ui/store-context';
import {FrameWriter} from './source/ui/frame-writer';
import {createTheme} from './source/ui/theme';

// Bracketed paste goes on with the alternate screen: a paste then arrives marked as text and is
// never read as commands.
const enterAltScreen = '\u001B[?1049h\u001B[H\u001B[?2004h';
const leaveAltScreen = '\u001B[?2004l\u001B[?1049l';
const showCursor = '\u001B[?25h';
const hideCursor = '\u001B[?25l';

/** Set once the terminal is taken over; gives it back (alternate screen, cursor, raw mode). */
let releaseTerminal: () => void = () => undefined;

type RenderCrashProps = {onCrash: (error: unknown) => void; children: ReactNode};

/**
 * Catches an error thrown while drawing. Ink's own boundary would draw a stack trace on the
 * screen; this one draws nothing and hands the error to the crash path.
 */
class RenderCrashBoundary extends Component<RenderCrashProps, {crashed: boolean}> {
	override state = {crashed: false};

	static getDerivedStateFromError(): {crashed: boolean} {
		return {crashed: true};
	}

	override componentDidCatch(error: unknown): void {
		this.props.onCrash(error);
	}

	override render(): ReactNode {
		return this.state.crashed ? null : this.props.children;
	}
}

/** For `npm run bench`: one JSON line per frame with Ink's render time, when DOCKSWAB_RENDER_LOG names a file. */
function renderLogger(file: string | undefined): ((metrics: {renderTime: number}) => void) | undefined {
	if (!file) return undefined;
	return metrics => appendFileSync(file, `${JSON.stringify({renderTime: metrics.renderTime, at: Math.round(performance.now())})}\n`);
}

/**
 * The value of a promise if it resolves within `ms`; otherwise the promise itself (pending or
 * failed), wrapped so that returning it from here does not adopt its outcome.
 */
async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<{value: T} | {pending: Promise<T>}> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<'timeout'>(resolve => {
		timer = setTimeout(() => resolve('timeout'), ms);
	});
	const outcome = await Promise.race([promise.then(value => ({value}), () => 'failed' as const), timeout]);
	clearTimeout(timer);
	return typeof outcome === 'object' ? outcome : {pending: promise};
}

/** The engine to use, or null after saying why there is none (an unknown context: exit code 2, as docker). */
function targetOrRefusal(env: NodeJS.ProcessEnv, context: string | undefined): EngineTarget | null {
	try {
		return resolveEngineTarget(env, context);
	} catch (error) {
		if (!(error instanceof ContextError)) throw error;
		process.stderr.write(`dockswab: ${error.message}\n`);
		process.exitCode = 2;
		return null;
	}
}

/** The config file's settings, or null after naming the bad field and its line (exit code 2): never a half-read file. */
function settingsOrRefusal(env: NodeJS.ProcessEnv): Settings | null {
	const loaded = loadSettings(env, {sorts: imageSorts, ...keyConfigRules});
	if (loaded.ok) return loaded.settings;
	process.stderr.write(`dockswab: ${loaded.message}\n`);
	process.exitCode = 2;
	return null;
}

/** All of standard input (a password for `login --password-stdin`); nothing from a terminal. */
async function readStdin(): Promise<string> {
	if (process.stdin.isTTY) return '';
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	if (options.kind === 'help') {
		process.stdout.write(`${options.text}\n`);
		return;
	}
	if (options.kind === 'version') {
		process.stdout.write(`${process.env.DOCKSWAB_VERSION ?? 'dev'}\n`);
		return;
	}
	if (options.kind === 'error') {
		process.stderr.write(`dockswab: ${options.message}\n${options.usage}\n`);
		process.exitCode = 2;
		return;
	}
	if (options.kind === 'plan' || options.kind === 'clean') {
		const settings = settingsOrRefusal(process.env);
		if (!settings) return;
		// The config file's protect patterns hold for scripts too, with those given by --protect.
		const protect = [...settings.protect, ...(options.policy.protect ?? [])];
		const selection = protect.length > 0 ? {...options, policy: {...options.policy, protect}} : options;
		let targets;
		try {
			targets = commandTargets(process.env, options);
		} catch (error) {
			if (!(error instanceof ContextError)) throw error;
			process.stderr.write(`dockswab: ${error.message}\n`);
			process.exitCode = 2;
			return;
		}
		const result = selection.kind === 'plan' ? await runPlanCommand(targets, selection) : await runCleanCommand(targets, selection);
		process.stderr.write(result.stderr);
		// An engine that accepted the connection and never answered still holds a socket open:
		// the command has said everything, so it ends here, once its output is out.
		process.stdout.write(result.stdout, () => process.exit(result.exitCode));
		return;
	}
	if (options.kind === 'login' || options.kind === 'logout') {
		const env = options.host ? {...process.env, DOCKER_HOST: options.host} : process.env;
		const configDir = dockerConfigDir(env);
		let result;
		if (options.kind === 'logout') result = await runLogoutCommand(configDir, options.server);
		else {
			const target = targetOrRefusal(env, options.context);
			if (!target) return;
			// The engine, when it answers, says which registries it reaches over plain HTTP.
			const info = withTimeout(unversionedClient(target).info() as Promise<unknown>, 3000, 'the engine');
			const password = passwordFromStdin(await readStdin());
			result = await runLoginCommand(configDir, {server: options.server, username: options.username, password}, await registryOptions(env, () => info)());
		}
		process.stdout.write(result.stdout);
		process.stderr.write(result.stderr);
		process.exitCode = result.exitCode;
		return;
	}
	const settings = settingsOrRefusal(process.env);
	if (!settings) return;
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		process.stderr.write('dockswab: needs an interactive terminal (stdin and stdout must be a TTY); run it directly, not through a pipe.\n');
		process.exitCode = 2;
		return;
	}

	// Nothing may write over the screen: stray console output from a library goes to the log file.
	for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) console[method] = (...args: unknown[]) => logError(`console.${method}`, args.map(String).join(' '));
	const env = options.host ? {...process.env, DOCKER_HOST: options.host} : process.env;
	const target = earlyContact?.target ?? targetOrRefusal(env, options.context);
	if (!target) return;
	const configDir = dockerConfigDir(env);
	const store = createStore(initialState({host: target.host, columns: process.stdout.columns || 80, rows: process.stdout.rows || 24, now: Date.now()}));
	const remapped = remapBindings(keyBindings, settings.keys);
	if (remapped.ok) setKeyBindings(remapped.bindings);
	store.dispatch({type: 'settings', protect: settings.protect, keep: settings.keep, imageSortIndex: settings.sort ? imageSorts.indexOf(settings.sort as (typeof imageSorts)[number]) : undefined});
	// Usually the engine has answered by now: wait a little so the first frame already has rows.
	const settled = earlyContact ? await settledWithin(earlyContact.contact, 400) : undefined;
	const firstContact = settled && ('value' in settled ? settled.value : settled.pending);
	// The engine, once connected, says which registries it reaches over plain HTTP.
	let engineInfo: () => Promise<unknown> | null = () => null;
	const registrySettings = registryOptions(env, () => engineInfo());
	const runner = createOperationRunner(store);
	const session = createEngineSwitch(store, {
		env: process.env,
		host: options.host,
		initial: {name: contextNameOf(target, options.host), session: startSession(store, target, configDir, firstContact, registrySettings)},
		start: next => startSession(store, next, configDir, undefined, registrySettings),
		endOperations() {
			for (const operation of store.getState().operations) if (operation.state === 'running' || operation.state === 'queued') runner.cancel(operation.id);
		},
	});
	engineInfo = session.info;

	// Every way out goes through restoreTerminal: q, signals, a crash anywhere, an error while drawing.
	let instance: Instance | undefined;
	let restored = false;
	const restoreTerminal = () => {
		if (restored) return;
		restored = true;
		try {
			// Ink's last frame goes to the alternate screen, so it unmounts before that screen is left.
			session.stop();
			instance?.unmount();
		} finally {
			if (process.stdin.isTTY) process.stdin.setRawMode(false);
			process.stdout.write(leaveAltScreen + showCursor);
		}
	};
	const quit = (code = 0) => {
		restoreTerminal();
		process.exit(code);
	};
	const crash = (context: string, doing?: string) => (error: unknown) => {
		logError(context, error);
		restoreTerminal();
		process.stderr.write(`${fatalLine(error, doing)}\n`);
		process.exit(1);
	};
	process.on('SIGTERM', () => quit(143));
	process.on('SIGHUP', () => quit(129));
	process.on('SIGINT', () => quit(130));
	process.on('uncaughtException', crash('fatal'));
	process.on('unhandledRejection', crash('fatal'));
	// A last resort for a process.exit() from elsewhere: the terminal is given back all the same.
	process.on('exit', restoreTerminal);
	releaseTerminal = restoreTerminal;

	process.stdout.write(enterAltScreen + hideCursor);
	const frames = new FrameWriter(process.stdout);
	const transfers = createTransferActions(store, runner, session.docker, configDir, registrySettings);
	const registries = createRegistryActions(store, configDir, registrySettings, catalogPageSize(env), transfers.push);
	const release = createReleaseActions(store, runner, session.docker, configDir);
	const fleet = createFleetActions(store, {env, hosts: options.host ? [options.host] : []});
	const services = {retry: () => session.retry(), quit: (code?: number) => quit(code ?? 0), actions: session.actions, registries, transfers, release, fleet, engines: session};
	const renderCrash = crash('render', 'could not draw the screen');
	instance = render(
		// The boundary is called inside React's commit: the crash (which unmounts) waits until it is over.
		<RenderCrashBoundary onCrash={error => setImmediate(renderCrash, error)}>
			<AppContext.Provider value={{store, theme: createTheme(env), services}}>
				<App />
			</AppContext.Provider>
		</RenderCrashBoundary>,
		// debug: Ink hands each whole frame to the FrameWriter, which sends only the changed lines.
		{stdout: frames as unknown as NodeJS.WriteStream, debug: true, exitOnCtrlC: false, patchConsole: false, onRender: renderLogger(env.DOCKSWAB_RENDER_LOG)},
	);
	// Errors Ink catches itself (outside the boundary) end its instance with an error.
	instance.waitUntilExit().catch(renderCrash);
}

main().catch((error: unknown) => {
	logError('start', error);
	releaseTerminal();
	process.stderr.write(`dockswab: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 1;
});
