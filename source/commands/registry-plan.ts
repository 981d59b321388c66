// `dockswab plan --registry HOST/REPO`: the remote plan the registries pane would show for a
// retention rule, for each repository named (or each one a catalog lists), printed, changing
// nothing. `dockswab clean --registry` carries it out (registry-clean.ts).
import {eachLimited} from '../domain/each-limited';
import {planByRule, type RemotePlan, type RemotePlanRule, type TagDigest} from '../domain/remote-plan';
import {remotePlanLines, remotePlanTotals} from '../view/remote-plan-text';
import {needsCreationTimes} from '../domain/remote-retention';
import {probeRegistry, RegistryError, type RegistryOptions, type RegistrySession} from '../registry/client';
import type {RegistryRetention} from '../registry-args';
import {logError} from '../services/log';
import {openRegistrySession} from '../services/registry-session';
import {readTagDigests, registryMessage, type CreationTimes} from '../services/remote-tags';
import type {CommandOutput} from './plan';
import {exitCodes, outputWidth} from './plan';

/** What the registry commands need from outside: where logins are, and how registries are reached. */
export type RegistryContext = {readonly configDir: string; readonly options: () => Promise<RegistryOptions>; readonly catalogPageSize: number; readonly now: number};

export type RepositoryPlan = {
	readonly ok: true;
	readonly server: string;
	readonly repository: string;
	readonly plan: RemotePlan;
	readonly session: RegistrySession;
	/** Creation times read for this plan, by digest, reused when the registry is read again. */
	readonly created: CreationTimes | undefined;
};

/** `usage`: the input was wrong (no such registry, repository, or catalog access): exit code 2. */
export type RegistryFailure = {readonly ok: false; readonly server: string; readonly repository: string | null; readonly error: string; readonly usage: boolean};

export type RegistryOutcome = RepositoryPlan | RegistryFailure;

/** The rule as remote-plan.ts applies it, with this run's clock for --older-than. */
export function retentionRule(retention: RegistryRetention, now: number): RemotePlanRule {
	return {
		kind: 'keep-newest',
		keep: retention.keep,
		protect: retention.protect,
		order: retention.order,
		...(retention.match === null ? {} : {match: retention.match}),
		...(retention.olderThan === null ? {} : {olderThan: {seconds: retention.olderThan, now}}),
	};
}

/** Kinds of failure that say the registry, the repository or the right to read it is not what the user thinks. */
export const wrongInput = (error: unknown): boolean => error instanceof RegistryError && ['not-found', 'unauthorized', 'denied', 'protocol', 'tls'].includes(error.failure.kind);

async function catalogOf(session: RegistrySession, pageSize: number): Promise<{names: string[]; cut: string | null}> {
	const names: string[] = [];
	let cut: string | null = null;
	for await (const page of session.repositories(pageSize)) {
		names.push(...page.repositories);
		cut = page.cut;
	}
	return {names, cut};
}

async function planRepository(session: RegistrySession, server: string, repository: string, rule: RemotePlanRule): Promise<RegistryOutcome> {
	const created: CreationTimes | undefined = rule.kind === 'keep-newest' && needsCreationTimes(rule) ? new Map() : undefined;
	try {
		const tags: TagDigest[] = await readTagDigests(session, repository, created);
		return {ok: true, server, repository, plan: planByRule(repository, tags, rule), session, created};
	} catch (error) {
		logError(`plan ${server}/${repository}`, error);
		return {ok: false, server, repository, error: `${server}/${repository}: ${registryMessage(error)}`, usage: wrongInput(error)};
	}
}

/** One registry's plans: each repository named for it, or every one its catalog lists. */
async function planServer(server: string, repositories: readonly (string | null)[], rule: RemotePlanRule, context: RegistryContext): Promise<RegistryOutcome[]> {
	const options = await context.options();
	const probe = await probeRegistry(server, options);
	if (!probe.ok) return [{ok: false, server, repository: null, error: `${server} is not a registry dockswab can reach: ${probe.message}`, usage: true}];
	let session: RegistrySession;
	try {
		session = await openRegistrySession(context.configDir, server, options);
	} catch (error) {
		logError(`login ${server}`, error);
		return [{ok: false, server, repository: null, error: `${server}: the stored login could not be read (${registryMessage(error)})`, usage: false}];
	}
	const outcomes: RegistryOutcome[] = [];
	const names = new Set(repositories.filter((name): name is string => name !== null));
	if (repositories.includes(null)) {
		try {
			const catalog = await catalogOf(session, context.catalogPageSize);
			for (const name of catalog.names) names.add(name);
			if (catalog.cut) outcomes.push({ok: false, server, repository: null, error: `${server}: the catalog was read in part (${catalog.cut}); only the repositories read are planned`, usage: false});
		} catch (error) {
			logError(`catalog ${server}`, error);
			const said = registryMessage(error);
			return [{ok: false, server, repository: null, error: `${server}/*: no catalog access (${said}); name each repository: --registry ${server}/REPO`, usage: wrongInput(error)}];
		}
	}
	const plans: RegistryOutcome[] = [];
	const ordered = [...names].sort();
	await eachLimited(ordered, 2, async (repository, index) => {
		plans[index] = await planRepository(session, server, repository, rule);
	});
	return [...outcomes, ...plans];
}

