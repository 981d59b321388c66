import {describe, expect, test} from 'vitest';
import {describeImages, planRemoval, type RemovalOptions, type RemovalTarget} from '../../source/domain/removal-plan';
import type {ContainerInfo, ImageInfo} from '../../source/domain/types';
import {container, image} from '../fixtures/scene';

const id = (short: string) => short.padEnd(64, '0');
const MB = 1_000_000;

// A scene with every kind of blocker: parent → intermediate → child, shared tags, containers.
const images: ImageInfo[] = [
	image('aa', ['app:1.0.0'], {size: 10 * MB}),
	image('ab', ['app:1.3.0', 'app:latest'], {size: 12 * MB}),
	image('bb', ['web:2.1.0'], {size: 20 * MB}),
	image('cc', ['worker:0.9.0'], {size: 30 * MB}),
	image('dd', ['<none>:<none>'], {size: 1 * MB}),
	image('pp', ['base/runtime:1.0'], {size: 40 * MB}),
	image('ii', [], {parentId: id('pp'), size: 41 * MB}),
	image('kk', ['base/service:1.0'], {parentId: id('ii'), size: 45 * MB}),
];
const containers: ContainerInfo[] = [container('c1', 'web-1', 'bb', 'running'), container('c2', 'worker-old-1', 'cc', 'exited'), container('c3', 'worker-old-2', 'cc', 'exited')];

const ref = (imageShort: string, reference: string | null): RemovalTarget => ({imageId: id(imageShort), reference});
const none: RemovalOptions = {removeStoppedContainers: false, forced: new Set()};
const plan = (targets: RemovalTarget[], options: Partial<RemovalOptions> = {}) => planRemoval({targets, images, containers, options: {...none, ...options}});
const outcomeOf = (result: ReturnType<typeof plan>, label: string) => result.items.find(item => item.label === label)?.outcome;

