// The fleet pane: each reference across the engines of the fleet, asked when the pane first opens.
import {formatBytes} from '../../domain/format';
import {fit} from '../../view/fit';
import type {FleetRow} from '../../domain/fleet-rows';
import type {Fleet} from '../../state/fleet-types';
import {memo, selectAllFleetRows, selectFleetRows} from '../../state/selectors';
import type {PaneSpec} from './pane-spec';

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

export const liveEngines = (fleet: Fleet | null): number => fleet?.engines.filter(engine => engine.status.state === 'live').length ?? 0;

const lineOf = memo((fleet: Fleet | null, width: number) => {
	const live = liveEngines(fleet);
	return (row: FleetRow) => fleetLine(rowCells(row, live), width);
});

const dimOf = memo((fleet: Fleet | null) => {
	const live = liveEngines(fleet);
	return (row: FleetRow) => row.runningOn.length === 0 && row.presence.length < live;
});

export const fleetSpec: PaneSpec<FleetRow> = {
	title: 'Fleet',
	// The fleet is asked only once its pane opens: no count before.
	count: state => (state.fleet ? selectAllFleetRows(state).length : null),
	rows: selectFleetRows,
	header: state => fleetLine({reference: 'REFERENCE', engines: 'ENGINES', running: 'RUNNING ON', size: 'SIZE', same: 'IMAGE ID'}, state.viewport.columns),
	line: state => lineOf(state.fleet, state.viewport.columns),
	dim: state => dimOf(state.fleet),
	empty: state =>
		state.views.fleet.filter
			? `no reference matches "${state.views.fleet.filter}"`
			: liveEngines(state.fleet) === 0
				? 'waiting for the engines to answer'
				: 'no tagged images on the engines that answered',
	summary: state => `${selectFleetRows(state).length} references`,
	// Asked when the pane first opens, after the first frame: never at start, never polled.
	open: services => services.fleet.open(),
};