/** Every target's plans, registries side by side, each registry's repositories in name order. */
export async function planRegistries(retention: RegistryRetention, context: RegistryContext): Promise<RegistryOutcome[]> {
	const rule = retentionRule(retention, context.now);
	const byServer = new Map<string, (string | null)[]>();
	for (const {server, repository} of retention.targets) byServer.set(server, [...(byServer.get(server) ?? []), repository]);
	const results = await Promise.all([...byServer].map(([server, repositories]) => planServer(server, repositories, rule, context)));
	return results.flat();
}

/** 2 on wrong input (or when nothing could be planned), 1 when a repository could not be read, else 0 (also for a catalog that lists nothing). */
export function registryExitCode(outcomes: readonly RegistryOutcome[]): number {
	if (outcomes.length === 0) return exitCodes.done;
	if (outcomes.some(outcome => !outcome.ok && outcome.usage) || outcomes.every(outcome => !outcome.ok)) return exitCodes.unusable;
	return outcomes.some(outcome => !outcome.ok) ? exitCodes.incomplete : exitCodes.done;
}

/** The rule as the JSON document states it: what a reader needs to know what was planned. */
export function ruleJson(retention: RegistryRetention): Record<string, unknown> {
	if (retention.untag.length > 0) return {untag: retention.untag, protect: retention.protect};
	return {keep: retention.keep, match: retention.match, order: retention.order, olderThanSeconds: retention.olderThan, protect: retention.protect};
}

/** One repository's plan (or why there is none) as the documented JSON (readme, "plan and clean"). */
export function repositoryJson(outcome: RegistryOutcome): Record<string, unknown> {
	if (!outcome.ok) return {registry: outcome.server, repository: outcome.repository, ok: false, error: outcome.error};
	const {plan} = outcome;
	return {
		registry: outcome.server,
		repository: outcome.repository,
		ok: true,
		items: plan.items.map(item => ({
			digest: item.digest,
			tags: item.tags,
			action: item.outcome.kind,
			alsoRemoves: item.outcome.kind === 'delete' ? item.outcome.alsoRemoves : [],
			reason: item.outcome.kind === 'blocked' ? item.outcome.reason : null,
		})),
		kept: plan.kept,
		totals: plan.totals,
	};
}

export const garbageNote = 'A registry frees the storage of deleted digests only when its garbage collection runs (distribution: registry garbage-collect).';

/** One repository's plan as text lines, under its name. */
export function repositoryText(outcome: RegistryOutcome, width: number): string[] {
	if (!outcome.ok) return [`dockswab: ${outcome.error}`];
	const heading = `== ${outcome.server}/${outcome.repository}`;
	const body = outcome.plan.items.length === 0 && outcome.plan.kept.length === 0 ? ['no tags'] : remotePlanLines(outcome.plan, width).map(line => line.text);
	return [heading, ...body, `${outcome.server}/${remotePlanTotals(outcome.plan)}`];
}

export const failureText = (outcomes: readonly RegistryOutcome[]): string => outcomes.flatMap(outcome => (outcome.ok ? [] : [`dockswab: ${outcome.error}\n`])).join('');

export function jsonDocument(command: 'plan' | 'clean', executed: boolean, retention: RegistryRetention, registries: readonly Record<string, unknown>[]): string {
	return `${JSON.stringify({version: 1, command, executed, rule: ruleJson(retention), registries}, null, 2)}\n`;
}

export async function runRegistryPlanCommand(retention: RegistryRetention, json: boolean, context: RegistryContext): Promise<CommandOutput> {
	const outcomes = await planRegistries(retention, context);
	const exitCode = registryExitCode(outcomes);
	const stderr = failureText(outcomes);
	if (json) return {stdout: jsonDocument('plan', false, retention, outcomes.map(repositoryJson)), stderr, exitCode};
	const width = outputWidth();
	const lines = outcomes.flatMap(outcome => (outcome.ok ? repositoryText(outcome, width) : []));
	if (outcomes.length === 0) return {stdout: 'no repositories to plan: the catalog lists none\n', stderr, exitCode};
	if (lines.length === 0) return {stdout: '', stderr, exitCode};
	return {stdout: `${[...lines, 'Nothing was changed: `dockswab clean` with the same arguments and --yes carries out this plan.'].join('\n')}\n`, stderr, exitCode};
}
