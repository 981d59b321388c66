import {Box, Text} from 'ink';
import {containerSortName, imageSortName, selectContainerRows, selectHiddenMarks, selectFleetRows, selectImageRows, selectRegistryRows} from '../../state/selectors';
import type {State} from '../../state/types';
import {footerKeys} from '../keymap';
import {TextField} from './text-field';
import {useApp, useStoreState} from '../store-context';

/** "2 running · 1 queued" while operations are under way; empty otherwise. */
function operationsSummary(state: State): string {
	const running = state.operations.filter(operation => operation.state === 'running').length;
	const queued = state.operations.filter(operation => operation.state === 'queued').length;
	if (running + queued === 0) return '';
	return `⟳ ${running} running${queued > 0 ? ` · ${queued} queued` : ''} (O)  `;
}

function listSummary(state: State): string {
	if (state.pane === 'fleet') return `${selectFleetRows(state).length} references`;
	if (state.pane === 'registries') {
		const count = selectRegistryRows(state).length;
		return `${count} ${count === 1 ? 'registry' : 'registries'}`;
	}
	const view = state.views[state.pane];
	const rows = state.pane === 'images' ? selectImageRows(state) : selectContainerRows(state);
	const hidden = selectHiddenMarks(state, state.pane);
	const parts = [`${rows.length} rows`, `sort: ${state.pane === 'images' ? imageSortName(view) : containerSortName(view)}`];
	if (state.pane === 'images' && state.showAll) parts.push('all');
	if (view.marks.size > 0) parts.push(`${view.marks.size} marked${hidden > 0 ? ` (${hidden} hidden by filter)` : ''}`);
	return parts.join(' · ');
}

export function StatusLine() {
	const {theme} = useApp();
	const pane = useStoreState(state => state.pane);
	const filter = useStoreState(state => state.views[state.pane]);
	const message = useStoreState(state => state.message);
	const summary = useStoreState(listSummary);
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
