// Pruning the build cache: the measured cache and what a prune frees are on screen, confirm runs
// that prune. Pure.
import {wholeCachePrune} from '../../domain/build-cache';
import type {BuildCacheDialog, BuildCacheReport} from './build-cache-types';
import {decideConfirm, otherFocus} from './confirm';
import {means} from './intent';
import {stay, type FlowEvent, type FlowResult, type DialogFlow} from './flow';

function reduceBuildCache(dialog: BuildCacheDialog, event: FlowEvent): FlowResult<BuildCacheDialog> {
	if (dialog.phase === 'running' || event.type === 'paste') return stay(dialog);
	if (dialog.phase === 'done') return means(event, 'submit', 'back', 'close') ? stay(null) : stay(dialog);
	const decision = decideConfirm(dialog.focus, event);
	if (decision === 'cancel') return stay(null);
	if (decision === 'switch') return stay({...dialog, focus: otherFocus(dialog.focus)});
	if (decision !== 'confirm') return stay(dialog);
	// Nothing reported, or nothing that may go: confirming has nothing to run, as an empty delete plan.
	if (!dialog.usage || dialog.usage.reclaimableBytes === 0) return stay(null);
	return stay({...dialog, phase: 'running'}, {type: 'prune-build-cache', prune: wholeCachePrune});
}

/** What the prune freed, or why it failed. */
const reportBuildCache = (dialog: BuildCacheDialog, report: BuildCacheReport): BuildCacheDialog => ({...dialog, phase: 'done', outcome: report.outcome});

export const buildCacheFlow = {reduce: reduceBuildCache, report: reportBuildCache} satisfies DialogFlow<BuildCacheDialog, BuildCacheReport>;
