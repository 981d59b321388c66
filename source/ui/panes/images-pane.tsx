import {Box, Text} from 'ink';
import {fit} from '../../domain/format';
import {formatImageRow, imageColumns, type ImageColumns, type ImageRowCells} from '../../domain/image-rows';
import {cursorIndex, listHeight, selectImageRows, selectUsage} from '../../state/selectors';
import {ListLine} from '../components/list-line';
import {useApp, useStoreState} from '../store-context';

function imageLine(cells: ImageRowCells, columns: ImageColumns): string {
	return [
		fit(cells.repository, columns.repository),
		fit(cells.tag, columns.tag),
		fit(cells.id, columns.id),
		fit(cells.created, columns.created, true),
		fit(cells.size, columns.size, true),
		fit(cells.usedBy, columns.usedBy),
	].join(' ');
}

export function ImagesPane() {
	const {theme} = useApp();
	const rows = useStoreState(selectImageRows);
	const view = useStoreState(state => state.views.images);
	const usage = useStoreState(state => selectUsage(state.images, state.containers));
	const height = useStoreState(listHeight);
	const width = useStoreState(state => state.viewport.columns);
	const now = useStoreState(state => state.now);
	const listed = useStoreState(state => state.listed);
	const columns = imageColumns(width);
	const compact = width < 110;
	const cursor = cursorIndex(rows, view);
	const shown = rows.slice(view.top, view.top + height);
	const header = imageLine({repository: 'REPOSITORY', tag: 'TAG', id: 'IMAGE ID', created: 'AGE', size: 'SIZE', usedBy: 'USED BY'}, columns);
	return (
		<Box flexDirection="column" height={height + 1}>
			<Text bold wrap="truncate">{`  ${header}`}</Text>
			{shown.map((row, offset) => (
				<ListLine
					key={row.key}
					text={imageLine(formatImageRow(row, usage, now, compact), columns)}
					cursor={view.top + offset === cursor}
					marked={view.marks.has(row.key)}
					dim={row.dangling || row.intermediate}
					theme={theme}
				/>
			))}
			{shown.length === 0 && (
				<Text color={theme.muted}>{!listed ? '  loading images…' : view.filter ? `  no image matches "${view.filter}"` : '  no images'}</Text>
			)}
		</Box>
	);
}
