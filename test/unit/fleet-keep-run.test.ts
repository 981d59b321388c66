// The fleet clean-up's job: it is given each engine's plan (not the dialog) and reports, by index
// in that list, how each engine's run went; then that the whole run is done.
import {expect, test, vi} from 'vitest';
import type {FleetEnginePlan} from '../../source/domain/fleet-plan';
import type {RemovalPlan} from '../../source/domain/removal-plan';
import type {RemovalEngine} from '../../source/engine/operations';
import {createFleetActions} from '../../source/services/fleet';
import type {FleetKeepDialog} from '../../source/state/fleet-types';
import {initialState} from '../../source/state/reducer';
import {createAppStore} from '../../source/ui/dialogs/dialog-table';
import {tempDir} from '../fixtures/temp-dir';

/** A plan with no steps: the run asks the engine nothing. */
const nothingToDo: RemovalPlan = {
	items: [],
	steps: [],
	totals: {imagesDeleted: 0, tagsRemoved: 0, containersRemoved: 0, bytesReclaimed: 0, blocked: 0, recoverable: 0, notInRegistry: 0, recoveryUnknown: 0},
};

test('each engine given is run by its plan and reported at its index; an engine no longer configured fails alone', async () => {
	const store = createAppStore(initialState({host: 'unix:///one.sock', columns: 100, rows: 30, now: 0}));
	const plans: FleetEnginePlan[] = [
		{engine: 'gone', host: 'unix:///gone.sock', plan: nothingToDo},
		{engine: 'default', host: 'unix:///one.sock', plan: nothingToDo},
	];
	const dialog: FleetKeepDialog = {
		kind: 'fleet-keep',
		keep: 1,
		phase: 'running',
		plans,
		skipped: [],
		focus: 'cancel',
		scroll: 0,
		outcomes: plans.map(entry => ({engine: entry.engine, state: 'waiting', results: [], error: null})),
	};
	store.dispatch({type: 'dialog-open', dialog});
	const removals: string[] = [];
	const actions = createFleetActions(store, {
		env: {DOCKER_CONFIG: tempDir('dsw-fleet-keep-'), DOCKER_HOST: 'unix:///one.sock'},
		query: async () => ({images: [], containers: []}),
		removal: target => {
			removals.push(target.host);
			return {} as RemovalEngine;
		},
	});
	// The engines configured now: `default` only.
	actions.refresh();
	actions.runKeep(plans);
	await vi.waitFor(() => expect((store.getState().dialog as FleetKeepDialog).phase).toBe('done'));
	expect((store.getState().dialog as FleetKeepDialog).outcomes).toEqual([
		{engine: 'gone', state: 'failed', results: [], error: 'this engine is no longer configured'},
		{engine: 'default', state: 'done', results: [], error: null},
	]);
	expect(removals).toEqual(['unix:///one.sock']);
});
