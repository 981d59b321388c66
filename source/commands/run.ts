// The commands that print and end (plan, clean, layers, diff, login, logout): loaded by cli.tsx only when one of
// them is asked for, so the UI's start never pays for them and they never load the UI.
import type {CliOptions} from '../cli-args';
import {unversionedClient, withTimeout} from '../engine/connect';
import {ContextError, dockerConfigDir, resolveEngineTarget, type EngineTarget} from '../engine/target';
import {catalogPageSize, registryOptions} from '../services/registry-options';
import type {Settings} from '../services/settings';
import {runBuildCacheCommand} from './build-cache';
import {runCleanCommand} from './clean';
import {commandTargets} from './engines';
import {passwordFromStdin, runLoginCommand, runLogoutCommand} from './login';
import {exitAfterOutput, processStreams} from './output';
import {runPlanCommand} from './plan';
import {runRegistryCleanCommand} from './registry-clean';
import {runRegistryPlanCommand, type RegistryContext} from './registry-plan';
import {runRegistryUntagCommand} from './registry-untag';
import {runDiffCommand, runLayersCommand} from './layers';
import {runPluginCommand} from './plugin';
import {completionCandidates, dockerCompletionAnswer} from './complete';
import {completionScript} from '../completion/script';
import {pluginMetadata} from '../docker-plugin';
import {writeOutput} from '../terminal-output';
import {visibleText} from '../domain/visible-text';

type Command = Extract<CliOptions, {kind: 'plan' | 'clean' | 'layers' | 'diff' | 'login' | 'logout' | 'plugin' | 'plugin-metadata' | 'completion' | 'complete' | 'complete-line'}>;

