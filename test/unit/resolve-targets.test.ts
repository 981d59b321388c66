import {expect, test} from 'vitest';
import {resolveTargets} from '../../source/domain/resolve-targets';
import {image, images} from '../fixtures/scene';

test.each([
	[['app:1.0.0'], [{imageId: images[0]!.id, reference: 'app:1.0.0'}], []],
	[['web'], [], ['web']],
	[['app'], [{imageId: images[2]!.id, reference: 'app:latest'}], []],
	[['c100'], [{imageId: images[4]!.id, reference: null}], []],
	[['sha256:b10000'], [{imageId: images[3]!.id, reference: null}], []],
	[['nope:1', 'app:1.1.0'], [{imageId: images[1]!.id, reference: 'app:1.1.0'}], ['nope:1']],
])('resolveTargets(%j)', (names, targets, unknown) => {
	expect(resolveTargets(names, images)).toEqual({targets, unknown, invalid: []});
});

test('a name the reference grammar refuses is invalid, with the rule it breaks, not unknown', () => {
	expect(resolveTargets(['Bad:Tag!!', 'app:bad tag', 'app:1.0.0'], images)).toEqual({
		targets: [{imageId: images[0]!.id, reference: 'app:1.0.0'}],
		unknown: [],
		invalid: [
			{name: 'Bad:Tag!!', reason: 'repository names must be lowercase'},
			{name: 'app:bad tag', reason: 'spaces are not allowed'},
		],
	});
});

test('a short name the engine resolves (Podman: demo/app:1.0.0 is localhost/demo/app:1.0.0) targets that tag', () => {
	const stored = [
		image('d1'.padEnd(64, '0'), ['localhost/demo/app:1.0.0', 'localhost/demo/app:latest']),
		image('d2'.padEnd(64, '0'), ['docker.io/library/alpine:3.18']),
		image('d3'.padEnd(64, '0'), ['localhost/other/demo/app:1.0.0']),
	];
	const engineIds = new Map([
		['demo/app:1.0.0', `sha256:${'d1'.padEnd(64, '0')}`],
		['demo/app', 'd1'.padEnd(64, '0')],
		['alpine:3.18', 'd2'.padEnd(64, '0')],
		['app:1.0.0', 'd3'.padEnd(64, '0')],
	]);
	expect(resolveTargets(['demo/app:1.0.0', 'demo/app', 'alpine:3.18', 'app:1.0.0', 'gone:1'], stored, engineIds)).toEqual({
		targets: [
			{imageId: stored[0]!.id, reference: 'localhost/demo/app:1.0.0'},
			{imageId: stored[0]!.id, reference: 'localhost/demo/app:latest'},
			{imageId: stored[1]!.id, reference: 'docker.io/library/alpine:3.18'},
		],
		// The engine's answer for app:1.0.0 has no tag that is app:1.0.0 behind a registry: refused, not guessed.
		unknown: ['app:1.0.0', 'gone:1'],
		invalid: [],
	});
	// Without the engine's answer, an exact spelling is needed.
	expect(resolveTargets(['demo/app:1.0.0'], stored).unknown).toEqual(['demo/app:1.0.0']);
});
