import {Text, type Key} from 'ink';
import {formatBytes} from '../../domain/format';
import {deleteDialog, housekeepingChoices} from '../../state/dialogs';
import type {Store} from '../../state/store';
import type {HousekeepingDialog} from '../../state/types';
import {DialogFrame} from '../components/dialog-frame';
import {useApp, useStoreState} from '../store-context';
import type {PlanLine} from '../../domain/plan-text';

export function HousekeepingMenu({dialog, height}: {readonly dialog: HousekeepingDialog; readonly height: number}) {
	const {theme} = useApp();
	const disk = useStoreState(state => state.disk);
	const lines: PlanLine[] = [
		{text: disk ? `Disk: images ${formatBytes(disk.imagesBytes)} · containers ${formatBytes(disk.containersBytes)} · reclaimable ${formatBytes(disk.reclaimableBytes)}` : 'Disk: measuring…', tone: 'muted'},
		{text: ' ', tone: 'plain'},
		...housekeepingChoices.map((choice, index) => ({
			text: `${index === dialog.choice ? '›' : ' '} ${index + 1}  ${choice.title.replace('N versions', `${dialog.keep} versions`)}`,
			tone: index === dialog.choice ? ('ok' as const) : ('plain' as const),
		})),
	];
	return (
		<DialogFrame
			title="Housekeeping"
			height={height}
			lines={lines}
			scroll={0}
			footer={<Text color={theme.muted}>j/k choose · +/- versions to keep · Enter show the plan · Esc back</Text>}
		/>
	);
}

export function handleHousekeepingKey(input: string, key: Key, dialog: HousekeepingDialog, store: Store): void {
	const update = (patch: Partial<HousekeepingDialog>) => store.dispatch({type: 'dialog-update', kind: 'housekeeping', patch});
	const count = housekeepingChoices.length;
	if (key.escape || input === 'q') store.dispatch({type: 'dialog-close'});
	else if (input === 'j' || key.downArrow) update({choice: (dialog.choice + 1) % count});
	else if (input === 'k' || key.upArrow) update({choice: (dialog.choice + count - 1) % count});
	else if (/^[1-9]$/.test(input) && Number(input) <= count) update({choice: Number(input) - 1});
	else if (input === '+' || input === '=') update({keep: dialog.keep + 1});
	else if (input === '-') update({keep: Math.max(1, dialog.keep - 1)});
	else if (key.return) {
		const state = store.getState();
		const choice = housekeepingChoices[dialog.choice]!;
		const title = choice.title.replace('N versions', `${dialog.keep} versions`);
		store.dispatch({type: 'dialog-open', dialog: deleteDialog(state, title, choice.targets(state, dialog.keep))});
	}
}
