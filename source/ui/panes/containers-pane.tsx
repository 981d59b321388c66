import {useMemo} from 'react';
import {fit} from '../../domain/format';
import {updatedReference} from '../../domain/update-available';
import {containerColumns, formatContainerRow, type ContainerColumns, type ContainerRowCells} from '../../domain/container-rows';
import {cursorIndex, listHeight, selectContainerRows} from '../../state/selectors';
import {ListWindow} from '../components/list-window';
import {useStoreState} from '../store-context';

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
	const rows = useStoreState(selectContainerRows);
	const view = useStoreState(state => state.views.containers);
	const height = useStoreState(listHeight);
	const width = useStoreState(state => state.viewport.columns);
	const now = useStoreState(state => state.now);
	const listed = useStoreState(state => state.listed);
	const images = useStoreState(state => state.images);
	const sync = useStoreState(state => state.syncStatus);
	const imagesById = useMemo(() => new Map(images.map(image => [image.id, image])), [images]);
	const columns = containerColumns(width);
	return (
		<ListWindow
			header={containerLine({name: 'NAME', image: 'IMAGE', state: 'STATE', status: 'STATUS', created: 'AGE'}, columns)}
			rows={rows}
			view={view}
			cursor={cursorIndex(rows, view)}
			height={height}
			line={row => containerLine(formatContainerRow(row, now, updatedReference(row.container, imagesById, sync)), columns)}
			dim={row => row.container.state !== 'running'}
			empty={!listed ? 'loading containers…' : view.filter ? `no container matches "${view.filter}"` : 'no containers'}
		/>
	);
}
