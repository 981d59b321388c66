// The fleet pane's flows: a row's detail per engine (and the jump to one engine), and keep-N over
// every live engine with one plan per engine and one confirmation. Pure.
import {selectPolicyTargets} from '../../domain/policies';
import {splitRepoTag} from '../../domain/image-rows';
import {planRemoval} from '../../domain/removal-plan';
import type {FleetEnginePlan} from '../../domain/fleet-plan';
import type {FleetDetailDialog, FleetKeepDialog, FleetKeepReport} from '../fleet-types';
import {cursorIndex, selectFleetRows} from '../selectors';
import type {FlowContext} from '../flow-context';
import {decideConfirm, otherFocus} from './confirm';
import {means} from './intent';
import {stay, type FlowEvent, type FlowResult, type DialogFlow} from './flow';

export type FleetFlow = 'fleet-detail' | 'fleet-refresh' | 'fleet-keep';

export function openFleetFlow(state: FlowContext, flow: FleetFlow): FlowResult<FleetKeepDialog | FleetDetailDialog> | null {
	if (flow === 'fleet-refresh') return stay(null, {type: 'fleet-refresh'});
	if (flow === 'fleet-keep') {
		if (!state.fleet?.engines.some(engine => engine.status.state === 'live')) return stay(null, {type: 'message', message: {kind: 'error', text: 'no engine of the fleet has answered yet'}});
		return stay({kind: 'fleet-keep', keep: 2, phase: 'choose', plans: [], skipped: [], focus: 'cancel', outcomes: [], scroll: 0});
	}
	const rows = selectFleetRows(state);
	const row = rows[cursorIndex(rows, state.views.fleet)];
	return row ? stay({kind: 'fleet-detail', reference: row.key, cursor: 0}) : null;
}

function reduceFleetDetail(dialog: FleetDetailDialog, event: FlowEvent, state: FlowContext): FlowResult<FleetDetailDialog> {
	if (event.type === 'paste') return stay(dialog);
	const engines = state.fleet?.engines ?? [];
	if (means(event, 'back', 'close', 'submit')) return stay(null);
	if (means(event, 'down')) return stay({...dialog, cursor: Math.min(engines.length - 1, dialog.cursor + 1)});
	if (means(event, 'up')) return stay({...dialog, cursor: Math.max(0, dialog.cursor - 1)});
	if (means(event, 'go-to-engine')) {
		const engine = engines[dialog.cursor];
		if (!engine) return stay(dialog);
		return stay(null, {type: 'switch-engine', context: engine.name});
	}
	return stay(dialog);
}

/**
 * Per live engine, the references beyond the newest `keep` versions of each repository the fleet
 * pane shows (its filter scopes the clean-up), protect patterns left out, through the same
 * removal plan as a local delete: running containers' images come out blocked, never removed.
 */
export function fleetKeepPlans(state: FlowContext, keep: number): Pick<FleetKeepDialog, 'plans' | 'skipped'> {
	const repositories = [...new Set(selectFleetRows(state).map(row => splitRepoTag(row.key).repository))];
	const plans: FleetEnginePlan[] = [];
	const skipped: {engine: string; reason: string}[] = [];
	for (const engine of state.fleet?.engines ?? []) {
		const {status} = engine;
		if (status.state !== 'live') {
			skipped.push({engine: engine.name, reason: status.state === 'down' ? status.error : 'has not answered yet'});
			continue;
		}
		// The same policy as the housekeeping menu and `dockswab clean --keep`: protect patterns and
		// running containers' images are left out on every engine.
		const {targets} = selectPolicyTargets(status.images, status.containers, {keep, repositories, protect: state.protect}, state.now);
		const plan = planRemoval({targets, images: status.images, containers: status.containers, options: {removeStoppedContainers: false, forced: new Set()}});
		plans.push({engine: engine.name, host: engine.host, plan});
	}
	return {plans, skipped};
}

function reduceFleetKeep(dialog: FleetKeepDialog, event: FlowEvent, state: FlowContext): FlowResult<FleetKeepDialog> {
	if (event.type === 'paste') return stay(dialog);
	const update = (patch: Partial<FleetKeepDialog>) => stay({...dialog, ...patch});
	if (dialog.phase === 'running') return stay(dialog);
	if (means(event, 'down')) return update({scroll: dialog.scroll + 1});
	if (means(event, 'up')) return update({scroll: Math.max(0, dialog.scroll - 1)});
	if (dialog.phase === 'done') return means(event, 'submit', 'back', 'close') ? stay(null) : stay(dialog);
	if (dialog.phase === 'choose') {
		if (means(event, 'back', 'close')) return stay(null);
		if (means(event, 'more')) return update({keep: dialog.keep + 1});
		if (means(event, 'fewer')) return update({keep: Math.max(1, dialog.keep - 1)});
		if (/^[1-9]$/.test(event.text)) return update({keep: Number(event.text)});
		if (!means(event, 'submit')) return stay(dialog);
		return update({phase: 'plan', focus: 'cancel', scroll: 0, ...fleetKeepPlans(state, dialog.keep)});
	}
	const decision = decideConfirm(dialog.focus, event);
	if (decision === 'cancel') return stay(null);
	if (decision === 'switch') return update({focus: otherFocus(dialog.focus)});
	if (decision !== 'confirm') return stay(dialog);
	const work = dialog.plans.filter(entry => entry.plan.steps.length > 0);
	if (work.length === 0) return stay(null, {type: 'message', message: {kind: 'info', text: 'nothing to remove on any engine'}});
	const running: FleetKeepDialog = {
		...dialog,
		phase: 'running',
		outcomes: work.map(entry => ({engine: entry.engine, state: 'waiting', results: [], error: null})),
	};
	return stay(running, {type: 'fleet-keep-run', plans: work});
}

/** Each engine's clean-up as it starts, ends or fails; then the whole run is done. */
function reportFleetKeep(dialog: FleetKeepDialog, report: FleetKeepReport): FleetKeepDialog {
	if (report.type === 'done') return {...dialog, phase: 'done'};
	return {...dialog, outcomes: dialog.outcomes.map((outcome, index) => (index === report.index ? report.outcome : outcome))};
}

export const fleetDetailFlow = {reduce: reduceFleetDetail} satisfies DialogFlow<FleetDetailDialog>;
export const fleetKeepFlow = {reduce: reduceFleetKeep, report: reportFleetKeep} satisfies DialogFlow<FleetKeepDialog, FleetKeepReport>;
