// The containers pane: name, image (with an update marker), state, status, age.
import {fit} from '../../view/fit';
import {updatedReference} from '../../domain/update-available';
import type {ContainerRow} from '../../domain/container-rows';
import {containerColumns, formatContainerRow, type ContainerColumns, type ContainerRowCells} from '../../view/container-cells';
import {memo, selectContainerRows} from '../../state/selectors';
import type {State} from '../../state/types';
import {listPaneSummary} from '../screen-text';
import type {PaneSpec} from './pane-spec';

function containerLine(cells: ContainerRowCells, columns: ContainerColumns): string {
	return [fit(cells.name, columns.name), fit(cells.image, columns.image), fit(cells.state, columns.state), fit(cells.status, columns.status), fit(cells.created, columns.created, true)].join(' ');
}

const imagesById = memo((images: State['images']) => new Map(images.map(image => [image.id, image])));

const lineOf = memo((now: number, images: ReturnType<typeof imagesById>, sync: State['syncStatus'], width: number) => {
	const columns = containerColumns(width);
	return (row: ContainerRow) => containerLine(formatContainerRow(row, now, updatedReference(row.container, images, sync)), columns);
});

const stopped = (row: ContainerRow) => row.container.state !== 'running';

export const containersSpec: PaneSpec<ContainerRow> = {
	title: 'Containers',
	count: state => (state.containersListed ? state.containers.length : null),
	rows: selectContainerRows,
	header: state => containerLine({name: 'NAME', image: 'IMAGE', state: 'STATE', status: 'STATUS', created: 'AGE'}, containerColumns(state.viewport.columns)),
	line: state => lineOf(state.now, imagesById(state.images), state.syncStatus, state.viewport.columns),
	dim: () => stopped,
	empty: state => (!state.containersListed ? 'loading containers…' : state.views.containers.filter ? `no container matches "${state.views.containers.filter}"` : 'no containers'),
	summary: state => listPaneSummary(state, 'containers'),
	open: () => undefined,
};
