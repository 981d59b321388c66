// cli.tsx imports this module before anything else, so the engine is already answering the first
// requests while Ink, React and the UI are being loaded: the first screen has rows, not a spinner.
import {parseArgs} from '../cli-args';
import {connectEngine, type Engine} from './connect';
import {listAll} from './lists';
import {resolveEngineTarget, type EngineTarget} from './target';
import type {ContainerInfo, ImageInfo} from '../domain/types';

export type FirstContact = {readonly engine: Engine; readonly lists: {images: ImageInfo[]; containers: ContainerInfo[]}};

export function contactEngine(target: EngineTarget): Promise<FirstContact> {
	return connectEngine(target).then(async engine => ({engine, lists: await listAll(engine.docker)}));
}

function startEarly(): {target: EngineTarget; contact: Promise<FirstContact>} | null {
	const options = parseArgs(process.argv.slice(2));
	if (options.kind !== 'run' || !process.stdin.isTTY || !process.stdout.isTTY) return null;
	const env = options.host ? {...process.env, DOCKER_HOST: options.host} : process.env;
	const target = resolveEngineTarget(env, options.context);
	const contact = contactEngine(target);
	// The session reports a failure; until it takes the promise, nothing may count as unhandled.
	contact.catch(() => undefined);
	return {target, contact};
}

export const earlyContact = startEarly();
