import {describe, expect, test} from 'vitest';
import {classifyContainerError, classifyRemoveError} from '../../source/engine/errors';

const engineError = (statusCode: number, message: string) => Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message}`), {statusCode, json: {message}});
const names = new Map([['3f2a00000000', 'web-1']]);

describe('classifyRemoveError reads the engine 409 texts', () => {
	test.each([
		['conflict: unable to remove repository reference "app:1.0" (must force) - container 3f2a00000000aaaa is using its referenced image 9c1b', 'stopped-container', 'used by container web-1'],
		['conflict: unable to delete 9c1b (cannot be forced) - image is being used by running container 3f2a00000000aaaa', 'running-container', 'used by running container web-1; stop it first'],
		['conflict: unable to delete 9c1b (must be forced) - image is being used by stopped container 3f2a00000000aaaa', 'stopped-container', 'used by container web-1'],
		['conflict: unable to delete 9c1b (must be forced) - image is referenced in multiple repositories', 'multiple-repositories', 'referenced in several repositories'],
		['conflict: unable to delete 9c1b (cannot be forced) - image has dependent child images', 'children', 'has dependent child images'],
		['You cannot remove a running container 3f2a. Stop the container before attempting removal or force remove', 'running-container', 'running: stop it first'],
	])('%s', (message, kind, text) => {
		const classified = classifyRemoveError(engineError(409, message), names);
		expect(classified.kind).toBe(kind);
		expect(classified.message).toContain(text);
	});

	test('404 is "already gone"', () => {
		expect(classifyRemoveError(engineError(404, 'No such image: app:9'))).toEqual({kind: 'not-found', message: 'already gone (no such image)'});
	});

	test('an unknown container is named by its short ID', () => {
		const classified = classifyRemoveError(engineError(409, 'conflict: unable to delete 9c1b (must be forced) - image is being used by stopped container 0123456789abcdef'));
		expect(classified.message).toContain('0123456789ab');
	});

	test('other errors keep the engine words, first line only', () => {
		expect(classifyRemoveError(new Error('socket hang up\n    at x.js:1')).message).toBe('socket hang up');
	});
});

describe('classifyContainerError speaks of containers', () => {
	test('a 404 on stop, start or remove is a missing container, never an image', () => {
		expect(classifyContainerError(engineError(404, 'No such container: 3f2a00000000aaaa'))).toEqual({kind: 'not-found', message: 'already gone (no such container)'});
		expect(classifyContainerError(engineError(404, 'No such container: web-1')).message).not.toMatch(/image/);
	});

	test('a running container cannot be removed', () => {
		expect(classifyContainerError(engineError(409, 'You cannot remove a running container 3f2a. Stop the container before attempting removal or force remove'))).toEqual({
			kind: 'running',
			message: 'running: stop it first (x)',
		});
	});

	test('other errors keep the engine words, first line only', () => {
		expect(classifyContainerError(engineError(500, 'cannot start container: exec failed\ndetails'))).toEqual({kind: 'other', message: 'cannot start container: exec failed'});
	});
});

test('a 304 from a container call means there was nothing to do, not a failure', () => {
	expect(classifyContainerError(Object.assign(new Error('(HTTP code 304) container already started - '), {statusCode: 304})).kind).toBe('unchanged');
});
