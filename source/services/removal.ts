// Carries out a removal plan: containers first, then untags, then deletes level by level
// (children before parents), a few at a time. Never adds force the plan did not choose.
import type {EngineClient} from '../engine/connect';
import type {RemovalPlan, RemovalStep} from '../domain/removal-plan';
import {containerLabel} from '../domain/removal-plan';
import {shortId} from '../domain/format';
import {classifyRemoveError, engineMessage} from '../engine/errors';
import {removeContainer, removeImage} from '../engine/operations';
import {logError} from './log';

import type {Progress, StepResult} from '../state/types';

export function stepLabel(step: RemovalStep): string {
	if (step.kind === 'remove-container') return `container ${containerLabel(step.container)}`;
	if (step.kind === 'untag') return step.reference;
	return step.name === step.imageId ? shortId(step.imageId) : step.name;
}

/**
 * A 409 names its blocker by ID; a container made a moment ago may not be in our lists yet,
 * so ask the engine for its name rather than show a bare ID.
 */
async function withBlockerName(docker: EngineClient, error: unknown, names: ReadonlyMap<string, string>): Promise<ReadonlyMap<string, string>> {
	const id = /container ([0-9a-f]{12,})/.exec(engineMessage(error))?.[1];
	if (!id || names.has(id.slice(0, 12))) return names;
	try {
		const info = await docker.getContainer(id).inspect();
		return new Map([...names, [id.slice(0, 12), info.Name.replace(/^\//, '')]]);
	} catch {
		return names;
	}
}

async function runPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const item = items[next++]!;
			await work(item);
		}
	};
	await Promise.all(Array.from({length: Math.min(concurrency, items.length)}, worker));
}

export async function executeRemoval(
	docker: EngineClient,
	plan: RemovalPlan,
	options: {concurrency?: number; containerNames?: ReadonlyMap<string, string>; onProgress?: (progress: Progress) => void; signal?: AbortSignal},
): Promise<StepResult[]> {
	// 8 at a time: measured against 1 and 4 on 200 deletes (739, 478, 421 ms; one docker rmi: 666 ms).
	const concurrency = options.concurrency ?? 8;
	const results: StepResult[] = [];
	let done = 0;
	const total = plan.steps.length;
	const run = async (step: RemovalStep) => {
		const label = stepLabel(step);
		if (options.signal?.aborted) {
			results.push({label, status: 'failed', message: 'cancelled before it started'});
			return;
		}
		options.onProgress?.({done, total, current: label});
		try {
			if (step.kind === 'remove-container') {
				await removeContainer(docker, step.container.id);
				results.push({label, status: 'removed', message: 'removed'});
			} else {
				const answer = await removeImage(docker, step.kind === 'untag' ? step.reference : step.name, step.kind === 'delete' && step.force);
				const deleted = answer.deleted.length > 0;
				results.push({label, status: deleted ? 'deleted' : 'untagged', message: deleted ? `deleted${step.kind === 'delete' && step.force ? ' (forced)' : ''}` : 'untagged'});
			}
		} catch (error) {
			logError(`remove ${label}`, error);
			const names = await withBlockerName(docker, error, options.containerNames ?? new Map());
			results.push({label, status: 'failed', message: classifyRemoveError(error, names).message});
		}
		done++;
		options.onProgress?.({done, total, current: label});
	};
	const phases: RemovalStep[][] = [
		plan.steps.filter(step => step.kind === 'remove-container'),
		plan.steps.filter(step => step.kind === 'untag'),
	];
	const deletes = plan.steps.filter(step => step.kind === 'delete');
	for (const level of [...new Set(deletes.map(step => step.level))].sort((a, b) => a - b)) {
		phases.push(deletes.filter(step => step.level === level));
	}
	for (const phase of phases) await runPool(phase, concurrency, run);
	return results;
}
