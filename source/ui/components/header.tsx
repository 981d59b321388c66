import {Box, Text} from 'ink';
import {fit, formatBytes} from '../../domain/format';
import {selectAllFleetRows, selectImageCount, selectRegistryCount} from '../../state/selectors';
import {paneOrder, type PaneId, type State} from '../../state/types';
import {useApp, useStoreState} from '../store-context';

const paneTitles: Record<PaneId, string> = {images: 'Images', containers: 'Containers', registries: 'Registries', fleet: 'Fleet'};

function engineLine(state: State): string {
	const {connection} = state;
	const version = connection.status === 'ready' ? `${connection.product ?? 'Docker'} ${connection.engineVersion} (API ${connection.apiVersion})` : connection.status;
	const disk = state.disk ? ` · ${formatBytes(state.disk.imagesBytes)} used, ${formatBytes(state.disk.reclaimableBytes)} reclaimable` : '';
	return `${connection.host} · ${version}${disk}`;
}

function paneCount(state: State, pane: PaneId): number | null {
	if (pane === 'images') return selectImageCount(state);
	if (pane === 'containers') return state.containers.length;
	// The fleet is asked only once its pane opens: no count before.
	if (pane === 'fleet') return state.fleet ? selectAllFleetRows(state).length : null;
	return selectRegistryCount(state);
}

export function Header() {
	const {theme} = useApp();
	const line = useStoreState(engineLine);
	const live = useStoreState(state => state.live);
	const pane = useStoreState(state => state.pane);
	const images = useStoreState(state => paneCount(state, 'images'));
	const containers = useStoreState(state => paneCount(state, 'containers'));
	const registries = useStoreState(state => paneCount(state, 'registries'));
	const fleet = useStoreState(state => paneCount(state, 'fleet'));
	const columns = useStoreState(state => state.viewport.columns);
	const counts: Record<PaneId, number | null> = {images, containers, registries, fleet};
	const liveText = live === 'live' ? ' ● live' : live === 'reconnecting' ? ' ○ reconnecting' : ' ○ offline';
	return (
		<Box flexDirection="column">
			<Text wrap="truncate">
				<Text bold color={theme.accent}>
					dockswab{' '}
				</Text>
				{fit(line, columns - 9 - liveText.length)}
				<Text color={live === 'live' ? theme.ok : theme.warn}>{liveText}</Text>
			</Text>
			<Box>
				{paneOrder.map((id, index) => (
					<Text key={id} inverse={id === pane} bold={id === pane}>
						{` ${index + 1} ${paneTitles[id]}${counts[id] === null ? '' : ` ${counts[id]}`} `}
					</Text>
				))}
			</Box>
		</Box>
	);
}
