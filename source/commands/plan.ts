// `dockswab plan`: the removal plan the delete dialog would show, for named images or for clean-up
// rules, on one engine or several, printed, changing nothing. `dockswab clean` carries out the
// same plan (clean.ts).
import {describeConnectionError, type Engine} from '../engine/connect';
import {contactEngine} from '../engine/early-contact';
import {imageLastTagTimes} from '../engine/last-tag-time';
import {containerLastUse, layersFor} from '../engine/layers';
import {engineImageIds, imageDiskUsage, type ImageDiskUsage} from '../engine/lists';
import {imageStore, type ImageStore} from '../engine/image-store';
import {engineInfo} from '../engine/operations';
import {dockerConfigDir} from '../engine/target';
import {budgetCache, cacheBytesAfter, type BudgetCache} from '../domain/budget-cache';
import {budgetCacheLine} from '../view/build-cache-text';
import {reportedBuildCache} from '../domain/build-cache';
import {formatBytes} from '../domain/format';
import {describeItem, planLines, planTotals} from '../view/plan-text';
import {selectPolicyTargets, type PolicyFacts, type PolicySelection} from '../domain/policies';
import {planRemoval, targetLabel, type PlanOutcome, type RemovalInput, type RemovalPlan, type RemovalStep, type RemovalTarget} from '../domain/removal-plan';
import {resolveTargets} from '../domain/resolve-targets';
import type {ContainerInfo, ImageInfo} from '../domain/types';
import {registryOptions} from '../services/registry-options';
import {checkSyncStatus, dockerHubServer, registryDigestLookup} from '../services/sync-status';
import type {Selection} from '../cli-args';
import type {LabelledTarget} from './engines';

export type CommandOutput = {readonly stdout: string; readonly stderr: string; readonly exitCode: number};

export type EnginePlan = {
	readonly ok: true;
	readonly label: string;
	readonly host: string;
	readonly engine: Engine;
	readonly images: readonly ImageInfo[];
	readonly containers: readonly ContainerInfo[];
	readonly plan: RemovalPlan;
	readonly budget: PolicySelection['budget'];
	/** Whether the bytes come from layers (exact) rather than per-image figures (a floor). */
	readonly bytesExact: boolean;
	/** `/system/df`'s images total when the plan was made; null when the engine did not say. */
	readonly imagesBytes: number | null;
	/** On the containerd store bytes are unpacked snapshots; compressed content blobs go uncounted. */
	readonly imageStore: ImageStore;
	/** With --budget: the build cache's part of it (pruned first); null without a budget. */
	readonly cache: BudgetCache | null;
};

export type EngineFailure = {readonly ok: false; readonly label: string; readonly host: string; readonly error: string; readonly usage: boolean};

export type EngineOutcome = EnginePlan | EngineFailure;

const failure = (labelled: LabelledTarget, error: string, usage = false): EngineFailure => ({ok: false, label: labelled.label, host: labelled.target.host, error, usage});

/** The targets of named images or of the rules, on one engine's lists. */
type Chosen = {targets: RemovalTarget[]; budget: PolicySelection['budget']; cache: BudgetCache | null};

async function chooseTargets(
	engine: Engine,
	images: readonly ImageInfo[],
	containers: readonly ContainerInfo[],
	selection: Selection,
	disk: ImageDiskUsage | null,
	now: number,
): Promise<Chosen | string> {
	if (selection.references.length > 0) {
		let {targets, unknown, invalid} = resolveTargets(selection.references, images);
		if (unknown.length > 0 && invalid.length === 0) ({targets, unknown, invalid} = resolveTargets(selection.references, images, await engineImageIds(engine.docker, unknown)));
		if (invalid.length > 0) return invalid.map(({name, reason}) => `invalid reference "${name}": ${reason}`).join('; ');
		if (unknown.length > 0) return `no such image: ${unknown.join(', ')}`;
		return {targets, budget: null, cache: null};
	}
	const {policy} = selection;
	const facts: {-readonly [K in keyof PolicyFacts]: PolicyFacts[K]} = {};
	// The engine's records of container starts and finishes cost a request per container: only for --unused-for.
	if (policy.unusedFor !== undefined) facts.containerLastUse = await containerLastUse(engine.docker, containers);
	// A budget takes unused images only, whatever the other rules say.
	const considered = () => selectPolicyTargets(images, containers, {...policy, budget: undefined, unused: policy.unused || policy.budget !== undefined}, now, facts).targets;
	if (policy.unusedFor !== undefined || policy.budget !== undefined) {
		// A tag time costs a request per image and can only make a use later: ask only about the
		// images the rules select without it, which are all a budget orders.
		const ids = new Set(considered().map(target => target.imageId));
		facts.lastTagTime = await imageLastTagTimes(engine.docker, [...ids]);
	}
	if (policy.budget !== undefined && disk) {
		const candidates = considered();
		facts.layers = (await layersFor(engine.docker, images, new Set(candidates.map(target => target.imageId)), disk.sharedSizes)) ?? undefined;
		facts.imagesBytes = disk.imagesBytes ?? undefined;
		const cache = budgetCache(policy.budget, disk.imagesBytes ?? images.reduce((sum, image) => sum + image.size, 0), reportedBuildCache(disk.buildCache, engine.product), now);
		return {...selectPolicyTargets(images, containers, {...policy, budget: cache.imagesBudget}, now, facts), cache};
	}
	return {...selectPolicyTargets(images, containers, policy, now, facts), cache: null};
}

