import {Box} from 'ink';
import {Text} from './text';
import {footerKeys} from '../keymap';
import {paneSpecs} from '../panes/pane-specs';
import {operationsSummary} from '../screen-text';
import {TextField} from './text-field';
import {useApp, useStoreState} from '../store-context';

export function StatusLine() {
	const {theme} = useApp();
	const pane = useStoreState(state => state.pane);
	const filter = useStoreState(state => state.views[state.pane]);
	const message = useStoreState(state => state.message);
	const summary = useStoreState(state => paneSpecs[state.pane].summary(state));
	const operations = useStoreState(operationsSummary);
	const columns = useStoreState(state => state.viewport.columns);
	return (
		<Box flexDirection="column">
			<Box>
				{filter?.filtering ? (
					<TextField label="/" value={filter.filter} width={Math.floor(columns / 2)} color={theme.accent} />
				) : filter?.filter ? (
					<TextField label="filter: " value={filter.filter} width={Math.floor(columns / 2)} caret={false} color={theme.accent} />
				) : null}
				<Box flexGrow={1} />
				{operations ? <Text color={theme.accent}>{operations}</Text> : null}
				{message ? (
					<Text color={message.kind === 'error' ? theme.danger : theme.ok} wrap="truncate">
						{message.text}
					</Text>
				) : (
					<Text color={theme.muted} wrap="truncate">
						{summary}
					</Text>
				)}
			</Box>
			<Text color={theme.muted} wrap="truncate">
				{filter?.filtering ? 'type to filter  Enter keep  Esc clear' : footerKeys(pane)}
			</Text>
		</Box>
	);
}
