import {expect, test} from 'vitest';
import {reducer, initialState} from '../../source/state/reducer';
import {sameContainers, sameImages} from '../../source/state/same-lists';
import {containers, images, now} from '../fixtures/scene';

test('a re-list with equal contents keeps the state object, so nothing redraws', () => {
	const ready = reducer(initialState({host: 'h', columns: 100, rows: 24, now}), {type: 'connected', host: 'h', engineVersion: '1', apiVersion: '1.41', images, containers});
	const copy = {images: images.map(image => ({...image, repoTags: [...image.repoTags]})), containers: containers.map(container => ({...container}))};
	expect(reducer(ready, {type: 'lists', ...copy})).toBe(ready);
});

test('any shown difference counts', () => {
	expect(
		sameImages(
			images,
			images.map((image, index) => (index === 2 ? {...image, repoTags: ['app:1.3.0']} : image)),
		),
	).toBe(false);
	expect(sameImages(images, images.slice(1))).toBe(false);
	expect(
		sameContainers(
			containers,
			containers.map((container, index) => (index === 0 ? {...container, state: 'exited' as const} : container)),
		),
	).toBe(false);
	expect(sameContainers(containers, [...containers])).toBe(true);
});
