import {cursorIndex, listHeight} from '../../state/selectors';
import type {PaneId} from '../../state/types';
import {ListWindow} from '../components/list-window';
import {useStoreState} from '../store-context';
import type {PaneSpec} from './pane-spec';
import {paneSpecs, type RowOf} from './pane-specs';

function SpecList<Row extends {readonly key: string}>({pane, spec}: {readonly pane: PaneId; readonly spec: PaneSpec<Row>}) {
	const rows = useStoreState(spec.rows);
	const view = useStoreState(state => state.views[pane]);
	const height = useStoreState(listHeight);
	const header = useStoreState(spec.header);
	const line = useStoreState(spec.line);
	const dim = useStoreState(spec.dim);
	const empty = useStoreState(spec.empty);
	return <ListWindow header={header} rows={rows} view={view} cursor={cursorIndex(rows, view)} height={height} line={line} dim={dim} empty={empty} />;
}

/** A pane's list as its spec says; drawing it starts no work (the key that opens it does). */
export function PaneList<P extends PaneId>({pane}: {readonly pane: P}) {
	const spec: PaneSpec<RowOf[P]> = paneSpecs[pane];
	return <SpecList pane={pane} spec={spec} />;
}
