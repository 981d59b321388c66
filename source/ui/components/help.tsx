import {Box} from 'ink';
import {Text} from './text';
import type {Dialog} from '../../state/types';
import {dialogHelpLines} from '../dialog-help';
import {activeDialogKeys, helpLines, intentKeyLabel} from '../keymap';
import {useApp} from '../store-context';

const syncLegend = '✓ in sync  ≠ outdated  ↑ not pushed  ? unknown  … checking (images pane, after the tag); ⇡ update available (containers pane)';

/** The panes' keys, or with `dialog` the keys of that open dialog; both from the key tables in use. */
export function Help({height, dialog}: {readonly height: number; readonly dialog?: Dialog}) {
	const {theme, store} = useApp();
	const lines = dialog ? dialogHelpLines(dialog, store.getState(), activeDialogKeys()) : helpLines();
	return (
		<Box flexDirection="column" height={height} borderStyle="round" borderColor={theme.accent} paddingX={1}>
			<Text bold>{dialog ? 'Keys in this dialog' : 'Keys'}</Text>
			{lines.map(line => (
				<Text key={line.label} wrap="truncate">
					<Text color={theme.accent}>{line.label.padEnd(20)}</Text>
					{line.help}
				</Text>
			))}
			{dialog ? null : (
				<>
					<Text wrap="truncate">
						<Text color={theme.accent}>{'sync markers'.padEnd(20)}</Text>
						{syncLegend}
					</Text>
					<Text color={theme.muted}>{`${intentKeyLabel('back')} or ${intentKeyLabel('help')} closes this help.`}</Text>
				</>
			)}
		</Box>
	);
}
