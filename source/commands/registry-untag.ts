// `dockswab plan|clean --registry HOST/REPO --untag TAG...`: the tags named go, and nothing else.
// The plan says, per tag, whether its digest is deleted (no other tag names it) or a placeholder
// is pushed to the tag and then deleted (with the placeholder's digest and size); clean --yes reads
// the repository again first and carries out only the items that read gives the same way.
import {randomBytes} from 'node:crypto';
import {planRemoteUntag, sameUntagItem, type UntagItem, type UntagPlan} from '../domain/remote-untag';
import {untagItemText} from '../view/remote-untag-text';
import {countNoun} from '../domain/format';
import {probeRegistry, type RegistrySession} from '../registry/client';
import {placeholderManifest, type Placeholder} from '../registry/placeholder';
import type {RegistryRetention} from '../registry-args';
import {logError} from '../services/log';
import {openRegistrySession} from '../services/registry-session';
import {readTagDigests, registryMessage} from '../services/remote-tags';
import {untagRemoteItems} from '../services/remote-untag';
import type {StepResult} from '../state/types';
import type {CommandStreams} from './output';
import {exitCodes} from './plan';
import {garbageNote, jsonDocument, wrongInput, type RegistryContext} from './registry-plan';

function itemJson(item: UntagItem): Record<string, unknown> {
	if (item.kind === 'blocked') return {action: 'blocked', tags: [item.tag], digest: item.digest, reason: item.reason, push: null, deletes: null, keeps: []};
	if (item.kind === 'delete') return {action: 'delete', tags: item.tags, digest: item.digest, reason: null, push: null, deletes: item.digest, keeps: []};
	const {placeholder} = item;
	return {
		action: 'untag',
		tags: [item.tag],
		digest: item.digest,
		reason: null,
		push: {tag: item.tag, digest: placeholder.digest, bytes: placeholder.bytes, mediaType: 'application/vnd.oci.image.manifest.v1+json', configDigest: placeholder.configDigest},
		deletes: placeholder.digest,
		keeps: item.keeps,
		heldBy: item.heldBy,
	};
}

function planLines(server: string, plan: UntagPlan): string[] {
	const rows = plan.items.map(untagItemText);
	const width = Math.min(32, Math.max(12, ...rows.map(row => row.label.length)));
	return [`== ${server}/${plan.repository}`, ...rows.map(row => `${row.verb.padEnd(8)}${row.label.padEnd(width)} ${row.detail}`)];
}

type Planned = {readonly session: RegistrySession; readonly plan: UntagPlan; readonly placeholders: ReadonlyMap<string, Placeholder>; readonly remake: () => Promise<UntagPlan>};

/** The plan, or why there is none and whether that is the input's fault (exit code 2). */
async function planUntag(retention: RegistryRetention, context: RegistryContext): Promise<Planned | {error: string; usage: boolean}> {
	const {server, repository} = retention.targets[0]!;
	const where = `${server}/${repository!}`;
	const options = await context.options();
	const probe = await probeRegistry(server, options);
	if (!probe.ok) return {error: `${server} is not a registry dockswab can reach: ${probe.message}`, usage: true};
	let session: RegistrySession;
	try {
		session = await openRegistrySession(context.configDir, server, options);
	} catch (error) {
		logError(`login ${server}`, error);
		return {error: `${server}: the stored login could not be read (${registryMessage(error)})`, usage: false};
	}
	// One stamp for the run: the placeholders, and so their digests, are the same in the plan and in its re-check.
	const stamp = `${new Date(context.now).toISOString()} ${randomBytes(6).toString('hex')}`;
	const placeholders = new Map(retention.untag.map(tag => [tag, placeholderManifest(repository!, tag, stamp)]));
	const facts = (tag: string) => {
		const placeholder = placeholders.get(tag)!;
		return {digest: placeholder.digest, bytes: placeholder.manifest.body.length, configDigest: placeholder.config.digest};
	};
	const remake = async () => planRemoteUntag(repository!, await readTagDigests(session, repository!), retention.untag, retention.protect, facts);
	try {
		return {session, plan: await remake(), placeholders, remake};
	} catch (error) {
		logError(`plan ${where}`, error);
		return {error: `${where}: ${registryMessage(error)}`, usage: wrongInput(error)};
	}
}

