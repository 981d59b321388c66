// The removal plan as lines of text, wrapped to a width: for the delete dialog and for `dockswab plan`.
import {countNoun, formatBytes} from '../domain/format';
import {containerLabel, describeImages, type PlanItem, type RemovalPlan} from '../domain/removal-plan';
import type {ImageInfo} from '../domain/types';

export type PlanLine = {readonly text: string; readonly tone: 'ok' | 'warn' | 'danger' | 'muted' | 'plain'};

function names(list: readonly string[]): string {
	return list.join(', ');
}

/**
 * How a plan says what the user can do about stopped containers: keys in the UI (from its key
 * table), flags on the command line. Without hints the plan names no way to do it.
 */
export type PlanHints = {readonly removeStopped: string; readonly force: string | null};
const noHints: PlanHints = {removeStopped: 'they can be removed first', force: null};

/** `hints.force` is null where force is not offered (plans of more than one item, the command line). */
export function describeItem(item: PlanItem, images: readonly ImageInfo[], hints: PlanHints = noHints): {verb: string; detail: string; tone: PlanLine['tone']} {
	const {outcome} = item;
	switch (outcome.kind) {
		case 'untag':
			return {verb: 'untag', detail: `image stays as ${names(outcome.remainingReferences)}`, tone: 'ok'};
		case 'untag-keeps-parent':
			return {verb: 'untag', detail: `image stays: parent of ${names(describeImages(outcome.children, images))}`, tone: 'warn'};
		case 'delete': {
			const containers = outcome.removesContainers.length > 0 ? `; removes stopped ${names(outcome.removesContainers.map(containerLabel))} first` : '';
			const forced = outcome.forced ? '; FORCED: stopped containers keep a dangling ID' : '';
			return {verb: 'delete', detail: `frees ${formatBytes(outcome.bytes)}${containers}${forced}; ${recoveryText(outcome)}`, tone: outcome.forced ? 'danger' : 'ok'};
		}
		case 'blocked':
			if (outcome.blocker === 'running')
				return {
					verb: 'blocked',
					detail: `running container${outcome.containers.length > 1 ? 's' : ''} ${names(outcome.containers.map(containerLabel))}: stop ${outcome.containers.length > 1 ? 'them' : 'it'} first`,
					tone: 'danger',
				};
			if (outcome.blocker === 'stopped')
				return {
					verb: 'blocked',
					detail: `stopped container${outcome.containers.length > 1 ? 's' : ''} ${names(outcome.containers.map(containerLabel))} (${hints.removeStopped}${outcome.forceable && hints.force ? `, ${hints.force}` : ''})`,
					tone: 'warn',
				};
			if (outcome.blocker === 'references') return {verb: 'blocked', detail: `referenced in multiple repositories (${names(outcome.references)}); name the tags instead`, tone: 'warn'};
			return {verb: 'blocked', detail: `has child images ${names(describeImages(outcome.children, images))}`, tone: 'danger'};
	}
}

/** Whether a pull brings the image back: the registry reference that holds it, or why not. */
export function recoveryText(outcome: Extract<PlanItem['outcome'], {kind: 'delete'}>): string {
	if (outcome.recoverable) return `recoverable from ${outcome.recoverable.reference}`;
	if (outcome.unchecked.length > 0) return `recoverable: unknown (could not ask the registry of ${names(outcome.unchecked)})`;
	return 'not in any registry';
}

/** Cuts text into lines of at most `width`, breaking at spaces where it can. */
export function wrapText(text: string, width: number): string[] {
	const lines: string[] = [];
	let rest = text;
	while (rest.length > width) {
		const cut = rest.lastIndexOf(' ', width);
		const at = cut > width / 3 ? cut : width;
		lines.push(rest.slice(0, at));
		rest = rest.slice(at).trimStart();
	}
	lines.push(rest);
	return lines;
}

export function planLines(plan: RemovalPlan, images: readonly ImageInfo[], width: number, hints: PlanHints = noHints): PlanLine[] {
	const labelWidth = Math.min(32, Math.max(12, ...plan.items.map(item => item.label.length)));
	const lines: PlanLine[] = [];
	for (const item of plan.items) {
		const {verb, detail, tone} = describeItem(item, images, plan.items.length === 1 ? hints : {...hints, force: null});
		const head = `${verb.padEnd(8)}${item.label.padEnd(labelWidth)} `;
		const wrapped = wrapText(detail, Math.max(10, width - head.length));
		lines.push({text: head + wrapped[0], tone});
		for (const more of wrapped.slice(1)) lines.push({text: ' '.repeat(head.length) + more, tone});
	}
	return lines;
}

/** `exact`: false when the bytes come from per-image figures rather than layers: then they are "about". */
export function planTotals(plan: RemovalPlan, width = 120, exact = true): string {
	const {totals} = plan;
	const about = exact ? '' : 'about ';
	if (width < 100) {
		// Blocked items come before the recovery counts: a cut line must not hide them.
		const blocked = totals.blocked > 0 ? ` · ${totals.blocked} blocked` : '';
		const unknown = totals.recoveryUnknown > 0 ? `, ${totals.recoveryUnknown} unknown` : '';
		const recovery = totals.imagesDeleted > 0 ? ` · ${totals.recoverable} of ${totals.imagesDeleted} recoverable${unknown}` : '';
		return `deletes ${countNoun(totals.imagesDeleted, 'img')}, ${countNoun(totals.tagsRemoved, 'tag')}, ${countNoun(totals.containersRemoved, 'ctr')} · frees ${about}${formatBytes(totals.bytesReclaimed)}${blocked}${recovery}`;
	}
	const parts = [
		`${countNoun(totals.imagesDeleted, 'image')} deleted`,
		`${countNoun(totals.tagsRemoved, 'tag')} removed`,
		`${countNoun(totals.containersRemoved, 'container')} removed`,
		`${about}${formatBytes(totals.bytesReclaimed)} reclaimed`,
	];
	if (totals.imagesDeleted > 0) {
		parts.push(`${totals.recoverable} recoverable`, `${totals.notInRegistry} not in any registry`);
		if (totals.recoveryUnknown > 0) parts.push(`${totals.recoveryUnknown} unknown`);
	}
	if (totals.blocked > 0) parts.push(`${totals.blocked} blocked`);
	return parts.join(' · ');
}

/** The confirm button of a plan: what pressing it runs. */
export function confirmLabel(plan: RemovalPlan): string {
	return plan.steps.length > 0 ? `Delete (${countNoun(plan.steps.length, 'step')})` : 'Nothing to do';
}