/** The plan for one engine of `engines` asked at once: its lists, the targets, then exact bytes and recoverability for what it deletes. */
export async function planOnEngine(labelled: LabelledTarget, selection: Selection, env: NodeJS.ProcessEnv, now: number, engines = 1): Promise<EngineOutcome> {
	let contact;
	try {
		contact = await contactEngine(labelled.target, env, engines);
	} catch (error) {
		const {error: message, hint} = describeConnectionError(labelled.target, error);
		return failure(labelled, `${message} ${hint}`);
	}
	const {engine} = contact;
	const {images, containers} = contact.lists;
	const disk = await imageDiskUsage(engine.docker).catch(() => null);
	const chosen = await chooseTargets(engine, images, containers, selection, disk, now);
	if (typeof chosen === 'string') return failure(labelled, chosen, true);
	const input: RemovalInput = {
		targets: chosen.targets,
		images,
		containers,
		uniqueSizes: disk?.uniqueSizes,
		options: {removeStoppedContainers: selection.removeStoppedContainers, forced: new Set()},
	};
	// Layers and registries are asked only about the images the plan deletes.
	const deleted = new Set(planRemoval(input).items.flatMap(item => (item.outcome.kind === 'delete' ? [item.target.imageId] : [])));
	const layers = disk ? await layersFor(engine.docker, images, deleted, disk.sharedSizes).catch(() => null) : null;
	const configDir = dockerConfigDir(env);
	const hub = dockerHubServer(env);
	const lookup = registryDigestLookup(
		configDir,
		registryOptions(env, () => engineInfo(engine.docker)),
		undefined,
		hub ?? undefined,
	);
	const sync =
		deleted.size > 0
			? await checkSyncStatus(
					images.filter(image => deleted.has(image.id)),
					lookup,
					hub !== null,
				)
			: new Map();
	const plan = planRemoval({...input, sync, layers: layers ?? undefined});
	const store = await imageStore(engine.docker);
	return {
		ok: true,
		label: labelled.label,
		host: labelled.target.host,
		engine,
		images,
		containers,
		plan,
		budget: chosen.budget,
		bytesExact: layers !== null,
		imagesBytes: disk?.imagesBytes ?? null,
		imageStore: store,
		cache: chosen.cache,
	};
}

export async function planOnEngines(targets: readonly LabelledTarget[], selection: Selection, env: NodeJS.ProcessEnv, now = Date.now()): Promise<EngineOutcome[]> {
	return Promise.all(targets.map(labelled => planOnEngine(labelled, selection, env, now, targets.length)));
}

/** The JSON of a step: what it acts on, by ID. */
function stepJson(step: RemovalStep): Record<string, unknown> {
	if (step.kind === 'remove-container') return {kind: step.kind, containerId: step.container.id, container: step.container.name};
	if (step.kind === 'untag') return {kind: step.kind, reference: step.reference, imageId: step.imageId};
	return {kind: step.kind, imageId: step.imageId, reference: step.reference, force: step.force};
}

/** What keeps a blocked item, by name and ID, so scripts need not read it out of `detail`. */
function blockersJson(outcome: PlanOutcome & {kind: 'blocked'}, images: readonly ImageInfo[]): Record<string, unknown> {
	const byId = new Map(images.map(image => [image.id, image]));
	return {
		containers: outcome.containers.map(container => ({id: container.id, name: container.name, state: container.state})),
		children: outcome.children.map(id => ({imageId: id, tags: (byId.get(id)?.repoTags ?? []).filter(tag => tag !== '<none>:<none>')})),
		references: outcome.references,
	};
}

/** One engine's plan as the documented JSON (readme, "plan and clean"); version 1 of that schema. */
export function engineJson(outcome: EngineOutcome): Record<string, unknown> {
	if (!outcome.ok) return {engine: outcome.label, host: outcome.host, ok: false, error: outcome.error};
	const {plan, images} = outcome;
	return {
		engine: outcome.label,
		host: outcome.host,
		ok: true,
		imagesBytes: outcome.imagesBytes,
		bytesExact: outcome.bytesExact,
		imageStore: outcome.imageStore,
		budget: outcome.budget,
		// With --budget: the cache's bytes and the prune planned before the images (null: none).
		...(outcome.cache ? {buildCache: {bytes: outcome.cache.usage?.bytes ?? null, prune: outcome.cache.prune, plan: outcome.cache.plan}} : {}),
		items: plan.items.map(item => {
			const {verb, detail} = describeItem(item, images, {removeStopped: '--remove-stopped removes them first', force: null});
			const {outcome: result} = item;
			return {
				reference: item.target.reference,
				imageId: item.target.imageId,
				label: targetLabel(item.target),
				action: verb,
				bytes: result.kind === 'delete' ? result.bytes : 0,
				blocker: result.kind === 'blocked' ? result.blocker : null,
				blockedBy: result.kind === 'blocked' ? blockersJson(result, images) : null,
				// For deletes: the reference a registry still holds it under, "unknown" when a registry
				// could not be asked, null when no registry has it (gone for good); absent otherwise.
				...(result.kind === 'delete' ? {recoverable: result.recoverable?.reference ?? (result.unchecked.length > 0 ? 'unknown' : null)} : {}),
				detail,
			};
		}),
		steps: plan.steps.map(stepJson),
		totals: plan.totals,
	};
}

