// Long-running work the UI asks for. Results come back as reports to the dialog's flow; progress
// at most ~10/s.
import type {EngineClient} from '../engine/connect';
import {shortId} from '../domain/format';
import {classifyContainerError, engineMessage} from '../engine/errors';
import {imageHistory, imagePlatform, removalEngine, removeContainer, startContainer, stopContainer, tagImage} from '../engine/operations';
import type {Store} from '../state/store';
import type {DialogReports, ReportedKind} from '../state/types';
import type {ContainerAction} from '../domain/container-action';
import type {RemovalPlan, RemovalTarget} from '../domain/removal-plan';
import type {Progress, StepResult} from '../domain/step-result';
import {dialogReport} from '../state/dialog-report';
import type {ContainerInfo, DiskUsage, ImageInfo} from '../domain/types';
import type {BuildCachePrune, BuildCachePruneOutcome} from '../domain/build-cache';
import {BuildCacheError, pruneBuildCache} from '../engine/build-cache';
import {splitRepoTag} from '../domain/image-rows';
import {retagIntoNamespace, type TagSource, type TagTarget} from '../domain/tagging';
import {validateTagTarget} from '../domain/reference';
import {logError} from './log';
import {executeRemoval} from './removal';
import {layersFor} from '../engine/layers';
import {createLayerReading} from './layer-reading';

export type ImageJobs = {
	/** Runs a removal plan, step by step, as the user confirmed it. */
	readonly runRemoval: (plan: RemovalPlan) => void;
	readonly loadHistory: (imageId: string) => void;
	/** Reads the platform the engine holds for the image the details view shows. */
	readonly loadPlatform: (imageId: string) => void;
	/**
	 * Reads the layers of the images a delete plan for `targets` takes (`uniqueSizes`: /system/df's
	 * figures when known); the plan's bytes become exact (or stay a floor).
	 */
	readonly loadLayers: (targets: readonly RemovalTarget[], images: readonly ImageInfo[], uniqueSizes: ReadonlyMap<string, number> | null) => void;
	/** `forced`: a running container is stopped before it is removed (the user typed its name). */
	readonly runContainerAction: (action: ContainerAction, containers: readonly ContainerInfo[], forced: boolean) => void;
	readonly runTag: (sources: readonly TagSource[], target: TagTarget) => void;
	/** Asks for the engine's disk figures (the housekeeping menu shows them), once; re-lists then keep them fresh. */
	readonly measureDisk: () => void;
	/** Prunes the build cache; the build-cache dialog then shows what the engine did and the cache after it. */
	readonly pruneBuildCache: (prune: BuildCachePrune) => void;
	/** Reads an image's archive for the layers view; `cancelLayers` stops it and closes the engine's stream. */
	readonly readLayers: (imageId: string) => void;
	/** Reads two images' archives for the versions view's diff; `cancelLayers` stops it too. */
	readonly readDiff: (before: string, after: string) => void;
	readonly cancelLayers: () => void;
};

/** Passes progress on at most every `intervalMs`, always including the last one. */
export function throttleProgress(send: (progress: Progress) => void, intervalMs = 100): {push: (progress: Progress) => void; flush: () => void} {
	let last = 0;
	let pending: Progress | null = null;
	return {
		push(progress) {
			pending = progress;
			if (Date.now() - last >= intervalMs) {
				last = Date.now();
				send(progress);
				pending = null;
			}
		},
		flush() {
			if (pending) send(pending);
			pending = null;
		},
	};
}

/** Images on the engine up to which a delete plan asks /system/df for exact sizes (~65 ms of engine CPU at 1,000). */
export const diskForPlanLimit = 1000;

const repositoryAndTag = (reference: string): [string, string] => {
	const {repository, tag} = splitRepoTag(reference);
	return [repository, tag];
};

/**
 * `holdRelists` pauses event-driven re-lists during a bulk operation and returns the release;
 * `measureDisk` gives the engine's disk figures, asking for them only if they are not known yet.
 */
