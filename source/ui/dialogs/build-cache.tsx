import {keyHint} from '../keymap';
import {Text} from '../components/text';
import {planBuildCachePrune, wholeCachePrune} from '../../domain/build-cache';
import {buildCachePlanLines, buildCachePrunedText} from '../../view/build-cache-text';
import type {PlanLine} from '../../view/plan-text';
import type {BuildCachePruneOutcome} from '../../domain/build-cache';
import type {BuildCacheDialog} from '../../state/flows/build-cache-types';
import {Buttons, DialogFrame} from '../components/dialog-frame';
import {useApp, useStoreState} from '../store-context';

export function buildCacheLines(dialog: BuildCacheDialog, now: number): PlanLine[] {
	if (!dialog.usage) return [{text: 'The engine reports no BuildKit build cache (none in /system/df, or Podman, which keeps none): nothing to prune.', tone: 'muted'}];
	const [held, outcome, ...short] = buildCachePlanLines(dialog.usage, wholeCachePrune, planBuildCachePrune(dialog.usage, wholeCachePrune, now));
	return [{text: held!, tone: 'plain'}, {text: outcome!, tone: dialog.usage.reclaimableBytes > 0 ? 'danger' : 'muted'}, ...short.map(text => ({text, tone: 'warn' as const}))];
}

function outcomeLine(outcome: BuildCachePruneOutcome): PlanLine {
	if (outcome.kind === 'failed') return {text: outcome.message, tone: 'danger'};
	return {text: buildCachePrunedText(outcome.pruned, outcome.before, outcome.after), tone: 'ok'};
}

export function BuildCacheFlow({dialog, height}: {readonly dialog: BuildCacheDialog; readonly height: number}) {
	const {theme} = useApp();
	const now = useStoreState(state => state.now);
	const title = 'Prune the build cache';
	if (dialog.phase === 'done' && dialog.outcome) {
		return <DialogFrame title={title} height={height} lines={[outcomeLine(dialog.outcome)]} scroll={0} footer={<Text color={theme.muted}>{keyHint('close', 'submit', 'back')}</Text>} />;
	}
	const footer =
		dialog.phase === 'running' ? (
			<Text>pruning the build cache…</Text>
		) : (
			<>
				<Text color={theme.muted}>Entries a build uses now stay; a later build recreates what it needs.</Text>
				<Text> </Text>
				<Buttons focus={dialog.focus} confirmLabel="Prune" />
			</>
		);
	return <DialogFrame title={title} height={height} lines={buildCacheLines(dialog, now)} scroll={0} footer={footer} tone="danger" />;
}
