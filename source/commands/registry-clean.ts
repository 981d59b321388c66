// `dockswab clean --registry`: the plan `dockswab plan --registry` prints for the same arguments,
// carried out with --yes. Right before a repository's deletes the registry is read again and the
// same rule applied: a digest whose tags moved since the plan is skipped and reported, and a
// registry that refuses a delete (405, or this login may not) is asked nothing more.
import {countNoun} from '../domain/format';
import {planByRule, stillPlanned, type RemotePlanRule} from '../domain/remote-plan';
import type {RegistryRetention} from '../registry-args';
import {logError} from '../services/log';
import {deleteRemoteItems, readTagDigests, registryMessage} from '../services/remote-tags';
import type {StepResult} from '../state/types';
import type {CommandStreams} from './output';
import {exitCodes, outputWidth} from './plan';
import {failureText, garbageNote, jsonDocument, planRegistries, registryExitCode, repositoryJson, repositoryText, retentionRule, type RegistryContext, type RepositoryPlan} from './registry-plan';

type RepositoryRun = {readonly plan: RepositoryPlan; readonly results: readonly StepResult[]};

/** A delete a registry's refusal left unattempted: counted once per registry rather than repeating the refusal. */
const notAttempted = (result: StepResult) => result.status === 'skipped' && result.message.startsWith('not attempted: ');

/** One repository: read again, then the deletes still planned; `stopped` carries a refusal across a registry's repositories. */
async function carryOut(plan: RepositoryPlan, rule: RemotePlanRule, stopped: string | null, onResult: (result: StepResult) => void): Promise<{run: RepositoryRun; stopped: string | null}> {
	const planned = plan.plan.items.filter(item => item.outcome.kind === 'delete');
	if (planned.length === 0) return {run: {plan, results: []}, stopped};
	const where = {server: plan.server, repository: plan.repository};
	const results: StepResult[] = [];
	const report = (result: StepResult) => {
		results.push(result);
		onResult(result);
	};
	if (stopped) {
		for (const item of planned) report({label: item.tags.join(', '), status: 'skipped', message: `not attempted: ${stopped}`});
		return {run: {plan, results}, stopped};
	}
	let again;
	try {
		again = planByRule(plan.repository, await readTagDigests(plan.session, plan.repository, plan.created), rule);
	} catch (error) {
		logError(`re-check ${plan.server}/${plan.repository}`, error);
		for (const item of planned) report({label: item.tags.join(', '), status: 'skipped', message: `the registry could not be read again (${registryMessage(error)}); nothing deleted`});
		return {run: {plan, results}, stopped};
	}
	const {run, moved} = stillPlanned(plan.plan, again);
	for (const {item, reason} of moved) report({label: item.tags.join(', '), status: 'skipped', message: reason});
	const deleted = await deleteRemoteItems(plan.session, where, run, null, report);
	return {run: {plan, results}, stopped: deleted.stopped};
}

/** A registry's repositories one after another, so that a refusal stops the ones after it. */
async function carryOutServer(plans: readonly RepositoryPlan[], rule: RemotePlanRule, onResult: (plan: RepositoryPlan, result: StepResult) => void): Promise<RepositoryRun[]> {
	const runs: RepositoryRun[] = [];
	let stopped: string | null = null;
	for (const plan of plans) {
		const done = await carryOut(plan, rule, stopped, result => onResult(plan, result));
		runs.push(done.run);
		stopped = done.stopped;
	}
	return runs;
}

function summaryLine(runs: readonly RepositoryRun[]): string {
	const results = runs.flatMap(run => run.results);
	const deleted = results.filter(result => result.status === 'deleted');
	// A delete's label lists the tags that went with its digest.
	const tags = deleted.reduce((sum, result) => sum + result.label.split(', ').length, 0);
	const failed = results.filter(result => result.status === 'failed').length;
	const skipped = results.filter(result => result.status === 'skipped').length;
	return `${countNoun(deleted.length, 'digest')} deleted (${countNoun(tags, 'tag')}) · ${failed} failed · ${skipped} skipped`;
}

/**
 * Prints as it goes: a result line the moment a delete ends (a cron job killed mid-run keeps the
 * record of what was deleted); a refusal is said once, with how many deletes it left unattempted.
 * Returns the exit code: 0 all done, 1 something failed or was skipped, 2 bad input (nothing deleted).
 */
export async function runRegistryCleanCommand(
	retention: RegistryRetention,
	options: {readonly json: boolean; readonly yes: boolean},
	streams: CommandStreams,
	context: RegistryContext,
): Promise<number> {
	const outcomes = await planRegistries(retention, context);
	streams.stderr(failureText(outcomes));
	const planned = registryExitCode(outcomes);
	const width = outputWidth();
	if (!options.yes || planned === exitCodes.unusable) {
		if (options.json) {
			streams.stdout(jsonDocument('clean', false, retention, outcomes.map(repositoryJson)));
			return planned;
		}
		const lines = outcomes.flatMap(outcome => (outcome.ok ? repositoryText(outcome, width) : []));
		const note = planned === exitCodes.unusable ? [] : ['Nothing was changed: add --yes to carry out this plan.'];
		if (lines.length + note.length > 0) streams.stdout(`${[...lines, ...note].join('\n')}\n`);
		return planned;
	}
	const print = (lines: readonly string[]) => {
		if (!options.json && lines.length > 0) streams.stdout(`${lines.join('\n')}\n`);
	};
	const plans = outcomes.filter((outcome): outcome is RepositoryPlan => outcome.ok);
	print(plans.flatMap(plan => repositoryText(plan, width)));
	const rule = retentionRule(retention, context.now);
	const byServer = new Map<string, RepositoryPlan[]>();
	for (const plan of plans) byServer.set(plan.server, [...(byServer.get(plan.server) ?? []), plan]);
	const unattempted = new Map<string, number>();
	const runs = (
		await Promise.all(
			[...byServer].map(([server, serverPlans]) =>
				carryOutServer(serverPlans, rule, (plan, result) => {
					// A refusal is printed once, as the failure it was; what it stopped is counted.
					if (notAttempted(result)) unattempted.set(server, (unattempted.get(server) ?? 0) + 1);
					else print([`${result.status.padEnd(9)}${plan.server}/${plan.repository} ${result.label} ${result.message}`]);
				}),
			),
		)
	).flat();
	const incomplete = planned !== exitCodes.done || runs.some(run => run.results.some(result => result.status === 'failed' || result.status === 'skipped'));
	const exitCode = incomplete ? exitCodes.incomplete : exitCodes.done;
	if (options.json) {
		const results = new Map(runs.map(run => [run.plan, run.results]));
		const registries = outcomes.map(outcome => (outcome.ok ? {...repositoryJson(outcome), results: results.get(outcome) ?? []} : repositoryJson(outcome)));
		streams.stdout(jsonDocument('clean', true, retention, registries));
		return exitCode;
	}
	const stops = [...unattempted].map(([server, count]) => `not attempted: ${countNoun(count, 'more delete')} on ${server}, which refused the delete above`);
	const anyDeleted = runs.some(run => run.results.some(result => result.status === 'deleted'));
	print([...stops, summaryLine(runs), ...(anyDeleted ? [garbageNote] : [])]);
	return exitCode;
}