/** All of standard input (a password for `login --password-stdin`); nothing from a terminal. */
async function readStdin(): Promise<string> {
	if (process.stdin.isTTY) return '';
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

function refuse(error: unknown): void {
	if (!(error instanceof ContextError)) throw error;
	writeOutput(process.stderr, `dockswab: ${error.message}\n`);
	process.exitCode = 2;
}

/** The engine the command names, or null after refusing it (exit code 2), as the docker CLI does. */
function engineOrRefusal(env: NodeJS.ProcessEnv, context: string | undefined): EngineTarget | null {
	try {
		return resolveEngineTarget(env, context);
	} catch (error) {
		refuse(error);
		return null;
	}
}

/**
 * How the registry commands reach registries: as the engine does, so the engine (when one
 * answers within 3 s) is asked which registries it reaches over plain HTTP. null after refusing a
 * --context that does not exist.
 */
function registryContext(options: {host?: string; context?: string}): RegistryContext | null {
	const env = options.host ? {...process.env, DOCKER_HOST: options.host} : process.env;
	let target;
	try {
		target = resolveEngineTarget(env, options.context);
	} catch (error) {
		if (options.context !== undefined) {
			refuse(error);
			return null;
		}
	}
	const engine = target;
	const info = () => (engine ? withTimeout(unversionedClient(engine).info() as Promise<unknown>, 3000, 'the engine') : null);
	return {configDir: dockerConfigDir(env), options: registryOptions(env, info), catalogPageSize: catalogPageSize(env), now: Date.now()};
}

/** `settings` is the config file, read and checked by the caller (plan and clean honour its protect patterns). */
export async function runCommand(options: Command, settings: () => Settings | null): Promise<void> {
	if (options.kind === 'plugin-metadata') {
		processStreams('json').stdout(pluginMetadata(process.env.DOCKSWAB_VERSION ?? 'dev', process.env.DOCKSWAB_HOMEPAGE));
		return;
	}
	if (options.kind === 'completion') {
		processStreams('text').stdout(completionScript(options.shell));
		return;
	}
	if (options.kind === 'complete') {
		const candidates = await completionCandidates(process.env, options);
		processStreams('text').stdout(candidates.map(candidate => `${candidate}\n`).join(''));
		// An engine that never answered may hold a socket: the shell waits for this process to end.
		exitAfterOutput(0);
		return;
	}
	if (options.kind === 'complete-line') {
		processStreams('text').stdout(await dockerCompletionAnswer(process.env, options.typed));
		exitAfterOutput(0);
		return;
	}
	if (options.kind === 'plugin') {
		// process.argv[1] is this program as started: the npm bin link, dist/cli.js, or the plugin link.
		const result = runPluginCommand(options.action, dockerConfigDir(process.env), process.argv[1]!);
		processStreams('text').stdout(result.stdout);
		processStreams('text').stderr(result.stderr);
		process.exitCode = result.exitCode;
		return;
	}
	// On a terminal, control characters in the output are shown as escapes (terminal-output.ts).
	const streams = processStreams((options.kind === 'plan' || options.kind === 'clean') && options.json ? 'json' : 'text');
	if (options.kind === 'plan' || options.kind === 'clean') {
		const loaded = settings();
		if (!loaded) return;
		// The config file's protect patterns hold for scripts too, with those given by --protect.
		const protect = [...loaded.protect, ...(options.policy.protect ?? [])];
		const selection = protect.length > 0 ? {...options, policy: {...options.policy, protect}} : options;
		if (selection.registry) {
			const context = registryContext(options);
			if (!context) return;
			const retention = {...selection.registry, protect: [...loaded.protect, ...selection.registry.protect]};
			if (retention.untag.length > 0) {
				exitAfterOutput(await runRegistryUntagCommand(retention, {command: selection.kind, json: selection.json, yes: selection.kind === 'clean' && selection.yes}, streams, context));
			} else if (selection.kind === 'plan') {
				const result = await runRegistryPlanCommand(retention, selection.json, context);
				streams.stderr(result.stderr);
				streams.stdout(result.stdout);
				exitAfterOutput(result.exitCode);
			} else exitAfterOutput(await runRegistryCleanCommand(retention, {json: selection.json, yes: selection.yes}, streams, context));
			return;
		}
		let targets;
		try {
			targets = commandTargets(process.env, options);
		} catch (error) {
			refuse(error);
			return;
		}
		if (selection.buildCache) {
			const result = await runBuildCacheCommand(targets, {command: selection.kind, prune: selection.buildCache, json: selection.json, yes: selection.kind === 'clean' && selection.yes});
			streams.stderr(result.stderr);
			streams.stdout(result.stdout);
			exitAfterOutput(result.exitCode);
		} else if (selection.kind === 'plan') {
			const result = await runPlanCommand(targets, selection);
			streams.stderr(result.stderr);
			streams.stdout(result.stdout);
			exitAfterOutput(result.exitCode);
		} else exitAfterOutput(await runCleanCommand(targets, selection, streams));
		return;
	}
	const env = options.host ? {...process.env, DOCKER_HOST: options.host} : process.env;
	if (options.kind === 'layers' || options.kind === 'diff') {
		const target = engineOrRefusal(env, options.context);
		if (!target) return;
		// On a terminal, how far the read got, on one line redrawn in place and cleared at the end.
		const progress = process.stderr.isTTY ? (text: string) => process.stderr.write(`\r\u001b[K${text === '' ? '' : `dockswab: ${visibleText(text)}`}`) : undefined;
		const result = options.kind === 'layers' ? await runLayersCommand(target, options, progress) : await runDiffCommand(target, options, progress);
		const output = processStreams(options.json ? 'json' : 'text');
		output.stderr(result.stderr);
		output.stdout(result.stdout);
		exitAfterOutput(result.exitCode);
		return;
	}
	const configDir = dockerConfigDir(env);
	let result;
	if (options.kind === 'logout') result = await runLogoutCommand(configDir, options.server);
	else {
		const target = engineOrRefusal(env, options.context);
		if (!target) return;
		// The engine, when it answers, says which registries it reaches over plain HTTP.
		const info = withTimeout(unversionedClient(target).info() as Promise<unknown>, 3000, 'the engine');
		const password = passwordFromStdin(await readStdin());
		result = await runLoginCommand(configDir, {server: options.server, username: options.username, password}, await registryOptions(env, () => info)());
	}
	streams.stdout(result.stdout);
	streams.stderr(result.stderr);
	process.exitCode = result.exitCode;
}
