// Reads the image a layers view shows from the engine's archive, with its progress (bytes read,
// at most ~10 updates a second) and its analysis, into that view; or the two images a diff view
// compares, one after the other, and their diff. One read at a time: a new one, or leaving the
// view, cancels the last, which closes the engine's stream. Reads are kept per image ID for the
// session (engine/image-files.ts), so coming back is instant.
import type {EngineClient} from '../engine/connect';
import {ImageReadCancelled, readImageFiles} from '../engine/image-files';
import {engineMessage} from '../engine/errors';
import {ImageArchiveError} from '../engine/image-archive';
import {analyseImage} from '../domain/layer-analysis';
import {diffImages} from '../domain/image-diff';
import type {Store} from '../state/store';
import {dialogReport} from '../state/dialog-report';
import type {DialogReports} from '../state/types';
import {logError} from './log';

export type LayerReading = {readonly read: (imageId: string) => void; readonly diff: (before: string, after: string) => void; readonly cancel: () => void};

/** An error as the view shows it: the archive's own words, else the engine's (logged). */
function failureText(error: unknown): string {
	if (error instanceof ImageArchiveError) return error.message;
	logError('image layers', error);
	return engineMessage(error);
}

const progressIntervalMs = 100;

export function createLayerReading(store: Store, docker: () => EngineClient | null): LayerReading {
	let current: AbortController | null = null;
	const cancel = () => {
		current?.abort();
		current = null;
	};
	/** A new read: the last one cancelled, progress throttled, the engine's client; null without an engine. */
	const start = () => {
		cancel();
		const engine = docker();
		if (!engine) return null;
		const controller = new AbortController();
		current = controller;
		let shown = 0;
		const throttled = (report: () => void) => {
			if (Date.now() - shown < progressIntervalMs) return;
			shown = Date.now();
			report();
		};
		return {engine, signal: controller.signal, throttled};
	};
	return {
		cancel,
		read(imageId) {
			const read = start();
			if (!read) return;
			// The view's flow drops a report for another image; a cancelled read reports nothing more.
			const report = (value: DialogReports['layers']) => {
				if (!read.signal.aborted) store.dispatch(dialogReport('layers', value));
			};
			const onProgress = (bytes: number) => read.throttled(() => report({type: 'progress', imageId, bytes}));
			readImageFiles(read.engine, imageId, {signal: read.signal, onProgress}).then(
				files => report({type: 'read', imageId, files, analysis: analyseImage(files)}),
				(error: unknown) => {
					if (!(error instanceof ImageReadCancelled)) report({type: 'failed', imageId, message: failureText(error)});
				},
			);
		},
		diff(before, after) {
			const read = start();
			if (!read) return;
			const report = (value: DialogReports['image-diff']) => {
				if (!read.signal.aborted) store.dispatch(dialogReport('image-diff', value));
			};
			// The second image's bytes count on from the first's.
			let firstBytes = 0;
			const progress = (offset: number) => (bytes: number) => read.throttled(() => report({type: 'progress', before, after, bytes: offset + bytes}));
			readImageFiles(read.engine, before, {
				signal: read.signal,
				onProgress: bytes => {
					firstBytes = bytes;
					progress(0)(bytes);
				},
			})
				.then(first => readImageFiles(read.engine, after, {signal: read.signal, onProgress: progress(firstBytes)}).then(second => diffImages(first, second)))
				.then(
					diff => report({type: 'done', before, after, diff}),
					(error: unknown) => {
						if (!(error instanceof ImageReadCancelled)) report({type: 'failed', before, after, message: failureText(error)});
					},
				);
		},
	};
}
