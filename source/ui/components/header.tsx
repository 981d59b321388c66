import {Box} from 'ink';
import {Text} from './text';
import {paneOrder, type PaneId} from '../../state/types';
import {paneSpecs} from '../panes/pane-specs';
import {fittedEngineLine, liveText as liveTextOf, paneTab} from '../screen-text';
import {useApp, useStoreState} from '../store-context';

export function Header() {
	const {theme} = useApp();
	const line = useStoreState(fittedEngineLine);
	const live = useStoreState(state => state.live);
	const pane = useStoreState(state => state.pane);
	const images = useStoreState(paneSpecs.images.count);
	const containers = useStoreState(paneSpecs.containers.count);
	const registries = useStoreState(paneSpecs.registries.count);
	const fleet = useStoreState(paneSpecs.fleet.count);
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
						{paneTab(index, paneSpecs[id].title, counts[id])}
					</Text>
				))}
			</Box>
		</Box>
	);
}
