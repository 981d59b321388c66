// The entry: small on purpose. For the UI it asks the engine for its lists, draws the first frame
// from them with the UI's own text functions, and only then loads React, Ink and the rest
// (source/start/tui.tsx). The printing commands load their own modules (source/commands/run.ts).
import './source/terminal-colors';
import {parseArgs} from './source/cli-args';
import {engineProduct, negotiatedApiVersion} from './source/engine/version';
import {ContextError, dockerConfigDir, resolveEngineTarget, type EngineTarget} from './source/engine/target';
import {imageSorts} from './source/domain/image-rows';
import {readRegistries, configFilePath} from './source/registry/config';
import {loadSettings, type Settings} from './source/services/settings';
import {initialState, reducer} from './source/state/reducer';
import type {Action} from './source/state/types';
import {keyBindings, keyConfigRules, remapBindings, setKeyBindings} from './source/ui/keymap';
import {FrameWriter} from './source/terminal/frame-writer';
import {createTheme} from './source/ui/theme';
import {containersGraceMs, firstListLimits, requestFirstLists, type FirstLists} from './source/engine/first-lists';
import {firstFrameLines} from './source/terminal/first-frame';
import {releaseTerminal, takeTerminal} from './source/terminal/terminal';
import {logError} from './source/services/log';
import {writeOutput} from './source/terminal-output';
import {processStreams} from './source/commands/output';
import {pluginHelpText, pluginInvocation, pluginName, runAsDockerPlugin} from './source/docker-plugin';

/**
 * How long the first frame waits for the engine before the UI is loaded anyway. Loading the UI
 * takes about 100 ms of this process's time, during which an answer would wait; a busier engine
 * (many thousand images) answers later than that, so the UI is loaded while it works.
 */
const firstFrameWaitMs = 250;

/** The engine to use, or null after saying why there is none (an unknown context: exit code 2, as docker). */
function targetOrRefusal(env: NodeJS.ProcessEnv, context: string | undefined): EngineTarget | null {
	try {
		return resolveEngineTarget(env, context);
	} catch (error) {
		if (!(error instanceof ContextError)) throw error;
		writeOutput(process.stderr, `dockswab: ${error.message}\n`);
		process.exitCode = 2;
		return null;
	}
}

/** The config file's settings, or null after naming the bad field and its line (exit code 2): never a half-read file. */
function settingsOrRefusal(env: NodeJS.ProcessEnv): Settings | null {
	const loaded = loadSettings(env, {sorts: imageSorts, ...keyConfigRules});
	if (loaded.ok) return loaded.settings;
	writeOutput(process.stderr, `dockswab: ${loaded.message}\n`);
	process.exitCode = 2;
	return null;
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
	const outcome = await Promise.race([
		promise.then(
			value => ({value}),
			() => 'failed' as const,
		),
		timeout,
	]);
	clearTimeout(timer);
	return typeof outcome === 'object' ? outcome : {pending: promise};
}

/** dockswab's own arguments; run as `docker swab`, docker's global options become dockswab's (null: refused). */
function commandLine(asPlugin: boolean): string[] | null {
	if (!asPlugin) return process.argv.slice(2);
	const invocation = pluginInvocation(process.argv.slice(2), pluginName);
	if (invocation.kind === 'error') {
		processStreams('text').stderr(`docker ${pluginName}: ${invocation.message}\n`);
		process.exitCode = 2;
		return null;
	}
	// Set for the whole process: credential helpers and ssh started later see what docker would give them.
	Object.assign(process.env, invocation.env);
	return invocation.argv;
}