export function createImageJobs(
	store: Store,
	docker: () => EngineClient | null,
	holdRelists: () => () => void = () => () => undefined,
	measureDisk: () => Promise<DiskUsage | null> = async () => null,
	refreshDisk: () => Promise<DiskUsage | null> = async () => null,
): ImageJobs {
	const containerNames = () => new Map(store.getState().containers.map(container => [container.id.slice(0, 12), container.name]));
	const report = <K extends ReportedKind>(kind: K, value: DialogReports[K]) => store.dispatch(dialogReport(kind, value));
	const layerReading = createLayerReading(store, docker);
	return {
		readLayers: layerReading.read,
		readDiff: layerReading.diff,
		cancelLayers: layerReading.cancel,
		runRemoval(plan) {
			const engine = docker();
			if (!engine) return;
			report('delete', {type: 'progress', progress: {done: 0, total: plan.steps.length, current: ''}});
			const progress = throttleProgress(value => report('delete', {type: 'progress', progress: value}));
			const release = holdRelists();
			const finish = (results: readonly StepResult[]) => {
				release();
				progress.flush();
				report('delete', {type: 'done', results});
			};
			// Each step catches its own engine errors; a throw here is anything else, and it must
			// still end the dialog (and give back the held re-lists) rather than leave it running.
			executeRemoval(removalEngine(engine), plan, {containerNames: containerNames(), onProgress: progress.push}).then(finish, (error: unknown) => {
				logError('removal', error);
				finish([{label: 'removal', status: 'failed', message: `stopped before the end: ${engineMessage(error)}`}]);
			});
		},
		loadLayers(targets, images, knownSizes) {
			const engine = docker();
			if (!engine) return;
			const wanted = new Set(targets.map(target => target.imageId));
			// Disk figures not measured yet (they are not asked at start): the plan asks for them, on
			// an engine where that is cheap. Above that, /system/df costs the engine about as much as
			// the removal it would slow down (1.3 s of CPU at 10,000 images, for a plan often
			// confirmed at once): the figure stays a floor unless disk use was measured already.
			const sizes = knownSizes
				? Promise.resolve(knownSizes)
				: store.getState().images.length > diskForPlanLimit
					? Promise.resolve(null)
					: measureDisk().then(disk => {
							if (disk) report('delete', {type: 'sizes', targets, uniqueSizes: disk.uniqueSizes});
							return disk?.uniqueSizes ?? null;
						});
			// /system/df's per-image shared bytes (size − unique): an image sharing nothing needs no reading.
			const sharedOf = (uniqueSizes: ReadonlyMap<string, number> | null) =>
				new Map(
					images.flatMap(image => {
						const unique = uniqueSizes?.get(image.id);
						return unique === undefined ? [] : [[image.id, image.size - unique] as const];
					}),
				);
			// The dialog reads at most a few hundred images' layers (two requests each, while the user
			// reads the plan); beyond that the figure stays a floor. `dockswab plan` reads them all.
			sizes
				.then(uniqueSizes => layersFor(engine, images, wanted, sharedOf(uniqueSizes), 4, 300))
				.then(
					layers => report('delete', {type: 'layers', targets, layers}),
					(error: unknown) => {
						logError('layers', error);
						report('delete', {type: 'layers', targets, layers: null});
					},
				);
		},
		loadHistory(imageId) {
			const engine = docker();
			if (!engine) return;
			imageHistory(engine, imageId).then(
				history => report('details', {type: 'history', history}),
				(error: unknown) => {
					logError('history', error);
					report('details', {type: 'history-failed', message: engineMessage(error)});
				},
			);
		},
		loadPlatform(imageId) {
			const engine = docker();
			if (!engine) return;
			const answer = (platform: string | null) => report('details', {type: 'local-platform', imageId, platform});
			imagePlatform(engine, imageId).then(answer, (error: unknown) => {
				logError('image platform', error);
				answer(null);
			});
		},
		runTag(sources, target) {
			const engine = docker();
			if (!engine) return;
			// Validated again here: nothing reaches the engine that the grammar refuses.
			const jobs =
				sources.length === 1
					? [{source: sources[0]!, check: validateTagTarget(target.repository.trim(), target.tag.trim())}]
					: retagIntoNamespace(sources, target.namespace).map(preview => ({
							source: {imageId: preview.imageId, reference: preview.source},
							check: preview.error ? ({ok: false, reason: preview.error} as const) : validateTagTarget(...repositoryAndTag(preview.target)),
						}));
			void (async () => {
				const results: StepResult[] = [];
				for (const {source, check} of jobs) {
					if (!check.ok) {
						results.push({label: source.reference, status: 'failed', message: check.reason});
						continue;
					}
					try {
						await tagImage(engine, source.imageId, ...repositoryAndTag(check.reference));
						results.push({label: check.reference, status: 'tagged', message: `tagged (from ${source.reference})`});
					} catch (error) {
						logError(`tag ${check.reference}`, error);
						results.push({label: check.reference, status: 'failed', message: engineMessage(error)});
					}
				}
				report('tag', {type: 'done', results});
			})();
		},
		measureDisk() {
			void measureDisk();
		},
		pruneBuildCache(prune) {
			const engine = docker();
			if (!engine) return;
			const before = store.getState().disk?.buildCache?.bytes ?? null;
			void (async () => {
				let outcome: BuildCachePruneOutcome;
				try {
					const pruned = await pruneBuildCache(engine, prune);
					const after = await refreshDisk();
					outcome = {kind: 'pruned', pruned, before, after: after?.buildCache ?? null};
				} catch (error) {
					logError('build cache prune', error);
					outcome = {kind: 'failed', message: error instanceof BuildCacheError ? error.message : engineMessage(error)};
				}
				report('build-cache', {type: 'done', outcome});
			})();
		},
		runContainerAction(action, containers, forced) {
			const engine = docker();
			if (!engine) return;
			report('containers', {type: 'progress', progress: {done: 0, total: containers.length, current: ''}});
			void (async () => {
				const results: StepResult[] = [];
				for (const [index, container] of containers.entries()) {
					const label = container.name || shortId(container.id);
					report('containers', {type: 'progress', progress: {done: index, total: containers.length, current: label}});
					try {
						if (action === 'stop') {
							await stopContainer(engine, container.id);
							results.push({label, status: 'stopped', message: 'stopped'});
						} else if (action === 'start') {
							await startContainer(engine, container.id);
							results.push({label, status: 'started', message: 'started'});
						} else {
							// The engine decides whether it still runs (the list may be a moment old); only a
							// name typed by the user stops it first.
							if (forced) await stopContainer(engine, container.id);
							await removeContainer(engine, container.id);
							results.push({label, status: 'removed', message: 'removed'});
						}
					} catch (error) {
						const classified = classifyContainerError(error);
						if (classified.kind === 'unchanged') {
							results.push({label, status: 'skipped', message: action === 'stop' ? 'not running' : 'already running'});
							continue;
						}
						logError(`${action} ${label}`, error);
						results.push({label, status: 'failed', message: classified.message});
					}
				}
				report('containers', {type: 'done', results});
			})();
		},
	};
}
