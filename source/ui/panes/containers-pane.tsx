import {Box, Text} from 'ink';
import {fit} from '../../domain/format';
import {containerColumns, formatContainerRow, type ContainerColumns, type ContainerRowCells} from '../../domain/container-rows';
import {cursorIndex, listHeight, selectContainerRows} from '../../state/selectors';
import {ListLine} from '../components/list-line';
import {useApp, useStoreState} from '../store-context';

function containerLine(cells: ContainerRowCells, columns: ContainerColumns): string {
	return [
		fit(cells.name, columns.name),
		fit(cells.image, columns.image),
		fit(cells.state, columns.state),
		fit(cells.status, columns.status),
		fit(cells.created, columns.created, true),
	].join(' ');
}

export function ContainersPane() {
	const {theme} = useApp();
	const rows = useStoreState(selectContainerRows);
	const view = useStoreState(state => state.views.containers);
	const height = useStoreState(listHeight);
	const width = useStoreState(state => state.viewport.columns);
	const now = useStoreState(state => state.now);
	const listed = useStoreState(state => state.listed);
	const columns = containerColumns(width);
	const cursor = cursorIndex(rows, view);
	const shown = rows.slice(view.top, view.top + height);
	const header = containerLine({name: 'NAME', image: 'IMAGE', state: 'STATE', status: 'STATUS', created: 'AGE'}, columns);
	return (
		<Box flexDirection="column" height={height + 1}>
			<Text bold wrap="truncate">{`  ${header}`}</Text>
			{shown.map((row, offset) => (
				<ListLine
					key={row.key}
					text={containerLine(formatContainerRow(row, now), columns)}
					cursor={view.top + offset === cursor}
					marked={view.marks.has(row.key)}
					dim={row.container.state !== 'running'}
					theme={theme}
				/>
			))}
			{shown.length === 0 && (
				<Text color={theme.muted}>{!listed ? '  loading containers…' : view.filter ? `  no container matches "${view.filter}"` : '  no containers'}</Text>
			)}
		</Box>
	);
}
