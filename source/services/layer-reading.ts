// Reads the image a layers view shows from the engine's archive, with its progress (bytes read,
// at most ~10 updates a second) and its analysis, into that view. One read at a time: a new one,
// or leaving the view, cancels the last, which closes the engine's stream. Reads are kept per
// image ID for the session (engine/image-files.ts), so coming back is instant.
import type {EngineClient} from '../engine/connect';
import {ImageReadCancelled, readImageFiles} from '../engine/image-files';
import {engineMessage} from '../engine/errors';
import {ImageArchiveError} from '../engine/image-archive';
import {analyseImage} from '../domain/layer-analysis';
import type {Store} from '../state/store';
import type {LayersDialog} from '../state/types';
import {logError} from './log';

export type LayerReading = {readonly read: (imageId: string) => void; readonly cancel: () => void};

const progressIntervalMs = 100;

export function createLayerReading(store: Store, docker: () => EngineClient | null): LayerReading {
	let current: AbortController | null = null;
	const cancel = () => {
		current?.abort();
		current = null;
	};
	return {
		cancel,
		read(imageId) {
			cancel();
			const engine = docker();
			if (!engine) return;
			const controller = new AbortController();
			current = controller;
			const update = (patch: Partial<LayersDialog>) => {
				const {dialog} = store.getState();
				if (dialog?.kind === 'layers' && dialog.imageId === imageId && !controller.signal.aborted) store.dispatch({type: 'dialog-update', kind: 'layers', patch});
			};
			let shown = 0;
			const onProgress = (bytes: number) => {
				if (Date.now() - shown < progressIntervalMs) return;
				shown = Date.now();
				const {dialog} = store.getState();
				if (dialog?.kind === 'layers' && dialog.reading) update({reading: {...dialog.reading, bytes}});
			};
			readImageFiles(engine, imageId, {signal: controller.signal, onProgress}).then(
				files => update({reading: null, files, analysis: analyseImage(files)}),
				(error: unknown) => {
					if (error instanceof ImageReadCancelled) return;
					if (!(error instanceof ImageArchiveError)) logError('image layers', error);
					update({reading: null, error: error instanceof ImageArchiveError ? error.message : engineMessage(error)});
				},
			);
		},
	};
}
