import {keyHint, keyHints} from '../keymap';
import {Text} from '../components/text';
import {buildCacheFigure} from '../../view/build-cache-text';
import {formatBytes} from '../../domain/format';
import {formatKnownBytes} from '../../view/known-bytes';
import {housekeepingChoices} from '../../state/dialogs';
import {housekeepingTitle} from '../../state/flows/menus';
import type {HousekeepingDialog} from '../../state/flows/menus-types';
import {DialogFrame} from '../components/dialog-frame';
import {useApp, useStoreState} from '../store-context';
import type {PlanLine} from '../../view/plan-text';

export function HousekeepingMenu({dialog, height}: {readonly dialog: HousekeepingDialog; readonly height: number}) {
	const {theme} = useApp();
	const disk = useStoreState(state => state.disk);
	const lines: PlanLine[] = [
		{
			text: disk ? `Disk: images ${formatKnownBytes(disk.imagesBytes)} · containers ${formatBytes(disk.containersBytes)} · reclaimable ${formatKnownBytes(disk.reclaimableBytes)}` : 'Disk: measuring…',
			tone: 'muted',
		},
		...(disk ? [{text: `      ${buildCacheFigure(disk.buildCache)}`, tone: 'muted' as const}] : []),
		{text: ' ', tone: 'plain'},
		...housekeepingChoices.map((_, index) => ({
			text: `${index === dialog.choice ? '›' : ' '} ${index + 1}  ${housekeepingTitle(dialog, index)}`,
			tone: index === dialog.choice ? ('ok' as const) : ('plain' as const),
		})),
	];
	return (
		<DialogFrame
			title="Housekeeping"
			height={height}
			lines={lines}
			scroll={0}
			footer={<Text color={theme.muted}>{keyHints(keyHint('choose', 'down', 'up'), keyHint('versions to keep', 'more', 'fewer'), keyHint('show the plan', 'submit'), keyHint('back', 'back'))}</Text>}
		/>
	);
}