export const exitCodes = {done: 0, incomplete: 1, unusable: 2} as const;

/** 2 when no engine gave a plan (or a name was wrong), 1 when one did not answer or something is blocked, else 0. */
export function planExitCode(outcomes: readonly EngineOutcome[]): number {
	if (outcomes.some(outcome => !outcome.ok && outcome.usage) || outcomes.every(outcome => !outcome.ok)) return exitCodes.unusable;
	return outcomes.some(outcome => !outcome.ok || outcome.plan.totals.blocked > 0) ? exitCodes.incomplete : exitCodes.done;
}

/** Wrapped for a terminal; one line per item for a pipe, so scripts can grep it. */
export function outputWidth(): number {
	return process.stdout.isTTY ? process.stdout.columns || 100 : 10_000;
}

export function budgetLine(budget: NonNullable<PolicySelection['budget']>, limit: number | undefined, cache: BudgetCache | null = null): string {
	const goal = limit === undefined ? '' : ` (budget ${formatBytes(limit)})`;
	const holds = budget.holds ? '' : ': the budget does not hold, nothing more may go';
	if (!cache?.usage) {
		const unreported = cache ? '; the engine reported no build cache, so none is counted' : '';
		return `images take ${formatBytes(budget.before)} now, ${formatBytes(budget.after)} after this plan${goal}${holds}${unreported}`;
	}
	const before = budget.before + cache.usage.bytes;
	const after = budget.after + cacheBytesAfter(cache);
	return `images and build cache take ${formatBytes(before)} now, about ${formatBytes(after)} after this plan${goal}${holds}`;
}

/** What a containerd-store plan's bytes count, and what they leave out. */
export const contentNote = 'containerd image store: bytes are unpacked layers, as docker system df counts them; their compressed copies in the content store are freed too, uncounted';

/** The plan of one engine as text lines; under a heading when there are several engines. */
export function planText(outcome: EngineOutcome, selection: Selection, several: boolean, width: number): string[] {
	const heading = several ? [`== ${outcome.label} (${outcome.host})`] : [];
	if (!outcome.ok) return [...heading, `dockswab: ${outcome.error}`];
	const body = planLines(outcome.plan, outcome.images, width, {removeStopped: '--remove-stopped removes them first', force: null}).map(line => line.text);
	const budget = outcome.budget ? [budgetLine(outcome.budget, selection.policy.budget, outcome.cache)] : [];
	const cacheLine = outcome.cache ? budgetCacheLine(outcome.cache) : null;
	const cache = cacheLine ? [cacheLine] : [];
	const empty = outcome.plan.items.length === 0 && !outcome.cache?.prune ? ['nothing to remove'] : [];
	const content = outcome.imageStore === 'containerd' && outcome.plan.totals.bytesReclaimed > 0 ? [contentNote] : [];
	return [...heading, ...empty, ...cache, ...body, planTotals(outcome.plan, width, outcome.bytesExact), ...budget, ...content];
}

/** Exit codes: 0 the plan can run entirely, 1 something is blocked or an engine did not answer, 2 bad input or no engine. */
export async function runPlanCommand(targets: readonly LabelledTarget[], selection: Selection, env: NodeJS.ProcessEnv = process.env): Promise<CommandOutput> {
	const outcomes = await planOnEngines(targets, selection, env);
	const exitCode = planExitCode(outcomes);
	const stderr = outcomes.flatMap(outcome => (outcome.ok ? [] : [`dockswab: ${targets.length > 1 ? `${outcome.label}: ` : ''}${outcome.error}\n`])).join('');
	if (selection.json) return {stdout: `${JSON.stringify({version: 1, command: 'plan', executed: false, engines: outcomes.map(engineJson)}, null, 2)}\n`, stderr, exitCode};
	if (outcomes.length === 1 && !outcomes[0]!.ok) return {stdout: '', stderr, exitCode};
	const width = outputWidth();
	const lines = outcomes.flatMap(outcome => (outcome.ok || outcomes.length > 1 ? planText(outcome, selection, outcomes.length > 1, width) : []));
	return {stdout: `${[...lines, 'Nothing was changed: `dockswab` and d carry out a plan.'].join('\n')}\n`, stderr, exitCode};
}
