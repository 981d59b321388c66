import {Box} from 'ink';
import {Text} from './text';
import {helpLines} from '../keymap';
import {useApp} from '../store-context';

const syncLegend = '✓ in sync  ≠ outdated  ↑ not pushed  ? unknown  … checking (images pane, after the tag); ⇡ update available (containers pane)';

export function Help({height}: {readonly height: number}) {
	const {theme} = useApp();
	return (
		<Box flexDirection="column" height={height} borderStyle="round" borderColor={theme.accent} paddingX={1}>
			<Text bold>Keys</Text>
			{helpLines().map(line => (
				<Text key={line.label} wrap="truncate">
					<Text color={theme.accent}>{line.label.padEnd(20)}</Text>
					{line.help}
				</Text>
			))}
			<Text wrap="truncate">
				<Text color={theme.accent}>{'sync markers'.padEnd(20)}</Text>
				{syncLegend}
			</Text>
			<Text color={theme.muted}>Esc or ? closes this help.</Text>
		</Box>
	);
}
