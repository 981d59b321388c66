import {keyHint, keyHints} from '../keymap';
import {Text} from '../components/text';
import {shortId} from '../../domain/format';
import type {ContainersDialog} from '../../state/flows/containers-types';
import {containerForceName} from '../../state/flows/containers';
import {TextField} from '../components/text-field';
import {Buttons, DialogFrame} from '../components/dialog-frame';
import {useApp} from '../store-context';
import type {PlanLine} from '../../view/plan-text';
import {ResultsFrame} from './results-frame';

const verbs = {remove: 'Remove', stop: 'Stop', start: 'Start'} as const;

function containerName(dialog: ContainersDialog, index: number): string {
	const container = dialog.containers[index]!;
	return container.name || shortId(container.id);
}

const forceTarget = containerForceName;

export function containerPlanLines(dialog: ContainersDialog): PlanLine[] {
	return dialog.containers.map((container, index) => {
		const name = containerName(dialog, index).padEnd(24);
		if (dialog.action === 'remove' && container.state === 'running') return {text: `skip    ${name} running: stop it first (x)${forceTarget(dialog) ? ', or f and type its name' : ''}`, tone: 'warn'};
		if (dialog.action === 'stop' && container.state !== 'running') return {text: `skip    ${name} not running`, tone: 'muted'};
		if (dialog.action === 'start' && container.state === 'running') return {text: `skip    ${name} already running`, tone: 'muted'};
		return {text: `${dialog.action.padEnd(8)}${name} ${container.image} (${container.state})`, tone: dialog.action === 'remove' ? 'danger' : 'ok'};
	});
}

export function ContainersFlow({dialog, height, width}: {readonly dialog: ContainersDialog; readonly height: number; readonly width: number}) {
	const {theme} = useApp();
	const title = `${verbs[dialog.action]} ${dialog.containers.length} container${dialog.containers.length === 1 ? '' : 's'}`;
	if (dialog.phase === 'done') return <ResultsFrame title={title} results={dialog.results} height={height} />;
	const force = forceTarget(dialog);
	const footer =
		dialog.phase === 'running' ? (
			<Text>{`${dialog.action}… ${dialog.progress?.done ?? 0}/${dialog.progress?.total ?? 0} ${dialog.progress?.current ?? ''}`}</Text>
		) : dialog.phase === 'force' ? (
			<>
				<Text color={theme.danger}>{`Stops and removes the running container ${force}.`}</Text>
				<TextField label={`Type ${force} to confirm: `} value={dialog.forceInput} width={width - 4} />
				<Text color={theme.muted}>{keyHints(keyHint('accept', 'submit'), keyHint('back', 'back'))}</Text>
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
