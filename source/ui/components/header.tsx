import {Box} from 'ink';
import {Text} from './text';
import {paneOrder, type PaneId} from '../../state/types';
import {fittedEngineLine, liveText as liveTextOf, paneCount, paneTab} from '../screen-text';
import {useApp, useStoreState} from '../store-context';

export function Header() {
	const {theme} = useApp();
	const line = useStoreState(fittedEngineLine);
	const live = useStoreState(state => state.live);
	const pane = useStoreState(state => state.pane);
	const images = useStoreState(state => paneCount(state, 'images'));
	const containers = useStoreState(state => paneCount(state, 'containers'));
	const registries = useStoreState(state => paneCount(state, 'registries'));
	const fleet = useStoreState(state => paneCount(state, 'fleet'));
	const counts: Record<PaneId, number | null> = {images, containers, registries, fleet};
	const liveText = liveTextOf(live);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate">
				<Text bold color={theme.accent}>
					dockswab{' '}
				</Text>
				{line}
				<Text color={live === 'live' ? theme.ok : theme.warn}>{liveText}</Text>
			</Text>
			<Box>
				{paneOrder.map((id, index) => (
					<Text key={id} inverse={id === pane} bold={id === pane}>
						{paneTab(index, id, counts[id])}
					</Text>
				))}
			</Box>
		</Box>
	);
}
