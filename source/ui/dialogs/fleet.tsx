import {keyHint, keyHints} from '../keymap';
import {Text} from '../components/text';
import {formatBytes, shortId} from '../../domain/format';
import {planLines, planTotals, type PlanLine} from '../../view/plan-text';
import type {Fleet, FleetDetailDialog, FleetKeepDialog} from '../../state/fleet-types';
import {Buttons, DialogFrame} from '../components/dialog-frame';
import {useApp, useStoreState} from '../store-context';
import {resultLines, resultSummary} from './results-lines';

/** One line per engine: the image the reference names there and what runs it. */
export function fleetDetailLines(fleet: Fleet | null, reference: string, cursor: number): PlanLine[] {
	const engines = fleet?.engines ?? [];
	const width = Math.min(24, Math.max(8, ...engines.map(engine => engine.name.length)));
	return engines.map((engine, index) => {
		const pointer = index === cursor ? '›' : ' ';
		const name = engine.name.padEnd(width);
		const {status} = engine;
		if (status.state === 'down') return {text: `${pointer} ${name} unreachable: ${status.error}`, tone: 'danger'};
		if (status.state === 'loading') return {text: `${pointer} ${name} asking…`, tone: 'muted'};
		const image = status.images.find(candidate => candidate.repoTags.includes(reference));
		if (!image) return {text: `${pointer} ${name} not here`, tone: index === cursor ? 'ok' : 'muted'};
		const running = status.containers.filter(container => container.imageId === image.id && container.state === 'running').map(container => container.name);
		const runs = running.length > 0 ? `running: ${running.join(', ')}` : 'no running container';
		return {text: `${pointer} ${name} ${shortId(image.id)}  ${formatBytes(image.size).padStart(8)}  ${runs}`, tone: index === cursor ? 'ok' : 'plain'};
	});
}

export function FleetDetailView({dialog, height}: {readonly dialog: FleetDetailDialog; readonly height: number}) {
	const {theme} = useApp();
	const fleet = useStoreState(state => state.fleet);
	return (
		<DialogFrame
			title={`${dialog.reference} on each engine`}
			height={height}
			lines={fleetDetailLines(fleet, dialog.reference, dialog.cursor)}
			scroll={Math.max(0, dialog.cursor - Math.max(1, height - 8))}
			footer={<Text color={theme.muted}>{keyHints(keyHint('engine', 'down', 'up'), keyHint('work on this engine (images pane)', 'go-to-engine'), keyHint('back', 'back'))}</Text>}
		/>
	);
}

// Stopped containers block here: the fleet clean-up offers neither removing them nor force.
const fleetHints = {removeStopped: 'kept', force: null};

const outcomeMarks = {waiting: '…', running: '⟳', done: '✓', failed: '✗'} as const;

/** The plan of each engine under its name, then the engines left out. */
export function fleetKeepLines(dialog: FleetKeepDialog, images: (engine: string) => Parameters<typeof planLines>[1], width: number): PlanLine[] {
	if (dialog.phase === 'choose') {
		return [
			{text: `Keep the newest ${dialog.keep} versions of each repository the fleet pane shows, on every live engine.`, tone: 'plain'},
			{text: 'Tags that are not versions are never selected; images of running containers stay.', tone: 'muted'},
			{text: '+/- or a digit: how many to keep · Enter: the plan per engine', tone: 'muted'},
		];
	}
	const lines: PlanLine[] = [];
	if (dialog.phase === 'plan') {
		for (const {engine, plan} of dialog.plans) {
			lines.push({text: `${engine}: ${plan.steps.length === 0 ? 'nothing to remove' : planTotals(plan, width)}`, tone: 'plain'});
			for (const line of planLines(plan, images(engine), width - 2, fleetHints)) lines.push({...line, text: `  ${line.text}`});
		}
	} else {
		for (const outcome of dialog.outcomes) {
			const summary = outcome.state === 'done' ? resultSummary(outcome.results) : outcome.state === 'failed' ? (outcome.error ?? 'failed') : outcome.state;
			lines.push({text: `${outcomeMarks[outcome.state]} ${outcome.engine}: ${summary}`, tone: outcome.state === 'failed' ? 'danger' : 'plain'});
			for (const line of resultLines(outcome.results)) lines.push({...line, text: `  ${line.text}`});
		}
	}
	for (const {engine, reason} of dialog.skipped) lines.push({text: `${engine}: left out (${reason})`, tone: 'muted'});
	return lines;
}

export function FleetKeepView({dialog, height, width}: {readonly dialog: FleetKeepDialog; readonly height: number; readonly width: number}) {
	const {theme} = useApp();
	const fleet = useStoreState(state => state.fleet);
	const images = (engine: string) => {
		const status = fleet?.engines.find(candidate => candidate.name === engine)?.status;
		return status?.state === 'live' ? status.images : [];
	};
	const steps = dialog.plans.reduce((sum, entry) => sum + entry.plan.steps.length, 0);
	const engines = dialog.plans.filter(entry => entry.plan.steps.length > 0).length;
	const footer =
		dialog.phase === 'choose' ? (
			<Text color={theme.muted}>{`keep ${dialog.keep} · +/- change · Enter plan · Esc cancel`}</Text>
		) : dialog.phase === 'plan' ? (
			<Buttons focus={dialog.focus} confirmLabel={`Run on ${engines} engine${engines === 1 ? '' : 's'} (${steps} steps)`} />
		) : (
			<Text color={theme.muted}>{dialog.phase === 'running' ? 'running on each engine…' : 'done · Enter or Esc closes'}</Text>
		);
	return (
		<DialogFrame
			title={`Fleet: keep the newest ${dialog.keep} versions`}
			height={height}
			lines={fleetKeepLines(dialog, images, width - 4)}
			scroll={dialog.scroll}
			footer={footer}
			tone={dialog.phase === 'plan' ? 'danger' : 'accent'}
		/>
	);
}
