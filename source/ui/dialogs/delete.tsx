import {Text} from '../components/text';
import {planOf} from '../../state/dialogs';
import {forceableItem} from '../../state/flows/delete';
import type {DeleteDialog} from '../../state/flows/delete-types';
import {TextField} from '../components/text-field';
import {Buttons, DialogFrame} from '../components/dialog-frame';
import {useApp} from '../store-context';
import {confirmLabel, planLines, planTotals} from '../../view/plan-text';
import {ResultsFrame} from './results-frame';
import {intentKeyLabel} from '../keymap';

export function DeleteFlow({dialog, height, width}: {readonly dialog: DeleteDialog; readonly height: number; readonly width: number}) {
	const {theme} = useApp();
	const plan = planOf(dialog);
	const key = {containers: intentKeyLabel('toggle-containers'), force: intentKeyLabel('force'), submit: intentKeyLabel('submit'), back: intentKeyLabel('back')};
	if (dialog.phase === 'done') {
		return <ResultsFrame title={dialog.title} results={dialog.results} height={height} scroll={dialog.scroll} />;
	}
	const forceItem = forceableItem(dialog);
	const hints = {removeStopped: `${key.containers}: remove first`, force: `${key.force}: force`};
	const footer =
		dialog.phase === 'running' ? (
			<Text>{`removing… ${dialog.progress?.done ?? 0}/${dialog.progress?.total ?? 0} ${dialog.progress?.current ?? ''}`}</Text>
		) : dialog.phase === 'force' ? (
			<>
				<Text color={theme.danger}>{`Force deletes ${forceItem?.label ?? ''} while stopped containers keep using it.`}</Text>
				<TextField label={`Type ${forceItem?.label ?? ''} to force: `} value={dialog.forceInput} width={width - 4} />
				<Text color={theme.muted}>{`${key.submit} accept · ${key.back} back`}</Text>
			</>
		) : (
			<>
				<Text wrap="truncate">{planTotals(plan, width)}</Text>
				<Text
					color={theme.muted}
					wrap="truncate"
				>{`${key.containers} remove stopped containers first: ${dialog.removeStoppedContainers ? 'ON' : 'off'}${forceItem ? ` · ${key.force} force` : ''}${dialog.bytes === 'counting' ? ' · bytes: counting layers…' : dialog.bytes === 'floor' ? ' · bytes: at least' : ' · bytes: exact'}`}</Text>
				<Buttons focus={dialog.focus} confirmLabel={confirmLabel(plan)} />
			</>
		);
	return <DialogFrame title={dialog.title} height={height} lines={planLines(plan, dialog.images, width - 4, hints)} scroll={dialog.scroll} footer={footer} tone="danger" />;
}
