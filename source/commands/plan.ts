// `dockswab plan REF...`: the removal plan the delete dialog would show, printed, changing nothing.
// For scripts and for a look before a clean-up; the exit code says whether anything is blocked.
import {describeConnectionError} from '../engine/connect';
import {contactEngine} from '../engine/early-contact';
import {diskUsage} from '../engine/lists';
import {engineInfo} from '../engine/operations';
import {dockerConfigDir, type EngineTarget} from '../engine/target';
import {planLines, planTotals} from '../domain/plan-text';
import {planRemoval, type RemovalInput} from '../domain/removal-plan';
import {resolveTargets} from '../domain/resolve-targets';
import {registryOptions} from '../services/registry-options';
import {checkSyncStatus, hasDockerHubLogin, registryDigestLookup} from '../services/sync-status';

export type PlanCommandOptions = {readonly references: readonly string[]; readonly removeStoppedContainers: boolean; readonly json: boolean};

export type CommandOutput = {readonly stdout: string; readonly stderr: string; readonly exitCode: number};

/** Exit codes: 0 the plan can run entirely, 1 something is blocked, 2 bad input or no engine. */
export async function runPlanCommand(target: EngineTarget, options: PlanCommandOptions, env: NodeJS.ProcessEnv = process.env): Promise<CommandOutput> {
	let contact;
	try {
		contact = await contactEngine(target);
	} catch (error) {
		const {error: message, hint} = describeConnectionError(target, error);
		return {stdout: '', stderr: `dockswab: ${message} ${hint}\n`, exitCode: 2};
	}
	const {images, containers} = contact.lists;
	const {targets, unknown, invalid} = resolveTargets(options.references, images);
	if (invalid.length > 0) return {stdout: '', stderr: invalid.map(({name, reason}) => `dockswab: invalid reference "${name}": ${reason}\n`).join(''), exitCode: 2};
	if (unknown.length > 0) return {stdout: '', stderr: `dockswab: no such image: ${unknown.join(', ')}\n`, exitCode: 2};
	const uniqueSizes = await diskUsage(contact.engine.docker).then(disk => disk.uniqueSizes, () => undefined);
	const input: RemovalInput = {targets, images, containers, uniqueSizes, options: {removeStoppedContainers: options.removeStoppedContainers, forced: new Set()}};
	// The registries are asked only about the images the plan deletes: is each one recoverable?
	const deleted = new Set(planRemoval(input).items.flatMap(item => (item.outcome.kind === 'delete' ? [item.target.imageId] : [])));
	const configDir = dockerConfigDir(env);
	const lookup = registryDigestLookup(configDir, registryOptions(env, () => engineInfo(contact.engine.docker)));
	const sync = deleted.size > 0 ? await checkSyncStatus(images.filter(image => deleted.has(image.id)), lookup, await hasDockerHubLogin(configDir)) : new Map();
	const plan = planRemoval({...input, sync});
	const exitCode = plan.totals.blocked > 0 ? 1 : 0;
	if (options.json) return {stdout: `${JSON.stringify(plan, null, 2)}\n`, stderr: '', exitCode};
	// Wrapped for a terminal; one line per item for a pipe, so scripts can grep it.
	const width = process.stdout.isTTY ? process.stdout.columns || 100 : 10_000;
	const body = planLines(plan, images, width, {removeStopped: '--remove-stopped removes them first', force: null}).map(line => line.text);
	return {stdout: `${[...body, planTotals(plan, width), 'Nothing was changed: `dockswab` and d carry out a plan.'].join('\n')}\n`, stderr: '', exitCode};
}
