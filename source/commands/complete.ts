// `dockswab __complete images|contexts PREFIX`: what the completion scripts ask when Tab is
// pressed, one candidate a line. A shell waits for this answer, so the engine gets a short time,
// and any failure (no engine, a context that does not exist, a timeout) is an empty answer:
// completion never prints an error into the line being typed.
import {completionCommands, type CompletionTopic} from '../cli-args';
import {completionNeed} from '../completion/need';
import {unversionedClient, withTimeout} from '../engine/connect';
import {listDockerContexts} from '../engine/contexts';
import {listImages} from '../engine/lists';
import {resolveEngineTarget} from '../engine/target';
import {realTags} from '../domain/image-rows';
import {compareText} from '../domain/compare';
import {logError} from '../services/log';

/** Long enough for a local or LAN engine, short enough that a dead one does not freeze the prompt. */
export const completionWaitMs = 1000;

type Request = {readonly what: CompletionTopic; readonly prefix: string; readonly context?: string; readonly host?: string};

async function imageReferences(env: NodeJS.ProcessEnv, request: Request): Promise<string[]> {
	const target = resolveEngineTarget(request.host ? {...env, DOCKER_HOST: request.host} : env, request.context);
	const images = await withTimeout(listImages(unversionedClient(target, completionWaitMs)), completionWaitMs, 'the engine');
	return images.flatMap(realTags);
}

/** The candidates starting with the prefix, sorted, each once; none when anything failed. */
export async function completionCandidates(env: NodeJS.ProcessEnv, request: Request): Promise<string[]> {
	let words: string[];
	try {
		words = request.what === 'contexts' ? listDockerContexts(env).map(context => context.name) : await imageReferences(env, request);
	} catch (error) {
		logError('completion', error);
		return [];
	}
	return [...new Set(words.filter(word => word.startsWith(request.prefix)))].sort(compareText);
}

/** cobra's ShellCompDirectiveNoFileComp: the shell offers no file names when the list is empty. */
const noFileCompletion = ':4';

/**
 * The answer to docker's own completion for `docker swab …`: candidates one a line, then the
 * directive line docker's completion scripts (cobra) read. `typed`: the words after `swab`.
 */
export async function dockerCompletionAnswer(env: NodeJS.ProcessEnv, typed: readonly string[]): Promise<string> {
	const need = completionNeed(completionCommands(), typed);
	const prefix = typed.at(-1) ?? '';
	let candidates: readonly string[] = [];
	if (need.kind === 'words') candidates = need.words.filter(word => word.startsWith(prefix));
	else if (need.kind === 'contexts') candidates = await completionCandidates(env, {what: 'contexts', prefix});
	else if (need.kind === 'images') candidates = await completionCandidates(env, {what: 'images', prefix, host: need.host, context: need.context});
	return `${[...candidates, noFileCompletion].join('\n')}\n`;
}
