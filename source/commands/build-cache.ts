// `dockswab plan --build-cache` and `dockswab clean --build-cache`: the BuildKit build cache of each
// engine, what a prune with the given cap and age would free, and with --yes that prune.
import {describeConnectionError, type Engine} from '../engine/connect';
import {contactEngine} from '../engine/early-contact';
import {BuildCacheError, buildCachePruneRefusal, pruneBuildCache, readEngineBuildCache} from '../engine/build-cache';
import {engineMessage} from '../engine/errors';
import {planBuildCachePrune, reportedBuildCache, type BuildCachePlan, type BuildCachePrune, type BuildCachePruned, type BuildCacheUsage} from '../domain/build-cache';
import {buildCachePlanLines, buildCachePrunedText} from '../view/build-cache-text';
import type {LabelledTarget} from './engines';
import {exitCodes, type CommandOutput} from './plan';

type CachePlan = {
	readonly ok: true;
	readonly label: string;
	readonly host: string;
	readonly engine: Engine;
	/** null: the engine reported no build cache. */
	readonly usage: BuildCacheUsage | null;
	readonly plan: BuildCachePlan | null;
};

type CacheFailure = {readonly ok: false; readonly label: string; readonly host: string; readonly error: string};

type CacheRun = {readonly pruned: BuildCachePruned; readonly after: BuildCacheUsage | null} | {readonly error: string} | null;

const noCache = 'the engine reports no BuildKit build cache (none in /system/df, or Podman, which keeps none): nothing to prune';

async function planOnEngine(labelled: LabelledTarget, prune: BuildCachePrune, now: number, engines: number): Promise<CachePlan | CacheFailure> {
	const failure = (error: string): CacheFailure => ({ok: false, label: labelled.label, host: labelled.target.host, error});
	let engine: Engine;
	try {
		({engine} = await contactEngine(labelled.target, process.env, engines));
	} catch (error) {
		const {error: message, hint} = describeConnectionError(labelled.target, error);
		return failure(`${message} ${hint}`);
	}
	const refusal = buildCachePruneRefusal(engine.apiVersion);
	if (refusal) return failure(refusal);
	let usage: BuildCacheUsage | null;
	try {
		usage = reportedBuildCache(await readEngineBuildCache(engine.docker), engine.product);
	} catch (error) {
		return failure(`the engine's disk figures could not be read: ${engineMessage(error)}`);
	}
	return {ok: true, label: labelled.label, host: labelled.target.host, engine, usage, plan: usage ? planBuildCachePrune(usage, prune, now) : null};
}

/** Prunes only when the plan frees something: BuildKit would find nothing to remove either. */
async function carryOut(plan: CachePlan, prune: BuildCachePrune): Promise<CacheRun> {
	if (!plan.plan || plan.plan.frees === 0) return null;
	try {
		const pruned = await pruneBuildCache(plan.engine.docker, prune);
		const after = await readEngineBuildCache(plan.engine.docker).catch(() => null);
		return {pruned, after};
	} catch (error) {
		return {error: error instanceof BuildCacheError ? error.message : engineMessage(error)};
	}
}

function planJson(outcome: CachePlan | CacheFailure, prune: BuildCachePrune, run?: CacheRun): Record<string, unknown> {
	if (!outcome.ok) return {engine: outcome.label, host: outcome.host, ok: false, error: outcome.error};
	const {usage} = outcome;
	const result = run === undefined ? {} : {result: run === null ? null : 'error' in run ? {error: run.error} : {...run.pruned, bytesAfter: run.after?.bytes ?? null}};
	return {
		engine: outcome.label,
		host: outcome.host,
		ok: true,
		buildCache: usage ? {entries: usage.entries.length, bytes: usage.bytes, reclaimableBytes: usage.reclaimableBytes, sharedBytes: usage.sharedBytes} : null,
		prune,
		plan: outcome.plan,
		...result,
	};
}

function planText(outcome: CachePlan | CacheFailure, prune: BuildCachePrune): string[] {
	if (!outcome.ok) return [`dockswab: ${outcome.error}`];
	return outcome.usage && outcome.plan ? buildCachePlanLines(outcome.usage, prune, outcome.plan) : [noCache];
}

function runText(outcome: CachePlan, run: CacheRun): string {
	if (run === null) return outcome.usage ? 'nothing pruned: nothing to free' : noCache;
	if ('error' in run) return `failed   build cache prune: ${run.error}`;
	return buildCachePrunedText(run.pruned, outcome.usage?.bytes ?? null, run.after);
}

/** Exit codes as plan and clean: 0 done, 1 an engine did not answer or a prune failed, 2 no engine answered. */
export async function runBuildCacheCommand(
	targets: readonly LabelledTarget[],
	options: {readonly command: 'plan' | 'clean'; readonly prune: BuildCachePrune; readonly json: boolean; readonly yes: boolean},
	now = Date.now(),
): Promise<CommandOutput> {
	const {command, prune} = options;
	const outcomes = await Promise.all(targets.map(labelled => planOnEngine(labelled, prune, now, targets.length)));
	const several = outcomes.length > 1;
	const stderr = outcomes.flatMap(outcome => (outcome.ok ? [] : [`dockswab: ${several ? `${outcome.label}: ` : ''}${outcome.error}\n`])).join('');
	const answered = outcomes.some(outcome => outcome.ok);
	const execute = command === 'clean' && options.yes && answered;
	const runs = execute ? await Promise.all(outcomes.map(outcome => (outcome.ok ? carryOut(outcome, prune) : Promise.resolve(null)))) : null;
	const failedRun = runs?.some(run => run !== null && 'error' in run) ?? false;
	const exitCode = !answered ? exitCodes.unusable : outcomes.some(outcome => !outcome.ok) || failedRun ? exitCodes.incomplete : exitCodes.done;
	if (options.json) {
		const engines = outcomes.map((outcome, index) => planJson(outcome, prune, runs ? runs[index] : undefined));
		return {stdout: `${JSON.stringify({version: 1, command, executed: execute, engines}, null, 2)}\n`, stderr, exitCode};
	}
	if (!several && !answered) return {stdout: '', stderr, exitCode};
	const lines = outcomes.flatMap((outcome, index) => {
		const heading = several ? [`== ${outcome.label} (${outcome.host})`] : [];
		const run = runs?.[index];
		const body = outcome.ok && run !== undefined ? [runText(outcome, run)] : planText(outcome, prune);
		return [...heading, ...body];
	});
	const note = execute ? [] : command === 'plan' ? ['Nothing was changed: `dockswab clean --build-cache --yes` carries out this prune.'] : ['Nothing was changed: add --yes to carry out this prune.'];
	return {stdout: `${[...lines, ...note].join('\n')}\n`, stderr, exitCode};
}
