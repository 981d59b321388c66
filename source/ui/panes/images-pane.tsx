import {imageColumns} from '../../domain/image-rows';
import {cursorIndex, listHeight, selectImageRows, selectUsage} from '../../state/selectors';
import {ListWindow} from '../components/list-window';
import {imageLine, imageRowText, imagesEmptyText, imageTitles} from '../screen-text';
import {useStoreState} from '../store-context';

export function ImagesPane() {
	const rows = useStoreState(selectImageRows);
	const view = useStoreState(state => state.views.images);
	const usage = useStoreState(state => selectUsage(state.images, state.containers));
	const height = useStoreState(listHeight);
	const width = useStoreState(state => state.viewport.columns);
	const now = useStoreState(state => state.now);
	const empty = useStoreState(imagesEmptyText);
	const syncStatus = useStoreState(state => state.syncStatus);
	const columns = imageColumns(width);
	return (
		<ListWindow
			header={imageLine(imageTitles, columns)}
			rows={rows}
			view={view}
			cursor={cursorIndex(rows, view)}
			height={height}
			line={row => imageRowText(row, usage, now, syncStatus, width, columns)}
			dim={row => row.dangling || row.intermediate}
			empty={empty}
		/>
	);
}
