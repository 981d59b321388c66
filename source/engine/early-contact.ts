// A connection to an engine: the first lists (asked without dockerode, see first-lists.ts) and a
// dockerode client pinned to the API version both sides speak, for everything after them.
import {engineDeadlineMs} from './call-deadline';
import {pinnedEngine, type Engine} from './connect';
import {firstListLimits, requestFirstLists, type FirstLists} from './first-lists';
import type {EngineTarget} from './target';
import type {ContainerInfo, ImageInfo} from '../domain/types';

export type FirstContact = {
	readonly engine: Engine;
	readonly lists: {images: ImageInfo[]; containers: ContainerInfo[]};
	/** Engine time (unix seconds) by which the lists were taken: the event stream replays from there. */
	readonly since?: number;
};

/** `deadlineMs`: how long each later one-answer call may wait for the engine (call-deadline.ts). */
export function firstContactOf(target: EngineTarget, lists: FirstLists, deadlineMs?: number): FirstContact {
	return {engine: pinnedEngine(target, lists.version, deadlineMs), lists: {images: lists.images, containers: lists.containers}, since: lists.since};
}

/** `env` gives the waits (first-lists.ts); `onAnswer` runs when the engine is there and still listing. */
export async function contactEngine(target: EngineTarget, env: NodeJS.ProcessEnv = process.env, onAnswer?: () => void): Promise<FirstContact> {
	return firstContactOf(target, await requestFirstLists(target, firstListLimits(env), onAnswer), engineDeadlineMs(env));
}
