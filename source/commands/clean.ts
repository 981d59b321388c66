// `dockswab clean`: the plan `dockswab plan` prints for the same arguments, carried out with --yes
// (executeRemoval runs exactly its steps, checking each image ID first); without --yes, nothing.
import {BuildCacheError, pruneBuildCache, readEngineBuildCache} from '../engine/build-cache';
import {engineMessage} from '../engine/errors';
import {imageDiskUsage} from '../engine/lists';
import {buildCachePrunedText} from '../view/build-cache-text';
import {removalEngine} from '../engine/operations';
import {countNoun, formatBytes} from '../domain/format';
import {describeItem, planTotals} from '../view/plan-text';
import {executeRemoval} from '../services/removal';
import type {StepResult} from '../state/types';
import type {Selection} from '../cli-args';
import type {LabelledTarget} from './engines';
import type {CommandStreams} from './output';
import {engineJson, exitCodes, outputWidth, planExitCode, planOnEngines, planText, type EngineOutcome, type EnginePlan} from './plan';

type EngineRun = {readonly plan: EnginePlan; readonly results: readonly StepResult[]; readonly imagesBytesAfter: number | null};

/** A budget's build cache prune, before the images: a step result like theirs. */
async function pruneBudgetCache(plan: EnginePlan): Promise<StepResult[]> {
	const prune = plan.cache?.prune;
	if (!prune) return [];
	try {
		const pruned = await pruneBuildCache(plan.engine.docker, prune);
		const after = await readEngineBuildCache(plan.engine.docker).catch(() => null);
		return [{label: 'build cache', status: 'pruned', message: buildCachePrunedText(pruned, plan.cache?.usage?.bytes ?? null, after)}];
	} catch (error) {
		return [{label: 'build cache', status: 'failed', message: error instanceof BuildCacheError ? error.message : engineMessage(error)}];
	}
}

async function carryOut(plan: EnginePlan, onResult: (result: StepResult) => void): Promise<EngineRun> {
	const cacheResults = await pruneBudgetCache(plan);
	for (const result of cacheResults) onResult(result);
	const names = new Map(plan.containers.map(container => [container.id.slice(0, 12), container.name]));
	const results = await executeRemoval(removalEngine(plan.engine.docker), plan.plan, {containerNames: names, onResult});
	const after = await imageDiskUsage(plan.engine.docker).then(
		disk => disk.imagesBytes,
		() => null,
	);
	return {plan, results: [...cacheResults, ...results], imagesBytesAfter: after};
}

const failed = (result: StepResult) => result.status === 'failed' || result.status === 'skipped';

const resultLine = (result: StepResult) => `${result.status.padEnd(9)}${result.label} ${result.message}`;

function blockedLines(plan: EnginePlan): string[] {
	const blocked = plan.plan.items.filter(item => item.outcome.kind === 'blocked');
	return blocked.map(item => `${'blocked'.padEnd(9)}${item.label} ${describeItem(item, plan.images, {removeStopped: '--remove-stopped removes them first', force: null}).detail}`);
}

function summaryLine(run: EngineRun): string {
	const {plan, results} = run;
	const counts = new Map<string, number>();
	for (const result of results) counts.set(result.status, (counts.get(result.status) ?? 0) + 1);
	const done = [...counts].filter(([status]) => status !== 'failed' && status !== 'skipped').map(([status, count]) => `${count} ${status}`);
	const freed =
		plan.imagesBytes !== null && run.imagesBytesAfter !== null
			? `images took ${formatBytes(plan.imagesBytes)}, now ${formatBytes(run.imagesBytesAfter)}: ${formatBytes(plan.imagesBytes - run.imagesBytesAfter)} freed (planned ${formatBytes(plan.plan.totals.bytesReclaimed)})`
			: `planned to free ${formatBytes(plan.plan.totals.bytesReclaimed)}`;
	const failures = results.filter(failed).length;
	return `${done.length > 0 ? done.join(', ') : 'nothing done'} · ${countNoun(failures, 'step')} failed or skipped · ${countNoun(plan.plan.totals.blocked, 'item')} blocked · ${freed}`;
}

/**
 * Prints as it goes: a result line the moment its step ends (a cron job killed mid-run keeps the
 * record of what was deleted), the blocked items before the run, the totals after it. With several
 * engines each result line starts with its engine's label, since their steps run side by side.
 * Returns the exit code. `--json` prints one document at the end.
 */
export async function runCleanCommand(targets: readonly LabelledTarget[], selection: Selection & {yes: boolean}, streams: CommandStreams, env: NodeJS.ProcessEnv = process.env): Promise<number> {
	const outcomes = await planOnEngines(targets, selection, env);
	const several = outcomes.length > 1;
	streams.stderr(outcomes.flatMap(outcome => (outcome.ok ? [] : [`dockswab: ${several ? `${outcome.label}: ` : ''}${outcome.error}\n`])).join(''));
	const planned = planExitCode(outcomes);
	if (!selection.yes || planned === exitCodes.unusable) {
		const note = planned === exitCodes.unusable ? [] : ['Nothing was changed: add --yes to carry out this plan.'];
		if (selection.json) {
			streams.stdout(`${JSON.stringify({version: 1, command: 'clean', executed: false, engines: outcomes.map(engineJson)}, null, 2)}\n`);
			return planned;
		}
		const width = outputWidth();
		const lines = outcomes.flatMap(outcome => (outcome.ok || several ? planText(outcome, selection, several, width) : []));
		if (lines.length + note.length > 0) streams.stdout(`${[...lines, ...note].join('\n')}\n`);
		return planned;
	}
	const print = (lines: readonly string[]) => {
		if (!selection.json && lines.length > 0) streams.stdout(`${lines.join('\n')}\n`);
	};
	const heading = (outcome: EngineOutcome) => (several ? [`== ${outcome.label} (${outcome.host})`] : []);
	print(outcomes.flatMap(outcome => (outcome.ok && outcome.plan.totals.blocked > 0 ? [...heading(outcome), ...blockedLines(outcome)] : [])));
	// Engines run side by side; each one's steps run as its plan orders them.
	const runs = await Promise.all(
		outcomes.map(outcome => (outcome.ok ? carryOut(outcome, result => print([`${several ? `${outcome.label}: ` : ''}${resultLine(result)}`])) : Promise.resolve(outcome))),
	);
	const incomplete = runs.some(run => !('results' in run) || run.results.some(failed) || run.plan.plan.totals.blocked > 0);
	const exitCode = incomplete ? exitCodes.incomplete : exitCodes.done;
	if (selection.json) {
		const engines = runs.map(run => ('results' in run ? {...engineJson(run.plan), results: run.results, imagesBytesAfter: run.imagesBytesAfter} : engineJson(run)));
		streams.stdout(`${JSON.stringify({version: 1, command: 'clean', executed: true, engines}, null, 2)}\n`);
		return exitCode;
	}
	print(
		runs.flatMap(run => {
			if (!('results' in run)) return [`== ${run.label} (${run.host})`, `dockswab: ${run.error}`];
			return [...heading(run.plan), summaryLine(run), `plan: ${planTotals(run.plan.plan, 10_000, run.plan.bytesExact)}`];
		}),
	);
	return exitCode;
}
