import {keyHint, keyHints} from '../keymap';
import {Text} from '../components/text';
import {fit} from '../../view/fit';
import type {PlanLine} from '../../view/plan-text';
import type {EngineChoice} from '../../domain/engine-choice';
import type {ContextsDialog} from '../../state/flows/contexts-types';
import {Buttons, DialogFrame} from '../components/dialog-frame';
import {useApp} from '../store-context';

function choiceLine(choice: EngineChoice, selected: boolean, width: number): PlanLine {
	const marks = `${selected ? '›' : ' '} ${choice.current ? '*' : ' '}`;
	const name = fit(choice.name, 24).padEnd(24);
	const endpoint = choice.error ?? `${choice.host}${choice.tls ? '  (TLS)' : ''}`;
	return {text: fit(`${marks} ${name} ${endpoint}`, width), tone: choice.error ? 'danger' : selected ? 'ok' : 'plain'};
}

export function ContextsView({dialog, height, width}: {readonly dialog: ContextsDialog; readonly height: number; readonly width: number}) {
	const {theme} = useApp();
	if (dialog.confirming) {
		const {active, name} = dialog.confirming;
		const lines: PlanLine[] = [
			{text: `${active} operation${active === 1 ? '' : 's'} of the current engine still running or queued (O lists them).`, tone: 'warn'},
			{text: `Switching to ${name} cancels ${active === 1 ? 'it' : 'them'}.`, tone: 'warn'},
		];
		const footer = (
			<>
				<Text> </Text>
				<Text> </Text>
				<Buttons focus={dialog.focus} confirmLabel="Switch and cancel them" />
			</>
		);
		return <DialogFrame title={`Switch to ${name}?`} height={height} lines={lines} scroll={0} footer={footer} tone="danger" />;
	}
	const choices = dialog.choices;
	const lines: PlanLine[] = choices
		? [{text: `    ${'NAME'.padEnd(24)} ENDPOINT`, tone: 'muted'}, ...choices.map((choice, index) => choiceLine(choice, index === dialog.cursor, width - 4))]
		: [{text: 'Reading the docker contexts…', tone: 'muted'}];
	const bodyRows = Math.max(1, height - 6);
	const scroll = Math.max(0, dialog.cursor + 2 - bodyRows);
	const footer = (
		<>
			<Text color={theme.muted}>* the engine in use</Text>
			<Text> </Text>
			<Text color={theme.muted}>{keyHints(keyHint('choose', 'down', 'up'), keyHint('switch every pane to it', 'submit'), keyHint('back', 'back'))}</Text>
		</>
	);
	return <DialogFrame title="Switch engine" height={height} lines={lines} scroll={scroll} footer={footer} />;
}