describe('planRemoval: one outcome per marked reference', () => {
	test.each([
		['unused single tag → delete', [ref('aa', 'app:1.0.0')], 'app:1.0.0', 'delete'],
		['one of two tags → untag only', [ref('ab', 'app:latest')], 'app:latest', 'untag'],
		['used by a running container → blocked', [ref('bb', 'web:2.1.0')], 'web:2.1.0', 'blocked'],
		['used by stopped containers → blocked unless they go first', [ref('cc', 'worker:0.9.0')], 'worker:0.9.0', 'blocked'],
		['dangling by ID → delete', [ref('dd', null)], 'dd0000000000', 'delete'],
		['parent with a child, by reference → untag, image stays', [ref('pp', 'base/runtime:1.0')], 'base/runtime:1.0', 'untag-keeps-parent'],
		['intermediate by ID → blocked by its child', [ref('ii', null)], 'ii0000000000', 'blocked'],
	])('%s', (_name, targets, label, kind) => {
		expect(outcomeOf(plan(targets), label)?.kind).toBe(kind);
	});

	test('blocked items name every container, running or stopped', () => {
		const result = plan([ref('bb', 'web:2.1.0'), ref('cc', 'worker:0.9.0')]);
		const running = outcomeOf(result, 'web:2.1.0');
		expect(running).toMatchObject({kind: 'blocked', blocker: 'running', forceable: false});
		expect(running?.kind === 'blocked' && running.containers.map(c => c.name)).toEqual(['web-1']);
		const stopped = outcomeOf(result, 'worker:0.9.0');
		expect(stopped).toMatchObject({kind: 'blocked', blocker: 'stopped', forceable: true});
		expect(stopped?.kind === 'blocked' && stopped.containers.map(c => c.name)).toEqual(['worker-old-1', 'worker-old-2']);
		expect(result.steps).toEqual([]);
		expect(result.totals.blocked).toBe(2);
	});

	test('a parent names its tagged child, seen through the intermediate image', () => {
		const outcome = outcomeOf(plan([ref('pp', 'base/runtime:1.0')]), 'base/runtime:1.0');
		expect(outcome?.kind === 'untag-keeps-parent' && describeImages(outcome.children, images)).toEqual(['base/service:1.0']);
	});

	test('all tags of an image marked → untag the others, the last deletes', () => {
		const result = plan([ref('ab', 'app:1.3.0'), ref('ab', 'app:latest')]);
		expect(result.items.map(item => item.outcome.kind)).toEqual(['untag', 'delete']);
		expect(result.steps.map(step => step.kind)).toEqual(['untag', 'delete']);
		expect(result.totals).toMatchObject({imagesDeleted: 1, tagsRemoved: 2, bytesReclaimed: 12 * MB});
	});

	test('every step names the planned image: the other tags are untagged, then the image is deleted by ID', () => {
		const result = plan([ref('ab', 'app:1.3.0'), ref('ab', 'app:latest')]);
		expect(result.steps).toEqual([
			{kind: 'untag', reference: 'app:1.3.0', imageId: id('ab'), keeps: ['app:latest']},
			{kind: 'delete', imageId: id('ab'), reference: 'app:latest', lastTag: 'app:latest', level: 0, force: false},
		]);
	});

	test('an image marked by ID with one tag goes with it, as `docker rmi ID` does', () => {
		const result = plan([ref('aa', null)]);
		expect(outcomeOf(result, 'aa0000000000')?.kind).toBe('delete');
		expect(result.steps).toEqual([{kind: 'delete', imageId: id('aa'), reference: null, lastTag: 'app:1.0.0', level: 0, force: false}]);
		expect(result.totals).toMatchObject({imagesDeleted: 1, tagsRemoved: 1, blocked: 0});
	});

	test('an image marked by ID with two tags is blocked, naming them, as the engine refuses `rmi ID`', () => {
		const result = plan([ref('ab', null)]);
		expect(outcomeOf(result, 'ab0000000000')).toEqual({kind: 'blocked', blocker: 'references', containers: [], children: [], references: ['app:1.3.0', 'app:latest'], forceable: false});
		expect(result.steps).toEqual([]);
		expect(result.totals).toMatchObject({imagesDeleted: 0, tagsRemoved: 0, blocked: 1});
	});

	test('marked by ID and by all but one tag: the marked tags go first, then the image by ID with its last tag', () => {
		const result = plan([ref('ab', null), ref('ab', 'app:1.3.0')]);
		expect(result.items.map(item => [item.label, item.outcome.kind])).toEqual([
			['ab0000000000', 'delete'],
			['app:1.3.0', 'untag'],
		]);
		expect(result.steps).toEqual([
			{kind: 'untag', reference: 'app:1.3.0', imageId: id('ab'), keeps: ['app:latest']},
			{kind: 'delete', imageId: id('ab'), reference: null, lastTag: 'app:latest', level: 0, force: false},
		]);
	});

	test('marked by ID and by every tag: one tag stays for the delete by ID, so no untag deletes the image first', () => {
		const result = plan([ref('ab', 'app:1.3.0'), ref('ab', 'app:latest'), ref('ab', null)]);
		expect(result.steps).toEqual([
			{kind: 'untag', reference: 'app:1.3.0', imageId: id('ab'), keeps: ['app:latest']},
			{kind: 'delete', imageId: id('ab'), reference: null, lastTag: 'app:latest', level: 0, force: false},
		]);
		expect(result.totals).toMatchObject({imagesDeleted: 1, tagsRemoved: 2});
	});

	test('an untag names the tags the image keeps; a parent kept by its children names none', () => {
		expect(plan([ref('ab', 'app:latest')]).steps).toEqual([{kind: 'untag', reference: 'app:latest', imageId: id('ab'), keeps: ['app:1.3.0']}]);
		expect(plan([ref('pp', 'base/runtime:1.0')]).steps).toEqual([{kind: 'untag', reference: 'base/runtime:1.0', imageId: id('pp'), keeps: []}]);
	});

	test('remove stopped containers first: containers go before the image', () => {
		const result = plan([ref('cc', 'worker:0.9.0')], {removeStoppedContainers: true});
		expect(outcomeOf(result, 'worker:0.9.0')).toMatchObject({kind: 'delete', forced: false});
		expect(result.steps.map(step => (step.kind === 'remove-container' ? step.container.name : step.kind))).toEqual(['worker-old-1', 'worker-old-2', 'delete']);
		expect(result.totals.containersRemoved).toBe(2);
	});

	test('force keeps the stopped containers and deletes with force', () => {
		const result = plan([ref('cc', 'worker:0.9.0')], {forced: new Set([id('cc')])});
		expect(result.steps).toEqual([{kind: 'delete', imageId: id('cc'), reference: 'worker:0.9.0', lastTag: 'worker:0.9.0', level: 0, force: true}]);
	});

	test('running containers are never removed, even with both options', () => {
		const result = plan([ref('bb', 'web:2.1.0')], {removeStoppedContainers: true, forced: new Set([id('bb')])});
		expect(outcomeOf(result, 'web:2.1.0')?.kind).toBe('blocked');
		expect(result.steps).toEqual([]);
	});

	test('parent and child marked together: child first, parent after, intermediate bytes counted once', () => {
		const result = plan([ref('pp', 'base/runtime:1.0'), ref('kk', 'base/service:1.0')]);
		expect(result.items.every(item => item.outcome.kind === 'delete')).toBe(true);
		const deletes = result.steps.filter(step => step.kind === 'delete');
		expect(deletes.map(step => step.kind === 'delete' && step.reference)).toEqual(['base/service:1.0', 'base/runtime:1.0']);
		// child 4 MB of its own + intermediate 1 MB + parent 40 MB.
		expect(result.totals.bytesReclaimed).toBe(45 * MB);
		expect(result.totals.imagesDeleted).toBe(2);
	});

	test('engine-reported unique sizes take precedence over parent arithmetic', () => {
		const result = planRemoval({targets: [ref('aa', 'app:1.0.0')], images, containers, uniqueSizes: new Map([[id('aa'), 3 * MB]]), options: none});
		expect(result.totals.bytesReclaimed).toBe(3 * MB);
	});

	test('five mixed marks: the totals add up and nothing outside the plan is touched', () => {
		const result = plan([ref('aa', 'app:1.0.0'), ref('ab', 'app:latest'), ref('cc', 'worker:0.9.0'), ref('bb', 'web:2.1.0'), ref('pp', 'base/runtime:1.0')], {removeStoppedContainers: true});
		expect(result.totals).toEqual({imagesDeleted: 2, tagsRemoved: 4, containersRemoved: 2, bytesReclaimed: 40 * MB, blocked: 1, recoverable: 0, notInRegistry: 2, recoveryUnknown: 0});
		const touched = new Set(result.steps.map(step => (step.kind === 'remove-container' ? step.container.imageId : step.imageId)));
		expect(touched).toEqual(new Set([id('aa'), id('ab'), id('cc'), id('pp')]));
	});

	test('marks on images that vanished are ignored', () => {
		expect(plan([ref('zz', 'gone:1')]).items).toEqual([]);
	});
});
