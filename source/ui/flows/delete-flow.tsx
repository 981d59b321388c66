import {Text, type Key} from 'ink';
import {planOf} from '../../state/dialogs';
import type {Store} from '../../state/store';
import type {DeleteDialog} from '../../state/types';
import type {Actions} from '../../services/actions';
import {Buttons, DialogFrame} from '../components/dialog-frame';
import {useApp} from '../store-context';
import {confirmLabel, planLines, planTotals} from '../../domain/plan-text';
import {resultLines, resultSummary} from './results-lines';

export function DeleteFlow({dialog, height, width}: {readonly dialog: DeleteDialog; readonly height: number; readonly width: number}) {
	const {theme} = useApp();
	const plan = planOf(dialog);
	if (dialog.phase === 'done') {
		return (
			<DialogFrame
				title={`${dialog.title}: ${resultSummary(dialog.results)}`}
				height={height}
				lines={resultLines(dialog.results)}
				scroll={dialog.scroll}
				footer={<Text color={theme.muted}>Enter/Esc close</Text>}
			/>
		);
	}
	const forceItem = plan.items.find(item => item.outcome.kind === 'blocked' && item.outcome.forceable);
	const footer =
		dialog.phase === 'running' ? (
			<Text>{`removing… ${dialog.progress?.done ?? 0}/${dialog.progress?.total ?? 0} ${dialog.progress?.current ?? ''}`}</Text>
		) : dialog.phase === 'force' ? (
			<>
				<Text color={theme.danger}>{`Force deletes ${forceItem?.label ?? ''} while stopped containers keep using it.`}</Text>
				<Text>{`Type ${forceItem?.label ?? ''} to force: ${dialog.forceInput}█`}</Text>
				<Text color={theme.muted}>Enter accept · Esc back</Text>
			</>
		) : (
			<>
				<Text wrap="truncate">{planTotals(plan, width)}</Text>
				<Text color={theme.muted} wrap="truncate">{`c remove stopped containers first: ${dialog.removeStoppedContainers ? 'ON' : 'off'}${forceItem && plan.items.length === 1 ? ' · f force' : ''}${dialog.uniqueSizes ? '' : ' · sizes: estimating'}`}</Text>
				<Buttons focus={dialog.focus} confirmLabel={confirmLabel(plan)} />
			</>
		);
	return <DialogFrame title={dialog.title} height={height} lines={planLines(plan, dialog.images, width - 4)} scroll={dialog.scroll} footer={footer} tone="danger" />;
}

export function handleDeleteKey(input: string, key: Key, dialog: DeleteDialog, store: Store, actions: Actions): void {
	const update = (patch: Partial<DeleteDialog>) => store.dispatch({type: 'dialog-update', kind: 'delete', patch});
	const close = () => store.dispatch({type: 'dialog-close'});
	if (dialog.phase === 'running') return;
	if (input === 'j' || key.downArrow) return update({scroll: dialog.scroll + 1});
	if (input === 'k' || key.upArrow) return update({scroll: Math.max(0, dialog.scroll - 1)});
	if (dialog.phase === 'done') {
		if (key.return || key.escape || input === 'q') close();
		return;
	}
	const plan = planOf(dialog);
	const forceItem = plan.items.length === 1 ? plan.items.find(item => item.outcome.kind === 'blocked' && item.outcome.forceable) : undefined;
	if (dialog.phase === 'force') {
		if (key.escape) return update({phase: 'plan', forceInput: ''});
		if (key.backspace || key.delete) return update({forceInput: dialog.forceInput.slice(0, -1)});
		if (key.return) {
			if (forceItem && dialog.forceInput === forceItem.label) return update({phase: 'plan', forced: new Set([...dialog.forced, forceItem.target.imageId]), forceInput: ''});
			store.dispatch({type: 'message', message: {kind: 'error', text: 'the name does not match; nothing forced'}});
			return update({phase: 'plan', forceInput: ''});
		}
		if (input && !key.ctrl && !key.meta) update({forceInput: dialog.forceInput + input});
		return;
	}
	if (key.escape || input === 'n' || input === 'q') return close();
	if (key.tab || key.leftArrow || key.rightArrow || input === 'h' || input === 'l') return update({focus: dialog.focus === 'confirm' ? 'cancel' : 'confirm'});
	if (input === 'c') return update({removeStoppedContainers: !dialog.removeStoppedContainers});
	if (input === 'f' && forceItem) return update({phase: 'force', forceInput: ''});
	const confirmed = input === 'y' || (key.return && dialog.focus === 'confirm');
	if (key.return && dialog.focus === 'cancel') return close();
	if (!confirmed) return;
	if (plan.steps.length === 0) return close();
	actions.runRemoval(dialog);
}
