// The delete plan's sizes: /system/df is not asked at start, so the plan asks for it when it needs it.
import {expect, test, vi} from 'vitest';
import type {EngineClient} from '../../source/engine/connect';
import {createImageJobs, diskForPlanLimit} from '../../source/services/image-jobs';
import {deleteDialog} from '../../source/state/dialogs';
import {initialState} from '../../source/state/reducer';
import {createAppStore} from '../../source/ui/dialogs/dialog-table';
import type {DeleteDialog} from '../../source/state/flows/delete-types';
import type {DiskUsage} from '../../source/domain/types';

const imageId = 'a'.repeat(64);

/** One image of one 100-byte layer, as inspect and history tell it. */
const docker = {
	getImage: () => ({
		inspect: async () => ({RootFS: {Layers: [`sha256:${'1'.repeat(64)}`]}, Size: 100}),
		history: async () => [{CreatedBy: '/bin/sh -c #(nop) ADD file:x in /', Size: 100}],
	}),
} as unknown as EngineClient;

function openPlan(disk: DiskUsage | null, others = 0) {
	const store = createAppStore(initialState({host: 'h', columns: 100, rows: 30, now: 0}));
	const image = {id: imageId, parentId: '', repoTags: ['solo:1'], repoDigests: [], created: 1, size: 100, labels: {}};
	const more = Array.from({length: others}, (_, index) => ({...image, id: index.toString(16).padStart(64, 'b'), repoTags: [`many:${index}`]}));
	store.dispatch({type: 'connected', host: 'h', engineVersion: '20.10', apiVersion: '1.41', product: 'Docker', images: [image, ...more], containers: []});
	if (disk) store.dispatch({type: 'disk', disk});
	const dialog = deleteDialog(store.getState(), 'Delete 1 reference', [{imageId, reference: 'solo:1'}]);
	store.dispatch({type: 'dialog-open', dialog});
	return {store, dialog};
}

const measured: DiskUsage = {imagesBytes: 100, reclaimableBytes: 100, containersBytes: 0, uniqueSizes: new Map([[imageId, 100]]), buildCache: null};
const shown = (store: ReturnType<typeof openPlan>['store']) => store.getState().dialog as DeleteDialog;

test('a plan opened before the disk figures were measured asks for them, then reads the layers', async () => {
	const {store, dialog} = openPlan(null);
	expect(dialog.uniqueSizes).toBeNull();
	const measureDisk = vi.fn(async () => measured);
	createImageJobs(store, () => docker, undefined, measureDisk).loadLayers(dialog.targets, dialog.images, dialog.uniqueSizes);
	await vi.waitFor(() => expect(shown(store).bytes).toBe('exact'));
	expect(measureDisk).toHaveBeenCalledTimes(1);
	expect(shown(store).uniqueSizes).toBe(measured.uniqueSizes);
});

test('a plan opened with the figures known asks nothing more of /system/df', async () => {
	const {store, dialog} = openPlan(measured);
	const measureDisk = vi.fn(async () => measured);
	createImageJobs(store, () => docker, undefined, measureDisk).loadLayers(dialog.targets, dialog.images, dialog.uniqueSizes);
	await vi.waitFor(() => expect(shown(store).bytes).toBe('exact'));
	expect(measureDisk).not.toHaveBeenCalled();
});

test('when measuring fails the layers are still read, as without the figures', async () => {
	const {store, dialog} = openPlan(null);
	createImageJobs(
		store,
		() => docker,
		undefined,
		async () => null,
	).loadLayers(dialog.targets, dialog.images, dialog.uniqueSizes);
	await vi.waitFor(() => expect(shown(store).bytes).toBe('exact'));
	expect(shown(store).uniqueSizes).toBeNull();
});

test('on an engine with more images than that, the plan does not ask /system/df: its figure stays a floor', async () => {
	const {store, dialog} = openPlan(null, diskForPlanLimit);
	const measureDisk = vi.fn(async () => measured);
	createImageJobs(store, () => docker, undefined, measureDisk).loadLayers(dialog.targets, dialog.images, dialog.uniqueSizes);
	await vi.waitFor(() => expect(shown(store).bytes).not.toBe('counting'));
	expect(measureDisk).not.toHaveBeenCalled();
	expect(shown(store).uniqueSizes).toBeNull();
});
