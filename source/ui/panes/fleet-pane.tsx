import {useEffect} from 'react';
import {Box} from 'ink';
import {Text} from '../components/text';
import {fit, formatBytes} from '../../domain/format';
import type {FleetRow} from '../../domain/fleet-rows';
import type {Fleet} from '../../state/fleet-types';
import {cursorIndex, listHeight, selectFleetRows} from '../../state/selectors';
import {ListWindow} from '../components/list-window';
import {useApp, useStoreState} from '../store-context';

/** "2/3 engines answered: one, two · dead: no answer within 5 s · slow: asking…" */
export function fleetStatusText(fleet: Fleet | null): string {
	if (!fleet) return 'asking the engines…';
	const live = fleet.engines.filter(engine => engine.status.state === 'live');
	const parts = [`${live.length}/${fleet.engines.length} engines live${live.length > 0 ? `: ${live.map(engine => engine.name).join(', ')}` : ''}`];
	for (const engine of fleet.engines) {
		if (engine.status.state === 'down') parts.push(`${engine.name}: ${engine.status.error}`);
		else if (engine.status.state === 'loading') parts.push(`${engine.name}: asking… (up to ${fleet.timeoutSeconds} s)`);
	}
	return parts.join(' · ');
}

export function fleetLine(cells: {reference: string; engines: string; running: string; size: string; same: string}, width: number): string {
	const reference = Math.max(16, width - 2 - 8 - 22 - 10 - 8 - 4);
	return [fit(cells.reference, reference), fit(cells.engines, 8), fit(cells.running, 22), fit(cells.size, 10, true), cells.same].join(' ');
}

function rowCells(row: FleetRow, live: number) {
	return {
		reference: row.key,
		engines: `${row.presence.length}/${live}`,
		running: row.runningOn.join(', ') || '-',
		size: formatBytes(row.size),
		same: row.presence.length < 2 ? '-' : row.sameId ? 'same' : 'differs',
	};
}

export function FleetPane() {
	const {services, theme} = useApp();
	// Asked when the pane first opens, after the first frame: never at start, never polled.
	useEffect(() => services.fleet.open(), [services]);
	const fleet = useStoreState(state => state.fleet);
	const rows = useStoreState(selectFleetRows);
	const view = useStoreState(state => state.views.fleet);
	const height = useStoreState(listHeight);
	const width = useStoreState(state => state.viewport.columns);
	const live = fleet?.engines.filter(engine => engine.status.state === 'live').length ?? 0;
	const down = fleet?.engines.some(engine => engine.status.state === 'down') ?? false;
	return (
		<Box flexDirection="column">
			<Text color={down ? theme.warn : theme.muted} wrap="truncate">{`  ${fleetStatusText(fleet)}`}</Text>
			<ListWindow
				header={fleetLine({reference: 'REFERENCE', engines: 'ENGINES', running: 'RUNNING ON', size: 'SIZE', same: 'IMAGE ID'}, width)}
				rows={rows}
				view={view}
				cursor={cursorIndex(rows, view)}
				height={height}
				line={row => fleetLine(rowCells(row, live), width)}
				dim={row => row.runningOn.length === 0 && row.presence.length < live}
				empty={view.filter ? `no reference matches "${view.filter}"` : live === 0 ? 'waiting for the engines to answer' : 'no tagged images on the engines that answered'}
			/>
		</Box>
	);
}
