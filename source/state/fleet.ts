// How fleet answers enter the store: each engine's answer as it arrives, never waiting for the rest.
import type {Fleet} from './fleet-types';
import type {Action} from './types';

export function reduceFleet(fleet: Fleet | null, action: Extract<Action, {type: 'fleet-start' | 'fleet-engine'}>): Fleet | null {
	if (action.type === 'fleet-start') {
		// A refresh keeps what each engine said last until it answers again.
		const previous = new Map(fleet?.engines.map(engine => [engine.name, engine.status]));
		return {
			round: action.round,
			timeoutSeconds: action.timeoutSeconds,
			engines: action.engines.map(engine => ({...engine, status: previous.get(engine.name) ?? {state: 'loading'}})),
		};
	}
	if (!fleet || fleet.round !== action.round) return fleet;
	return {...fleet, engines: fleet.engines.map(engine => (engine.name === action.name ? {...engine, status: action.status} : engine))};
}
