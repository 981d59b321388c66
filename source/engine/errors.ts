// Engine errors as sentences a user can act on. 409 texts are matched to kinds. Image and
// container calls answer 404 alike, so each kind of object has its own classifier.
import {shortId} from '../domain/format';

export type RemoveErrorKind = 'running-container' | 'stopped-container' | 'children' | 'multiple-repositories' | 'not-found' | 'other';

export type ClassifiedError = {readonly kind: RemoveErrorKind; readonly message: string};

type EngineError = {statusCode?: number; json?: {message?: string} | null; reason?: string; message?: string};

export function engineMessage(error: unknown): string {
	const value = error as EngineError;
	const fromJson = value?.json && typeof value.json === 'object' ? value.json.message : undefined;
	const raw = fromJson ?? value?.message ?? String(error);
	// dockerode prefixes "(HTTP code 409) unexpected - "; the engine's own words follow.
	return raw.replace(/^\(HTTP code \d+\)[^-]*- /, '').trim();
}

export function classifyRemoveError(error: unknown, containerNames: ReadonlyMap<string, string> = new Map()): ClassifiedError {
	const status = (error as EngineError)?.statusCode;
	const text = engineMessage(error);
	const containerMatch = /container ([0-9a-f]{12,})/.exec(text);
	const container = containerMatch ? (containerNames.get(containerMatch[1]!.slice(0, 12)) ?? shortId(containerMatch[1]!)) : 'a container';
	if (/cannot remove a running container/i.test(text)) return {kind: 'running-container', message: 'running: stop it first (x)'};
	if (status === 404 || /no such image/i.test(text)) return {kind: 'not-found', message: 'already gone (no such image)'};
	if (/being used by running container|cannot be forced\) - .*running/.test(text)) return {kind: 'running-container', message: `used by running container ${container}; stop it first`};
	if (/stopped container|is using its referenced image/.test(text)) return {kind: 'stopped-container', message: `used by container ${container} (created after the plan?); remove it first`};
	if (/dependent child images/.test(text)) return {kind: 'children', message: 'has dependent child images'};
	if (/referenced in multiple repositories/.test(text)) return {kind: 'multiple-repositories', message: 'referenced in several repositories; untag them one by one'};
	return {kind: 'other', message: firstLine(text)};
}

function firstLine(text: string): string {
	return text.split('\n')[0] || 'unknown engine error';
}

export type ContainerErrorKind = 'unchanged' | 'running' | 'not-found' | 'other';

/**
 * For stop, start and remove of a container: a 404 there means the container, never an image, and
 * a 304 that there was nothing to do (stop of a stopped container, start of a running one).
 */
export function classifyContainerError(error: unknown): {readonly kind: ContainerErrorKind; readonly message: string} {
	const status = (error as EngineError)?.statusCode;
	if (status === 304) return {kind: 'unchanged', message: 'nothing to do: it was already so'};
	const text = engineMessage(error);
	if (/cannot remove a running container/i.test(text)) return {kind: 'running', message: 'running: stop it first (x)'};
	if (status === 404 || /no such container/i.test(text)) return {kind: 'not-found', message: 'already gone (no such container)'};
	return {kind: 'other', message: firstLine(text)};
}
