import {Box} from 'ink';
import {Text} from './text';
import type {Connection} from '../../state/types';
import {useApp} from '../store-context';
import {keyHint, keyHints, withoutEngineHints} from '../keymap';

export function ConnectionScreen({connection, height}: {readonly connection: Connection; readonly height: number}) {
	const {theme} = useApp();
	return (
		<Box flexDirection="column" height={height} justifyContent="center" alignItems="center">
			{connection.status === 'down' ? (
				<Box flexDirection="column" borderStyle="round" borderColor={theme.danger} paddingX={2}>
					<Text bold color={theme.danger}>
						Cannot connect to the Docker engine
					</Text>
					<Text>{connection.error}</Text>
					<Text>{connection.hint}</Text>
					<Text color={theme.muted}>{keyHints(keyHint('retry', 'retry'), ...withoutEngineHints())}</Text>
				</Box>
			) : (
				<Text color={theme.muted}>
					{connection.status === 'connecting' && connection.listing ? `${connection.host} answered; listing its images and containers…` : `connecting to ${connection.host}…`}
				</Text>
			)}
		</Box>
	);
}