async function main(): Promise<void> {
	const asPlugin = runAsDockerPlugin(process.argv);
	const argv = commandLine(asPlugin);
	if (!argv) return;
	const options = parseArgs(argv);
	const shown = (text: string) => (asPlugin ? pluginHelpText(text) : text);
	if (options.kind === 'help') {
		processStreams('text').stdout(`${shown(options.text)}\n`);
		return;
	}
	if (options.kind === 'version') {
		processStreams('text').stdout(`${process.env.DOCKSWAB_VERSION ?? 'dev'}\n`);
		return;
	}
	if (options.kind === 'error') {
		processStreams('text').stderr(`dockswab: ${options.message}\n${shown(options.usage)}\n`);
		process.exitCode = 2;
		return;
	}
	if (options.kind !== 'run') {
		const {runCommand} = await import('./source/commands/run');
		await runCommand(options, () => settingsOrRefusal(process.env));
		return;
	}
	const settings = settingsOrRefusal(process.env);
	if (!settings) return;
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		process.stderr.write('dockswab: needs an interactive terminal (stdin and stdout must be a TTY); run it directly, not through a pipe.\n');
		process.exitCode = 2;
		return;
	}
	const env = options.host ? {...process.env, DOCKER_HOST: options.host} : process.env;
	const target = targetOrRefusal(env, options.context);
	if (!target) return;
	// Asked first: the engine works on the lists while the rest is set up.
	// The engine may answer long before its lists (a large containerd store): the screen says so
	// once the state that draws it exists.
	let answered = () => {
		answered = () => undefined;
		listing = true;
	};
	let listing = false;
	const lists: Promise<FirstLists> = requestFirstLists(target, firstListLimits(env), () => answered(), containersGraceMs);
	// The session reports a failure; until it takes the promise, nothing may count as unhandled.
	lists.catch(() => undefined);

	const configDir = dockerConfigDir(env);
	// Until the UI is loaded there is a state and no store: the store takes the UI's dialog table,
	// whose views load React and Ink, and nothing reports to a dialog before the UI runs.
	let state = initialState({host: target.host, columns: process.stdout.columns || 80, rows: process.stdout.rows || 24, now: Date.now()});
	let dispatch = (action: Action): void => {
		state = reducer(state, action);
	};
	const remapped = remapBindings(keyBindings, settings.keys);
	if (remapped.ok) setKeyBindings(remapped.bindings, remapped.dialogKeys);
	dispatch({type: 'settings', protect: settings.protect, keep: settings.keep, imageSortIndex: settings.sort ? imageSorts.indexOf(settings.sort as (typeof imageSorts)[number]) : undefined});
	// Read once for the session: they belong to the user, not to an engine, and stay through engine switches.
	dispatch({type: 'registries', registries: readRegistries(configDir), configPath: configFilePath(configDir)});
	const showListing = () => dispatch({type: 'connecting', host: target.host, listing: true});
	if (listing) showListing();
	else answered = showListing;
	const theme = createTheme(env);

	takeTerminal();
	const frames = new FrameWriter(process.stdout);
	const firstLists = await settledWithin(lists, firstFrameWaitMs);
	if ('value' in firstLists) {
		// As the session will say it once the UI runs: the frames are then the same.
		const {version, images, containers} = firstLists.value;
		const engine = engineProduct(version);
		dispatch({
			type: 'connected',
			host: target.host,
			engineVersion: engine.version,
			apiVersion: negotiatedApiVersion(version),
			product: engine.product,
			images,
			containers: Array.isArray(containers) ? containers : undefined,
		});
		// A frame this cannot draw (or a fault in drawing it) is left to Ink, which has its own crash path.
		let lines: string[] | null = null;
		try {
			lines = firstFrameLines(state, theme);
		} catch (error) {
			logError('first frame', error);
		}
		if (lines) frames.write(lines.join('\n'));
	}
	const [{runTui}, {createAppStore}] = await Promise.all([import('./source/start/tui'), import('./source/ui/dialogs/dialog-table')]);
	const store = createAppStore(state);
	dispatch = store.dispatch;
	runTui({options, env, target, configDir, store, theme, frames, firstLists});
}

main().catch((error: unknown) => {
	logError('start', error);
	releaseTerminal();
	writeOutput(process.stderr, `dockswab: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 1;
});
