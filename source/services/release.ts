// Runs a release's steps in order: tag or build, push, move the floating tag, push it. Each push
// and build is an operation of the runner (so O lists it); the dialog shows each step as it runs.
// A stop request is honoured between steps; a failed step leaves the finished ones as they are.
import {buildImage} from '../engine/build';
import type {EngineClient} from '../engine/connect';
import {tagImage} from '../engine/operations';
import {pushImage, registryAuthHeader} from '../engine/transfer';
import {parseReference} from '../domain/reference';
import {dockerHubKey, getCredential} from '../registry/credentials';
import {releaseVersion} from '../state/flows/release';
import type {Store} from '../state/store';
import {dialogReport} from '../state/dialog-report';
import type {Operation, ReleaseDialog, ReleaseStep} from '../state/types';
import type {OperationRunner} from './operations';
import {logError} from './log';

export type ReleaseActions = {readonly run: (dialog: ReleaseDialog, from: number) => void};

/** Resolves when the operation has ended, whichever way. */
function ended(store: Store, id: number): Promise<Operation> {
	return new Promise(resolve => {
		const check = () => {
			const operation = store.getState().operations.find(candidate => candidate.id === id);
			if (operation && operation.state !== 'queued' && operation.state !== 'running') {
				unsubscribe();
				resolve(operation);
			}
		};
		const unsubscribe = store.subscribe(check);
		check();
	});
}

export function createReleaseActions(store: Store, runner: OperationRunner, docker: () => EngineClient | null, configDir: string): ReleaseActions {
	const current = (): ReleaseDialog | null => {
		const {dialog} = store.getState();
		return dialog?.kind === 'release' ? dialog : null;
	};

	return {
		run(started, from) {
			const engine = docker();
			if (!engine) return;
			const version = releaseVersion(started);
			const parsed = parseReference(started.repository);
			const server = parsed.ok && parsed.reference.domain && parsed.reference.domain !== 'docker.io' ? parsed.reference.domain : dockerHubKey;
			const {steps} = started;
			let imageId = started.releasedImageId;
			const setStep = (index: number, state: ReleaseStep['state'], detail: string) =>
				store.dispatch(dialogReport('release', {type: 'step', index, state, detail, releasedImageId: imageId}));
			const operation = async (id: number): Promise<Operation> => {
				const result = await ended(store, id);
				if (result.state !== 'done') throw new Error(result.error?.message ?? result.state);
				return result;
			};
			const push = async (tag: string): Promise<string> => {
				const auth = registryAuthHeader(await getCredential(configDir, server), server);
				const id = runner.start('push', `push ${started.repository}:${tag}`, (signal, report) => pushImage(engine, started.repository, tag, auth, report.line, signal));
				return (await operation(id)).digest ?? '';
			};
			void (async () => {
				for (let index = from; index < steps.length; index++) {
					if (current()?.stopRequested) {
						store.dispatch(dialogReport('release', {type: 'stopped', from: index}));
						return;
					}
					const step = steps[index]!;
					setStep(index, 'running', '');
					try {
						if (step.kind === 'tag') {
							await tagImage(engine, started.sourceImageId, started.repository, version);
							imageId = started.sourceImageId;
							setStep(index, 'done', 'tagged');
						} else if (step.kind === 'build') {
							const id = runner.start('build', `build ${started.repository}:${version}`, async (signal, report) => ({imageId: (await buildImage(engine, started.context, 'Dockerfile', `${started.repository}:${version}`, report.line, signal)).imageId}));
							imageId = (await operation(id)).imageId;
							setStep(index, 'done', imageId ? `built ${imageId.slice(0, 12)}` : 'built');
						} else if (step.kind === 'move') {
							if (!imageId || !started.floating) throw new Error('the new version has no image yet');
							await tagImage(engine, imageId, started.repository, started.floating);
							setStep(index, 'done', `${started.floating} → ${version}`);
						} else {
							const tag = step.kind === 'push' ? version : started.floating!;
							setStep(index, 'done', `digest ${await push(tag)}`);
						}
					} catch (error) {
						logError(`release step ${step.label}`, error);
						const reason = error instanceof Error ? error.message : String(error);
						const kept = step.kind === 'push' ? `; ${started.repository}:${version} stays local` : '';
						setStep(index, 'failed', `${reason}${kept}`);
						return;
					}
				}
				store.dispatch(dialogReport('release', {type: 'done'}));
			})();
		},
	};
}
