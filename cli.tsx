// First, so that the engine is asked for its lists before the UI code is even evaluated.
import {earlyContact} from './source/engine/early-contact';
import './source/terminal-colors';
import {appendFileSync} from 'node:fs';
import {render} from 'ink';
import {parseArgs, usage} from './source/cli-args';
import {runPlanCommand} from './source/commands/plan';
import {ContextError, dockerConfigDir, resolveEngineTarget, type EngineTarget} from './source/engine/target';
import {logError} from './source/services/log';
import {startSession} from './source/services/session';
import {initialState} from './source/state/reducer';
import {createStore} from './source/state/store';
import {App} from './source/ui/app';
import {AppContext} from './source/ui/store-context';
import {FrameWriter} from './source/ui/frame-writer';
import {createTheme} from './source/ui/theme';

const enterAltScreen = '\u001B[?1049h\u001B[H';
const leaveAltScreen = '\u001B[?1049l';
const showCursor = '\u001B[?25h';
const hideCursor = '\u001B[?25l';

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

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	if (options.kind === 'help') {
		process.stdout.write(`${usage}\n`);
		return;
	}
	if (options.kind === 'version') {
		process.stdout.write(`${process.env.DOCKSWAB_VERSION ?? 'dev'}\n`);
		return;
	}
	if (options.kind === 'error') {
		process.stderr.write(`dockswab: ${options.message}\n${usage}\n`);
		process.exitCode = 2;
		return;
	}
	if (options.kind === 'plan') {
		const env = options.host ? {...process.env, DOCKER_HOST: options.host} : process.env;
		const target = targetOrRefusal(env, options.context);
		if (!target) return;
		const result = await runPlanCommand(target, options);
		process.stdout.write(result.stdout);
		process.stderr.write(result.stderr);
		process.exitCode = result.exitCode;
		return;
	}
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
	// Usually the engine has answered by now: wait a little so the first frame already has rows.
	const settled = earlyContact ? await settledWithin(earlyContact.contact, 400) : undefined;
	const firstContact = settled && ('value' in settled ? settled.value : settled.pending);
	const session = startSession(store, target, configDir, firstContact);

	let restored = false;
	const restoreTerminal = () => {
		if (restored) return;
		restored = true;
		session.stop();
		instance.unmount();
		if (process.stdin.isTTY) process.stdin.setRawMode(false);
		process.stdout.write(leaveAltScreen + showCursor);
	};
	const quit = (code = 0) => {
		restoreTerminal();
		process.exit(code);
	};

	process.stdout.write(enterAltScreen + hideCursor);
	const frames = new FrameWriter(process.stdout);
	const services = {retry: () => session.retry(), quit: (code?: number) => quit(code ?? 0), actions: session.actions};
	const instance = render(
		<AppContext.Provider value={{store, theme: createTheme(env), services}}>
			<App />
		</AppContext.Provider>,
		// debug: Ink hands each whole frame to the FrameWriter, which sends only the changed lines.
		{stdout: frames as unknown as NodeJS.WriteStream, debug: true, exitOnCtrlC: false, patchConsole: false, onRender: renderLogger(env.DOCKSWAB_RENDER_LOG)},
	);

	process.on('SIGTERM', () => quit(143));
	process.on('SIGHUP', () => quit(129));
	process.on('SIGINT', () => quit(130));
	const crash = (error: unknown) => {
		logError('fatal', error);
		restoreTerminal();
		process.stderr.write(`dockswab: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	};
	process.on('uncaughtException', crash);
	process.on('unhandledRejection', crash);
}

main().catch((error: unknown) => {
	logError('start', error);
	process.stderr.write(`dockswab: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 1;
});
