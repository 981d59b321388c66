// The fleet: every configured engine asked in parallel, each within its own time limit, each
// answer put in the store as it arrives. Asked only when the fleet pane opens, and on `r`.
import {fleetTimeoutSeconds} from '../engine/call-deadline';
import {describeConnectionError} from '../engine/connect';
import {fleetClient, listEngineWithin, storedContextNames, type EngineLists} from '../engine/fleet';
import {removalEngine, type RemovalEngine} from '../engine/operations';
import {dockerConfigDir, resolveEngineTarget, type EngineTarget} from '../engine/target';
import type {FleetEngineOutcome, FleetEnginePlan} from '../domain/fleet-plan';
import {dialogReport} from '../state/dialog-report';
import type {Store} from '../state/store';
import {logError} from './log';
import {executeRemoval} from './removal';
import {eachLimited} from '../domain/each-limited';

/** A configured engine, or a context that names none (its meta.json is broken). */
export type FleetTarget = {readonly name: string; readonly target: EngineTarget} | {readonly name: string; readonly error: string};

/**
 * `default` (DOCKER_HOST, else the default socket), every stored docker context, then each --host
 * URL; an endpoint named twice is asked once, under the context's name rather than `default`.
 */
export function fleetTargets(env: NodeJS.ProcessEnv, hosts: readonly string[] = []): FleetTarget[] {
	const resolve = (name: string, context: string, hostEnv: NodeJS.ProcessEnv): FleetTarget => {
		try {
			return {name, target: resolveEngineTarget(hostEnv, context)};
		} catch (error) {
			return {name, error: error instanceof Error ? error.message : String(error)};
		}
	};
	const contexts = storedContextNames(dockerConfigDir(env))
		.filter(name => name !== 'default')
		.map(name => resolve(name, name, env));
	const fromHosts = hosts.map(host => resolve(host, 'default', {...env, DOCKER_HOST: host}));
	const named = [...contexts, ...fromHosts];
	const hostOf = (entry: FleetTarget) => ('target' in entry ? entry.target.host : null);
	const fallback = resolve('default', 'default', env);
	const seen = new Set<string>();
	const all: FleetTarget[] = [];
	for (const entry of named.some(entry => hostOf(entry) === hostOf(fallback)) ? named : [fallback, ...named]) {
		const host = hostOf(entry);
		if (host !== null && seen.has(host)) continue;
		if (host !== null) seen.add(host);
		all.push(entry);
	}
	return all;
}

export type FleetActions = {
	/** Asks the engines the first time the pane opens; later openings show what they said. */
	readonly open: () => void;
	readonly refresh: () => void;
	/** Runs each engine's plan; reports name the engine by its index in `plans`. */
	readonly runKeep: (plans: readonly FleetEnginePlan[]) => void;
};

export type FleetOptions = {
	readonly env: NodeJS.ProcessEnv;
	readonly hosts?: readonly string[];
	readonly query?: (target: EngineTarget, timeoutMs: number) => Promise<EngineLists>;
	readonly removal?: (target: EngineTarget) => RemovalEngine;
	/** Engines cleaned at the same time. */
	readonly concurrency?: number;
};

/** Short: the status line names every dead engine at once. */
function failureText(target: EngineTarget, error: unknown, timeoutSeconds: number): string {
	if (error instanceof Error && /did not answer within/.test(error.message)) return `no answer within ${timeoutSeconds} s`;
	const code = (error as {code?: string})?.code;
	if (code === 'ENOENT') return `no engine socket at ${target.host}`;
	if (code === 'ECONNREFUSED') return `connection refused at ${target.host}`;
	return describeConnectionError(target, error).error;
}

export function createFleetActions(store: Store, options: FleetOptions): FleetActions {
	const query = options.query ?? listEngineWithin;
	const removal = options.removal ?? ((target: EngineTarget) => removalEngine(fleetClient(target)));
	let round = 0;
	let targets = new Map<string, EngineTarget>();

	const refresh = () => {
		const current = ++round;
		const timeoutSeconds = fleetTimeoutSeconds(options.env);
		const entries = fleetTargets(options.env, options.hosts);
		targets = new Map(entries.flatMap(entry => ('target' in entry ? [[entry.name, entry.target] as const] : [])));
		store.dispatch({
			type: 'fleet-start',
			round: current,
			timeoutSeconds,
			engines: entries.map(entry => ({name: entry.name, host: 'target' in entry ? entry.target.host : '?'})),
		});
		for (const entry of entries) {
			if (!('target' in entry)) {
				store.dispatch({type: 'fleet-engine', round: current, name: entry.name, status: {state: 'down', error: entry.error}});
				continue;
			}
			const started = performance.now();
			query(entry.target, timeoutSeconds * 1000).then(
				lists => store.dispatch({type: 'fleet-engine', round: current, name: entry.name, status: {state: 'live', ...lists, ms: Math.round(performance.now() - started)}}),
				(error: unknown) => {
					logError(`fleet ${entry.name}`, error);
					store.dispatch({type: 'fleet-engine', round: current, name: entry.name, status: {state: 'down', error: failureText(entry.target, error, timeoutSeconds)}});
				},
			);
		}
	};

	const runKeep = (plans: readonly FleetEnginePlan[]) => {
		const setOutcome = (index: number, outcome: FleetEngineOutcome) => store.dispatch(dialogReport('fleet-keep', {type: 'engine', index, outcome}));
		const runOne = async (entry: FleetEnginePlan, index: number) => {
			const outcome: FleetEngineOutcome = {engine: entry.engine, state: 'waiting', results: [], error: null};
			const target = targets.get(entry.engine);
			if (!target) {
				setOutcome(index, {...outcome, state: 'failed', error: 'this engine is no longer configured'});
				return;
			}
			setOutcome(index, {...outcome, state: 'running'});
			try {
				const results = await executeRemoval(removal(target), entry.plan, {});
				setOutcome(index, {...outcome, state: 'done', results});
			} catch (error) {
				logError(`fleet clean-up ${outcome.engine}`, error);
				setOutcome(index, {...outcome, state: 'failed', error: failureText(target, error, fleetTimeoutSeconds(options.env))});
			}
		};
		void eachLimited(plans, options.concurrency ?? 3, runOne).then(() => {
			store.dispatch(dialogReport('fleet-keep', {type: 'done'}));
			refresh();
		});
	};

	return {
		open: () => {
			if (store.getState().fleet === null) refresh();
		},
		refresh,
		runKeep,
	};
}
