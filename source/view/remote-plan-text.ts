// A remote plan as lines of text, wrapped to a width: for the registries dialog and for
// `dockswab plan --registry`, laid out like plan-text.ts lays out local plans.
import {countNoun} from '../domain/format';
import type {RemotePlan, RemotePlanItem} from '../domain/remote-plan';
import {wrapText, type PlanLine} from './plan-text';

/** `sha256:0123abcd…`: enough to tell the digests of one repository apart. */
function digestLabel(digest: string): string {
	const colon = digest.indexOf(':');
	return digest.length > colon + 9 ? `${digest.slice(0, colon + 9)}…` : digest;
}

function itemText(item: RemotePlanItem): {verb: string; detail: string; tone: PlanLine['tone']} {
	const [first = ''] = item.tags;
	if (item.outcome.kind === 'blocked') return {verb: 'blocked', detail: `${item.tags.join(', ')} — ${item.outcome.reason}`, tone: 'warn'};
	const {alsoRemoves} = item.outcome;
	if (alsoRemoves.length === 0) return {verb: 'delete', detail: first, tone: 'ok'};
	return {verb: 'delete', detail: `${first} — also removes ${alsoRemoves.join(', ')} (same digest)`, tone: 'warn'};
}

/** Lines for the dialog and totals, like plan-text.ts does for local plans ("delete  sha256:abcd… 1.2.0 — also removes latest (same digest)"). */
export function remotePlanLines(plan: RemotePlan, width: number): PlanLine[] {
	const rows = [
		...plan.items.map(item => ({label: digestLabel(item.digest), ...itemText(item)})),
		...plan.kept.map(({tag, reason}) => ({label: tag, verb: 'keep', detail: reason, tone: 'muted' as const})),
	];
	const labelWidth = Math.min(32, Math.max(12, ...rows.map(row => row.label.length)));
	const lines: PlanLine[] = [];
	for (const row of rows) {
		const head = `${row.verb.padEnd(8)}${row.label.padEnd(labelWidth)} `;
		const wrapped = wrapText(row.detail, Math.max(10, width - head.length));
		lines.push({text: head + wrapped[0], tone: row.tone});
		for (const more of wrapped.slice(1)) lines.push({text: ' '.repeat(head.length) + more, tone: row.tone});
	}
	return lines;
}

export function remotePlanTotals(plan: RemotePlan): string {
	const {totals} = plan;
	const parts = [`${countNoun(totals.digests, 'digest')} deleted`, `${countNoun(totals.tags, 'tag')} removed`];
	if (totals.blocked > 0) parts.push(`${totals.blocked} blocked`);
	if (plan.kept.length > 0) parts.push(`${countNoun(plan.kept.length, 'tag')} kept`);
	return `${plan.repository}: ${parts.join(' · ')}`;
}
