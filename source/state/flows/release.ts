// The release step: next version → build the context or tag the chosen image → push → optionally
// move a floating tag there and push it. Pure: every step is on screen before it runs, the
// service runs them one at a time, a failed one is retried alone.
import {shortId} from '../../domain/format';
import type {ReleaseJob} from '../../domain/release-job';
import {isFloatingTag, suggestNextVersions} from '../../domain/versions';
import {selectRepositories} from '../selectors';
import type {FlowContext} from '../flow-context';
import type {ReleaseDialog, ReleaseStep, ReleaseReport} from './release-types';
import {decideConfirm, otherFocus} from './confirm';
import {means} from './intent';
import {stay, type FlowEvent, type FlowResult, type DialogFlow} from './flow';

const bumps: readonly ReleaseDialog['bump'][] = ['patch', 'minor', 'major'];

/** A release of `repository` from the image `imageId` (shown as `sourceTag`); `tags` are the repository's local tags. */
export function releaseDialog(repository: string, imageId: string, sourceTag: string, tags: readonly string[], context: string): ReleaseDialog {
	const floating = [...new Set(tags.filter(isFloatingTag))];
	return {
		kind: 'release',
		repository,
		sourceImageId: imageId,
		sourceTag,
		versions: suggestNextVersions(tags),
		bump: 'minor',
		build: false,
		context,
		floatingChoices: [...new Set(['latest', ...floating, 'stable'])],
		floating: null,
		phase: 'choose',
		steps: [],
		stopRequested: false,
		focus: 'cancel',
		releasedImageId: null,
	};
}

export const releaseVersion = (dialog: ReleaseDialog): string => dialog.versions[dialog.bump];

/** The steps as they will run, each named with what it acts on. */
export function releaseSteps(dialog: ReleaseDialog): ReleaseStep[] {
	const target = `${dialog.repository}:${releaseVersion(dialog)}`;
	const step = (kind: ReleaseStep['kind'], label: string): ReleaseStep => ({kind, label, state: 'pending', detail: ''});
	const steps = [
		dialog.build ? step('build', `build ${dialog.context} as ${target}`) : step('tag', `tag ${dialog.sourceTag} (${shortId(dialog.sourceImageId)}) as ${target}`),
		step('push', `push ${target}`),
	];
	if (dialog.floating) steps.push(step('move', `move ${dialog.repository}:${dialog.floating} to ${releaseVersion(dialog)}`), step('push-floating', `push ${dialog.repository}:${dialog.floating}`));
	return steps;
}

function reduceRelease(dialog: ReleaseDialog, event: FlowEvent): FlowResult<ReleaseDialog> {
	if (event.type === 'paste') return stay(dialog);
	if (dialog.phase === 'running') return means(event, 'back') ? stay({...dialog, stopRequested: true}) : stay(dialog);
	if (dialog.phase === 'done' || dialog.phase === 'stopped') return means(event, 'submit', 'back', 'close') ? stay(null) : stay(dialog);
	if (dialog.phase === 'failed') {
		if (means(event, 'back', 'close')) return stay(null);
		const failed = dialog.steps.findIndex(step => step.state === 'failed');
		// Retry runs the failed step and what follows; what finished is not done again.
		if (means(event, 'retry') && failed >= 0 && event.onScreen) return startStep({...dialog, stopRequested: false}, failed);
		return stay(dialog);
	}
	const index = bumps.indexOf(dialog.bump);
	if (/^[123]$/.test(event.text)) return stay({...dialog, bump: bumps[Number(event.text) - 1]!});
	if (means(event, 'previous-option', 'next-option')) return stay({...dialog, bump: bumps[(index + (means(event, 'next-option') ? 1 : 2)) % 3]!});
	if (means(event, 'toggle-build')) return stay({...dialog, build: !dialog.build});
	if (means(event, 'next-floating')) {
		const choices = [null, ...dialog.floatingChoices];
		return stay({...dialog, floating: choices[(choices.indexOf(dialog.floating) + 1) % choices.length]!});
	}
	const decision = decideConfirm(dialog.focus, event);
	if (decision === 'cancel') return stay(null);
	if (decision === 'switch') return stay({...dialog, focus: otherFocus(dialog.focus)});
	if (decision !== 'confirm') return stay(dialog);
	return startStep({...dialog, steps: releaseSteps(dialog)}, 0);
}

/** A release of `repository`, counting up from its local tags, starting from the image the user chose. */
export function releaseFrom(state: FlowContext, repository: string, tag: string, imageId: string, workingDirectory: string): ReleaseDialog {
	const tags = (selectRepositories(state.images).get(repository) ?? []).map(entry => entry.tag);
	return releaseDialog(repository, imageId, tag, tags, workingDirectory);
}

/** What the service runs the release's steps with: the release on screen, as far as it got. */
export function releaseJob(dialog: ReleaseDialog): ReleaseJob {
	const {repository, sourceImageId, context, floating, releasedImageId} = dialog;
	return {repository, version: dialog.versions[dialog.bump], sourceImageId, context, floating, releasedImageId, steps: dialog.steps.map(({kind, label}) => ({kind, label}))};
}

/** The step at `index` starts: on screen as running, and the service asked to run it. */
function startStep(dialog: ReleaseDialog, index: number): FlowResult<ReleaseDialog> {
	const running: ReleaseDialog = {...dialog, phase: 'running', steps: dialog.steps.map((step, at) => (at === index ? {...step, state: 'running', detail: ''} : step))};
	return stay(running, {type: 'release', job: releaseJob(running), from: index});
}

/**
 * A step's end moves the release on: the next step runs, unless the user asked to stop (the
 * rest is then skipped) or none is left; a failed step stops it, to be retried alone.
 */
function reportRelease(dialog: ReleaseDialog, report: ReleaseReport): FlowResult<ReleaseDialog> {
	const ended = (state: ReleaseStep['state']) => dialog.steps.map((step, at) => (at === report.index ? {...step, state, detail: report.detail} : step));
	if (report.type === 'step-failed') return stay({...dialog, phase: 'failed', steps: ended('failed')});
	const done: ReleaseDialog = {...dialog, steps: ended('done'), releasedImageId: report.releasedImageId};
	const next = report.index + 1;
	if (next >= done.steps.length) return stay({...done, phase: 'done'});
	if (dialog.stopRequested)
		return stay<ReleaseDialog>({...done, phase: 'stopped', steps: done.steps.map((step, at) => (at >= next ? {...step, state: 'skipped', detail: 'stopped before it ran'} : step))});
	return startStep(done, next);
}

export const releaseFlow = {reduce: reduceRelease, report: reportRelease} satisfies DialogFlow<ReleaseDialog, ReleaseReport>;
