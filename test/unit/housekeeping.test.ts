import {expect, test} from 'vitest';
import {planKeepNewestTargets} from '../../source/domain/housekeeping';
import {image} from '../fixtures/scene';

const id = (short: string) => short.padEnd(64, '0');
const images = [
	image('a1', ['app:1.0.0']),
	image('a2', ['app:1.1.0']),
	image('a3', ['app:1.2.0', 'app:latest']),
	image('d1', ['app:dev'], {created: 1}),
	image('f1', ['app:feature-x', 'web:nightly-build']),
	image('w1', ['web:2.0.0']),
];

test('keep-N selects only semver tags beyond the newest N, never dev, feature-x or latest', () => {
	expect(planKeepNewestTargets(images, 1)).toEqual([
		{imageId: id('a2'), reference: 'app:1.1.0'},
		{imageId: id('a1'), reference: 'app:1.0.0'},
	]);
});

test('keep 0 removes every version and still no other tag', () => {
	const references = planKeepNewestTargets(images, 0).map(target => target.reference);
	expect(references.sort()).toEqual(['app:1.0.0', 'app:1.1.0', 'app:1.2.0', 'web:2.0.0']);
});

test('only the repositories asked for', () => {
	expect(planKeepNewestTargets(images, 0, new Set(['web']))).toEqual([{imageId: id('w1'), reference: 'web:2.0.0'}]);
});
