import {Box, Text} from 'ink';
import {keyBindings} from '../keymap';
import {useApp} from '../store-context';

export function Help({height}: {readonly height: number}) {
	const {theme} = useApp();
	return (
		<Box flexDirection="column" height={height} borderStyle="round" borderColor={theme.accent} paddingX={1}>
			<Text bold>Keys</Text>
			{keyBindings.map(binding => (
				<Text key={binding.keys} wrap="truncate">
					<Text color={theme.accent}>{binding.keys.padEnd(20)}</Text>
					{binding.help}
				</Text>
			))}
			<Text color={theme.muted}>Esc or ? closes this help.</Text>
		</Box>
	);
}
