import {fit} from '../../domain/format';
import {formatImageRow, imageColumns, type ImageColumns, type ImageRowCells} from '../../domain/image-rows';
import {cursorIndex, listHeight, selectImageRows, selectUsage} from '../../state/selectors';
import {ListWindow} from '../components/list-window';
import {useStoreState} from '../store-context';

function imageLine(cells: ImageRowCells, columns: ImageColumns): string {
	return [
		fit(cells.repository, columns.repository),
		fit(cells.tag, columns.tag),
		fit(cells.sync, columns.sync),
		fit(cells.id, columns.id),
		fit(cells.created, columns.created, true),
		fit(cells.size, columns.size, true),
		fit(cells.usedBy, columns.usedBy),
	].join(' ');
}

export function ImagesPane() {
	const rows = useStoreState(selectImageRows);
	const view = useStoreState(state => state.views.images);
	const usage = useStoreState(state => selectUsage(state.images, state.containers));
	const height = useStoreState(listHeight);
	const width = useStoreState(state => state.viewport.columns);
	const now = useStoreState(state => state.now);
	const listed = useStoreState(state => state.listed);
	const syncStatus = useStoreState(state => state.syncStatus);
	const columns = imageColumns(width);
	const compact = width < 110;
	return (
		<ListWindow
			header={imageLine({repository: 'REPOSITORY', tag: 'TAG', sync: '', id: 'IMAGE ID', created: 'AGE', size: 'SIZE', usedBy: 'USED BY'}, columns)}
			rows={rows}
			view={view}
			cursor={cursorIndex(rows, view)}
			height={height}
			line={row => imageLine(formatImageRow(row, usage, now, compact, syncStatus.get(row.reference)), columns)}
			dim={row => row.dangling || row.intermediate}
			empty={!listed ? 'loading images…' : view.filter ? `no image matches "${view.filter}"` : 'no images'}
		/>
	);
}
