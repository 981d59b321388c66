import {Text, type Key} from 'ink';
import {shortId} from '../../domain/format';
import type {Store} from '../../state/store';
import type {ContainersDialog} from '../../state/types';
import type {Actions} from '../../services/actions';
import {Buttons, DialogFrame} from '../components/dialog-frame';
import {useApp} from '../store-context';
import type {PlanLine} from '../../domain/plan-text';
import {resultLines, resultSummary} from './results-lines';

const verbs = {remove: 'Remove', stop: 'Stop', start: 'Start'} as const;

function containerName(dialog: ContainersDialog, index: number): string {
	const container = dialog.containers[index]!;
	return container.name || shortId(container.id);
}

/** One running container can be removed by typing its name (stop, then remove); several cannot. */
function forceTarget(dialog: ContainersDialog): string | null {
	if (dialog.action !== 'remove') return null;
	const running = dialog.containers.filter(container => container.state === 'running');
	return dialog.containers.length === 1 && running.length === 1 ? containerName(dialog, 0) : null;
}

export function containerPlanLines(dialog: ContainersDialog): PlanLine[] {
	return dialog.containers.map((container, index) => {
		const name = containerName(dialog, index).padEnd(24);
		if (dialog.action === 'remove' && container.state === 'running')
			return {text: `skip    ${name} running: stop it first (x)${forceTarget(dialog) ? ', or f and type its name' : ''}`, tone: 'warn'};
		if (dialog.action === 'stop' && container.state !== 'running') return {text: `skip    ${name} not running`, tone: 'muted'};
		if (dialog.action === 'start' && container.state === 'running') return {text: `skip    ${name} already running`, tone: 'muted'};
		return {text: `${dialog.action.padEnd(8)}${name} ${container.image} (${container.state})`, tone: dialog.action === 'remove' ? 'danger' : 'ok'};
	});
}

export function ContainersFlow({dialog, height}: {readonly dialog: ContainersDialog; readonly height: number}) {
	const {theme} = useApp();
	const title = `${verbs[dialog.action]} ${dialog.containers.length} container${dialog.containers.length === 1 ? '' : 's'}`;
	if (dialog.phase === 'done')
		return <DialogFrame title={`${title}: ${resultSummary(dialog.results)}`} height={height} lines={resultLines(dialog.results)} scroll={0} footer={<Text color={theme.muted}>Enter/Esc close</Text>} />;
	const force = forceTarget(dialog);
	const footer =
		dialog.phase === 'running' ? (
			<Text>{`${dialog.action}… ${dialog.progress?.done ?? 0}/${dialog.progress?.total ?? 0} ${dialog.progress?.current ?? ''}`}</Text>
		) : dialog.phase === 'force' ? (
			<>
				<Text color={theme.danger}>{`Stops and removes the running container ${force}.`}</Text>
				<Text>{`Type ${force} to confirm: ${dialog.forceInput}█`}</Text>
				<Text color={theme.muted}>Enter accept · Esc back</Text>
			</>
		) : (
			<>
				<Text color={theme.muted}>{force && dialog.forceInput === '' ? 'f: stop and remove it by typing its name' : ' '}</Text>
				<Text> </Text>
				<Buttons focus={dialog.focus} confirmLabel={verbs[dialog.action]} />
			</>
		);
	return <DialogFrame title={title} height={height} lines={containerPlanLines(dialog)} scroll={0} footer={footer} tone={dialog.action === 'remove' ? 'danger' : 'accent'} />;
}

export function handleContainersKey(input: string, key: Key, dialog: ContainersDialog, store: Store, actions: Actions): void {
	const update = (patch: Partial<ContainersDialog>) => store.dispatch({type: 'dialog-update', kind: 'containers', patch});
	const close = () => store.dispatch({type: 'dialog-close'});
	if (dialog.phase === 'running') return;
	if (dialog.phase === 'done') {
		if (key.return || key.escape || input === 'q') close();
		return;
	}
	const force = forceTarget(dialog);
	if (dialog.phase === 'force') {
		if (key.escape) return update({phase: 'plan', forceInput: ''});
		if (key.backspace || key.delete) return update({forceInput: dialog.forceInput.slice(0, -1)});
		if (key.return) {
			if (dialog.forceInput === force) return actions.runContainerAction(dialog);
			store.dispatch({type: 'message', message: {kind: 'error', text: 'the name does not match; nothing removed'}});
			return update({phase: 'plan', forceInput: ''});
		}
		if (input && !key.ctrl && !key.meta) update({forceInput: dialog.forceInput + input});
		return;
	}
	if (key.escape || input === 'n' || input === 'q') return close();
	if (key.tab || key.leftArrow || key.rightArrow) return update({focus: dialog.focus === 'confirm' ? 'cancel' : 'confirm'});
	if (input === 'f' && force) return update({phase: 'force', forceInput: ''});
	if (key.return && dialog.focus === 'cancel') return close();
	if (input === 'y' || key.return) actions.runContainerAction({...dialog, forceInput: ''});
}
