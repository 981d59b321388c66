// A connection to an engine: the first lists (asked without dockerode, see first-lists.ts) and a
// dockerode client pinned to the API version both sides speak, for everything after them.
import {engineDeadlineMs} from './call-deadline';
import {pinnedEngine, type Engine} from './connect';
import {containersGraceMs, firstListLimits, requestFirstLists, type FirstContainers, type FirstLists} from './first-lists';
import type {EngineTarget} from './target';
import type {ContainerInfo, ImageInfo} from '../domain/types';

/** `Containers`: both lists in (the headless commands), or the containers possibly still under way (the UI). */
export type FirstContact<Containers extends FirstContainers = FirstContainers> = {
	readonly engine: Engine;
	readonly lists: {images: ImageInfo[]; containers: Containers};
	/** Engine time (unix seconds) by which the lists were taken: the event stream replays from there. */
	readonly since?: number;
};

/** `deadlineMs`: how long each later one-answer call may wait for the engine (call-deadline.ts). */
export function firstContactOf<Containers extends FirstContainers>(target: EngineTarget, lists: FirstLists & {containers: Containers}, deadlineMs?: number): FirstContact<Containers> {
	return {engine: pinnedEngine(target, lists.version, deadlineMs), lists: {images: lists.images, containers: lists.containers}, since: lists.since};
}

/** `env` gives the waits (first-lists.ts); `engines`: how many the command asks at once. Both lists, as the headless commands plan from them. */
export async function contactEngine(target: EngineTarget, env: NodeJS.ProcessEnv = process.env, engines = 1): Promise<FirstContact<ContainerInfo[]>> {
	const lists = await requestFirstLists(target, firstListLimits(env, engines));
	if (!Array.isArray(lists.containers)) throw new Error('the containers were not listed');
	return firstContactOf(target, {...lists, containers: lists.containers}, engineDeadlineMs(env));
}

/** The UI's contact: the images, and the containers if they come soon after; `onAnswer` runs when the engine is there and still listing. */
export async function contactEngineImagesFirst(target: EngineTarget, env: NodeJS.ProcessEnv = process.env, onAnswer?: () => void): Promise<FirstContact> {
	return firstContactOf(target, await requestFirstLists(target, firstListLimits(env), onAnswer, containersGraceMs), engineDeadlineMs(env));
}
