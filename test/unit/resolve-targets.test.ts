import {expect, test} from 'vitest';
import {resolveTargets} from '../../source/domain/resolve-targets';
import {images} from '../fixtures/scene';

test.each([
	[['app:1.0.0'], [{imageId: images[0]!.id, reference: 'app:1.0.0'}], []],
	[['web'], [], ['web']],
	[['app'], [{imageId: images[2]!.id, reference: 'app:latest'}], []],
	[['c100'], [{imageId: images[4]!.id, reference: null}], []],
	[['sha256:b10000'], [{imageId: images[3]!.id, reference: null}], []],
	[['nope:1', 'app:1.1.0'], [{imageId: images[1]!.id, reference: 'app:1.1.0'}], ['nope:1']],
])('resolveTargets(%j)', (names, targets, unknown) => {
	expect(resolveTargets(names, images)).toEqual({targets, unknown});
});