const tagsOf = (item: UntagItem): readonly string[] => (item.kind === 'delete' ? item.tags : [item.tag]);

/** The first plan's items that the plan made again gives the same way; the others skipped with what that plan would do now. */
function stillTheSame(first: UntagPlan, again: UntagPlan): {run: UntagItem[]; skipped: StepResult[]} {
	const run: UntagItem[] = [];
	const skipped: StepResult[] = [];
	for (const item of first.items) {
		if (item.kind === 'blocked') continue;
		const current = again.items.find(candidate => tagsOf(candidate).some(tag => tagsOf(item).includes(tag)));
		if (current && sameUntagItem(item, current)) run.push(current);
		else
			skipped.push({
				label: tagsOf(item).join(', '),
				status: 'skipped',
				message: `changed since the plan: ${current ? `now it would ${untagItemText(current).detail}` : 'the registry no longer has it'}`,
			});
	}
	return {run, skipped};
}

export async function runRegistryUntagCommand(
	retention: RegistryRetention,
	options: {readonly command: 'plan' | 'clean'; readonly json: boolean; readonly yes: boolean},
	streams: CommandStreams,
	context: RegistryContext,
): Promise<number> {
	const {server, repository} = retention.targets[0]!;
	const planned = await planUntag(retention, context);
	if (!('plan' in planned)) {
		streams.stderr(`dockswab: ${planned.error}\n`);
		if (options.json) streams.stdout(jsonDocument(options.command, false, retention, [{registry: server, repository, ok: false, error: planned.error}]));
		return planned.usage ? exitCodes.unusable : exitCodes.incomplete;
	}
	const {plan, session, placeholders} = planned;
	const blocked = plan.items.some(item => item.kind === 'blocked');
	const planJson = {registry: server, repository, ok: true, items: plan.items.map(itemJson)};
	const print = (lines: readonly string[]) => {
		if (!options.json && lines.length > 0) streams.stdout(`${lines.join('\n')}\n`);
	};
	if (options.command === 'plan' || !options.yes) {
		if (options.json) streams.stdout(jsonDocument(options.command, false, retention, [planJson]));
		const note =
			options.command === 'plan' ? 'Nothing was changed: `dockswab clean` with the same arguments and --yes carries out this plan.' : 'Nothing was changed: add --yes to carry out this plan.';
		print([...planLines(server, plan), note]);
		return blocked ? exitCodes.incomplete : exitCodes.done;
	}
	print(planLines(server, plan));
	const results: StepResult[] = [];
	let unattempted = 0;
	const report = (result: StepResult) => {
		results.push(result);
		if (result.status === 'skipped' && result.message.startsWith('not attempted: ')) unattempted++;
		else print([`${result.status.padEnd(9)}${server}/${repository!} ${result.label} ${result.message}`]);
	};
	try {
		const {run, skipped} = stillTheSame(plan, await planned.remake());
		for (const result of skipped) report(result);
		await untagRemoteItems(session, repository!, run, placeholders, report);
	} catch (error) {
		logError(`re-check ${server}/${repository!}`, error);
		for (const item of plan.items.filter(entry => entry.kind !== 'blocked'))
			report({label: untagItemText(item).label, status: 'skipped', message: `the registry could not be read again (${registryMessage(error)}); nothing changed`});
	}
	const incomplete = blocked || results.some(result => result.status === 'failed' || result.status === 'skipped');
	if (options.json) {
		streams.stdout(jsonDocument('clean', true, retention, [{...planJson, results}]));
		return incomplete ? exitCodes.incomplete : exitCodes.done;
	}
	const done = results.filter(result => result.status === 'untagged' || result.status === 'deleted').length;
	const failed = results.filter(result => result.status === 'failed').length;
	print([
		...(unattempted > 0 ? [`not attempted: ${countNoun(unattempted, 'more tag')} on ${server}, which refused the step above`] : []),
		`${countNoun(done, 'tag')} removed · ${failed} failed · ${results.length - done - failed} skipped`,
		...(done > 0 ? [garbageNote] : []),
	]);
	return incomplete ? exitCodes.incomplete : exitCodes.done;
}
