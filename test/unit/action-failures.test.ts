// How the image and container jobs end when the engine or the run does something unplanned: the
// dialog always reaches "done" with a line saying what happened, never stays "running".
import {expect, test, vi} from 'vitest';
import type {EngineClient} from '../../source/engine/connect';
import {createImageJobs} from '../../source/services/image-jobs';
import {containersDialog, deleteDialog, planOf} from '../../source/state/dialogs';
import {initialState} from '../../source/state/reducer';
import {createAppStore} from '../../source/ui/dialogs/dialog-table';
import type {ContainersDialog} from '../../source/state/flows/containers-types';
import type {DeleteDialog} from '../../source/state/flows/delete-types';

const removal = vi.hoisted(() => ({failure: null as Error | null}));

vi.mock('../../source/services/removal', async importOriginal => {
	const original = await importOriginal<typeof import('../../source/services/removal')>();
	return {
		...original,
		executeRemoval: async (...args: Parameters<typeof original.executeRemoval>) => {
			if (removal.failure) throw removal.failure;
			return original.executeRemoval(...args);
		},
	};
});

const imageId = 'a'.repeat(64);
const image = {id: imageId, parentId: '', repoTags: ['solo:1'], repoDigests: [], created: 1, size: 100, labels: {}};
const container = {id: 'c'.repeat(64), name: 'web-1', image: 'solo:1', imageId, state: 'exited' as const, status: 'Exited (0)', created: 1};

function connectedStore() {
	const store = createAppStore(initialState({host: 'h', columns: 100, rows: 30, now: 0}));
	store.dispatch({type: 'connected', host: 'h', engineVersion: '20.10', apiVersion: '1.41', product: 'Docker', images: [image], containers: [container]});
	return store;
}

test('a removal run that throws ends the delete dialog as failed and gives the held re-lists back', async () => {
	removal.failure = new Error('something no step expected');
	try {
		const store = connectedStore();
		const dialog: DeleteDialog = {...deleteDialog(store.getState(), 'Delete 1 reference', [{imageId, reference: 'solo:1'}]), phase: 'running'};
		store.dispatch({type: 'dialog-open', dialog});
		const released = vi.fn();
		createImageJobs(
			store,
			() => ({}) as EngineClient,
			() => released,
		).runRemoval(planOf(dialog));
		await vi.waitFor(() => expect((store.getState().dialog as DeleteDialog).phase).toBe('done'));
		const results = (store.getState().dialog as DeleteDialog).results;
		expect(results[0]).toEqual({label: 'removal', status: 'failed', message: 'stopped before the end: something no step expected'});
		expect(released).toHaveBeenCalledTimes(1);
	} finally {
		removal.failure = null;
	}
});

test('a stop the engine answers 304 to is skipped as "not running", not failed', async () => {
	const notModified = Object.assign(new Error('(HTTP code 304) container already stopped - '), {statusCode: 304});
	const engine = {getContainer: () => ({stop: async () => Promise.reject(notModified)})} as unknown as EngineClient;
	const store = connectedStore();
	const dialog: ContainersDialog = {...containersDialog('stop', [container]), phase: 'running'};
	store.dispatch({type: 'dialog-open', dialog});
	createImageJobs(store, () => engine).runContainerAction(dialog.action, dialog.containers, false);
	await vi.waitFor(() => expect((store.getState().dialog as ContainersDialog).phase).toBe('done'));
	expect((store.getState().dialog as ContainersDialog).results).toEqual([{label: 'web-1', status: 'skipped', message: 'not running'}]);
});
