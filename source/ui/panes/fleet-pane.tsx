import {Box} from 'ink';
import {Text} from '../components/text';
import {useApp, useStoreState} from '../store-context';
import {fleetStatusText} from './fleet-spec';
import {PaneList} from './pane-list';

/** The fleet's list under a line saying which engines answered. */
export function FleetPane() {
	const {theme} = useApp();
	const status = useStoreState(state => fleetStatusText(state.fleet));
	const down = useStoreState(state => state.fleet?.engines.some(engine => engine.status.state === 'down') ?? false);
	return (
		<Box flexDirection="column">
			<Text color={down ? theme.warn : theme.muted} wrap="truncate">{`  ${status}`}</Text>
			<PaneList pane="fleet" />
		</Box>
	);
}
