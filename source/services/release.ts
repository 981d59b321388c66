// Runs one step of a release - tag or build, push, move the floating tag, push it - and reports
// how it ended; the release flow decides what runs next (the next step, a stop, nothing after a
// failure). Each push and build is an operation of the runner, so O lists it.
import {buildImage} from '../engine/build';
import type {EngineClient} from '../engine/connect';
import {tagImage} from '../engine/operations';
import {pushImage, registryAuthHeader} from '../engine/transfer';
import {parseReference} from '../domain/reference';
import type {ReleaseJob} from '../domain/release-job';
import {dockerHubKey, getCredential} from '../registry/credentials';
import type {Store} from '../state/store';
import {dialogReport} from '../state/dialog-report';
import {isActiveOperation} from '../state/selectors';
import type {Operation} from '../state/types';
import type {OperationRunner} from './operations';
import {logError} from './log';

/** Runs the step at `index` of the release as the flow left it (its steps, the image released so far). */
export type ReleaseActions = {readonly run: (release: ReleaseJob, index: number) => void};

/** Resolves when the operation has ended, whichever way. */
function ended(store: Store, id: number): Promise<Operation> {
	return new Promise(resolve => {
		const check = () => {
			const operation = store.getState().operations.find(candidate => candidate.id === id);
			if (operation && !isActiveOperation(operation)) {
				unsubscribe();
				resolve(operation);
			}
		};
		const unsubscribe = store.subscribe(check);
		check();
	});
}

export function createReleaseActions(store: Store, runner: OperationRunner, docker: () => EngineClient | null, configDir: string): ReleaseActions {
	return {
		run(release, index) {
			const engine = docker();
			const step = release.steps[index];
			if (!engine || !step) return;
			const {version} = release;
			const parsed = parseReference(release.repository);
			const server = parsed.ok && parsed.reference.domain && parsed.reference.domain !== 'docker.io' ? parsed.reference.domain : dockerHubKey;
			let imageId = release.releasedImageId;
			const operation = async (id: number): Promise<Operation> => {
				const result = await ended(store, id);
				if (result.state !== 'done') throw new Error(result.error?.message ?? result.state);
				return result;
			};
			const push = async (tag: string): Promise<string> => {
				const auth = registryAuthHeader(await getCredential(configDir, server), server);
				const id = runner.start('push', `push ${release.repository}:${tag}`, (signal, report) => pushImage(engine, release.repository, tag, auth, report.line, signal));
				return (await operation(id)).digest ?? '';
			};
			const runStep = async (): Promise<string> => {
				if (step.kind === 'tag') {
					await tagImage(engine, release.sourceImageId, release.repository, version);
					imageId = release.sourceImageId;
					return 'tagged';
				}
				if (step.kind === 'build') {
					const id = runner.start('build', `build ${release.repository}:${version}`, async (signal, report) => ({
						imageId: (await buildImage(engine, release.context, 'Dockerfile', `${release.repository}:${version}`, report.line, signal)).imageId,
					}));
					imageId = (await operation(id)).imageId;
					return imageId ? `built ${imageId.slice(0, 12)}` : 'built';
				}
				if (step.kind === 'move') {
					if (!imageId || !release.floating) throw new Error('the new version has no image yet');
					await tagImage(engine, imageId, release.repository, release.floating);
					return `${release.floating} → ${version}`;
				}
				return `digest ${await push(step.kind === 'push' ? version : release.floating!)}`;
			};
			runStep().then(
				detail => store.dispatch(dialogReport('release', {type: 'step-done', index, detail, releasedImageId: imageId})),
				(error: unknown) => {
					logError(`release step ${step.label}`, error);
					const reason = error instanceof Error ? error.message : String(error);
					const kept = step.kind === 'push' ? `; ${release.repository}:${version} stays local` : '';
					store.dispatch(dialogReport('release', {type: 'step-failed', index, detail: `${reason}${kept}`}));
				},
			);
		},
	};
}
