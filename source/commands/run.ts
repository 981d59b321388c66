// The commands that print and end (plan, clean, login, logout): loaded by cli.tsx only when one of
// them is asked for, so the UI's start never pays for them and they never load the UI.
import type {CliOptions} from '../cli-args';
import {unversionedClient, withTimeout} from '../engine/connect';
import {ContextError, dockerConfigDir, resolveEngineTarget} from '../engine/target';
import {registryOptions} from '../services/registry-options';
import type {Settings} from '../services/settings';
import {runBuildCacheCommand} from './build-cache';
import {runCleanCommand} from './clean';
import {commandTargets} from './engines';
import {passwordFromStdin, runLoginCommand, runLogoutCommand} from './login';
import {runPlanCommand} from './plan';
import {writeOutput} from '../terminal-output';

type Command = Extract<CliOptions, {kind: 'plan' | 'clean' | 'login' | 'logout'}>;

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

/** `settings` is the config file, read and checked by the caller (plan and clean honour its protect patterns). */
export async function runCommand(options: Command, settings: () => Settings | null): Promise<void> {
	if (options.kind === 'plan' || options.kind === 'clean') {
		const loaded = settings();
		if (!loaded) return;
		// The config file's protect patterns hold for scripts too, with those given by --protect.
		const protect = [...loaded.protect, ...(options.policy.protect ?? [])];
		const selection = protect.length > 0 ? {...options, policy: {...options.policy, protect}} : options;
		let targets;
		try {
			targets = commandTargets(process.env, options);
		} catch (error) {
			refuse(error);
			return;
		}
		const result = selection.buildCache
			? await runBuildCacheCommand(targets, {command: selection.kind, prune: selection.buildCache, json: selection.json, yes: selection.kind === 'clean' && selection.yes})
			: selection.kind === 'plan'
				? await runPlanCommand(targets, selection)
				: await runCleanCommand(targets, selection);
		writeOutput(process.stderr, result.stderr);
		// An engine that accepted the connection and never answered still holds a socket open:
		// the command has said everything, so it ends here, once its output is out.
		writeOutput(process.stdout, result.stdout, selection.json ? 'json' : 'text', () => process.exit(result.exitCode));
		return;
	}
	const env = options.host ? {...process.env, DOCKER_HOST: options.host} : process.env;
	const configDir = dockerConfigDir(env);
	let result;
	if (options.kind === 'logout') result = await runLogoutCommand(configDir, options.server);
	else {
		let target;
		try {
			target = resolveEngineTarget(env, options.context);
		} catch (error) {
			refuse(error);
			return;
		}
		// The engine, when it answers, says which registries it reaches over plain HTTP.
		const info = withTimeout(unversionedClient(target).info() as Promise<unknown>, 3000, 'the engine');
		const password = passwordFromStdin(await readStdin());
		result = await runLoginCommand(configDir, {server: options.server, username: options.username, password}, await registryOptions(env, () => info)());
	}
	writeOutput(process.stdout, result.stdout);
	writeOutput(process.stderr, result.stderr);
	process.exitCode = result.exitCode;
}
