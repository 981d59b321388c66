import {describe, expect, test} from 'vitest';
import {planRemoval, type RemovalOptions, type RemovalTarget} from '../../source/domain/removal-plan';
import type {ContainerInfo, ImageInfo} from '../../source/domain/types';
import type {ImageIdentity, ImageRemoval, RemovalEngine} from '../../source/engine/operations';
import {EngineTimeoutError} from '../../source/engine/call-deadline';
import {executeRemoval} from '../../source/services/removal';
import {container, image} from '../fixtures/scene';

const id = (short: string) => short.padEnd(64, '0');
const engineError = (statusCode: number, message: string) => Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message}`), {statusCode, json: {message}});

/**
 * A small engine that keeps images as ID → tags and answers as dockerd 20.10 does: a reference
 * removes one tag (and the image with its last one); an ID deletes the image only when it has at
 * most one tag, unless forced. Every call is recorded.
 */
class FakeEngine implements RemovalEngine {
	readonly calls: string[] = [];
	readonly images = new Map<string, {tags: string[]; parentId: string}>();
	readonly containers = new Set<string>();
	/** Runs right after an inspect answers, to stand for another client acting in that moment. */
	afterInspect: (name: string) => void = () => undefined;

	constructor(images: readonly ImageInfo[], containers: readonly ContainerInfo[] = []) {
		for (const info of images) this.images.set(info.id, {tags: info.repoTags.filter(tag => tag !== '<none>:<none>'), parentId: info.parentId});
		for (const info of containers) this.containers.add(info.id);
	}

	tag(reference: string, imageId: string): void {
		for (const entry of this.images.values()) entry.tags = entry.tags.filter(tag => tag !== reference);
		this.images.get(imageId)!.tags.push(reference);
	}

	tagsOf(imageId: string): string[] | undefined {
		return this.images.get(imageId)?.tags;
	}

	private find(name: string): string | undefined {
		if (this.images.has(name)) return name;
		return [...this.images].find(([, entry]) => entry.tags.includes(name))?.[0];
	}

	private delete(imageId: string): string[] {
		const deleted = [imageId];
		let parent = this.images.get(imageId)!.parentId;
		this.images.delete(imageId);
		// Untagged parents left without children go too (noprune false).
		while (parent && this.images.get(parent)?.tags.length === 0 && ![...this.images.values()].some(entry => entry.parentId === parent)) {
			const next = this.images.get(parent)!.parentId;
			this.images.delete(parent);
			deleted.push(parent);
			parent = next;
		}
		return deleted;
	}

	async inspectImage(name: string): Promise<ImageIdentity | null> {
		this.calls.push(`inspect ${name}`);
		const found = this.find(name);
		const answer = found ? {id: found, tags: [...this.images.get(found)!.tags]} : null;
		this.afterInspect(name);
		return answer;
	}

	async removeImage(name: string, force: boolean): Promise<ImageRemoval> {
		this.calls.push(`rmi ${name}${force ? ' --force' : ''}`);
		const found = this.find(name);
		if (!found) throw engineError(404, `No such image: ${name}`);
		const entry = this.images.get(found)!;
		if (found === name) {
			if (entry.tags.length > 1 && !force) throw engineError(409, `conflict: unable to delete ${found.slice(0, 12)} (must be forced) - image is referenced in multiple repositories`);
			return {untagged: entry.tags, deleted: this.delete(found)};
		}
		entry.tags = entry.tags.filter(tag => tag !== name);
		if (entry.tags.length > 0) return {untagged: [name], deleted: []};
		return {untagged: [name], deleted: this.delete(found)};
	}

	async removeContainer(containerId: string): Promise<void> {
		this.calls.push(`rm ${containerId.slice(0, 12)}`);
		if (!this.containers.delete(containerId)) throw engineError(404, `No such container: ${containerId}`);
	}

	async containerName(containerId: string): Promise<string> {
		return `name-of-${containerId.slice(0, 4)}`;
	}
}

const images: ImageInfo[] = [
	image('aa', ['app:1.0.0']),
	image('ab', ['app:1.3.0', 'app:latest']),
	image('ac', ['app:stable', 'app:1.2.0']),
	image('9f3c1a2b3c4d', ['app:1.4.0']),
	image('cc', ['worker:0.9.0']),
	image('pp', ['base/runtime:1.0']),
	image('ii', [], {parentId: id('pp')}),
	image('kk', ['base/service:1.0'], {parentId: id('ii')}),
];
const containers: ContainerInfo[] = [container('c2', 'worker-old-1', 'cc', 'exited')];
const none: RemovalOptions = {removeStoppedContainers: false, forced: new Set()};
const ref = (imageShort: string, reference: string | null): RemovalTarget => ({imageId: id(imageShort), reference});
const planOf = (targets: RemovalTarget[], options: Partial<RemovalOptions> = {}) => planRemoval({targets, images, containers, options: {...none, ...options}});

describe('executeRemoval runs each step against the image ID the plan showed', () => {
	test('untags by reference after checking it, then deletes by ID', async () => {
		const engine = new FakeEngine(images, containers);
		const results = await executeRemoval(engine, planOf([ref('ab', 'app:1.3.0'), ref('ab', 'app:latest')]), {});
		expect(engine.calls).toEqual(['inspect app:1.3.0', 'rmi app:1.3.0', `inspect ${id('ab')}`, `rmi ${id('ab')}`]);
		expect(results).toEqual([
			{label: 'app:1.3.0', status: 'untagged', message: 'untagged'},
			{label: 'app:latest', status: 'deleted', message: 'deleted'},
		]);
		expect(engine.tagsOf(id('ab'))).toBeUndefined();
	});

	test('a reference moved to another image since the plan is skipped, and that image is untouched', async () => {
		const engine = new FakeEngine(images, containers);
		const plan = planOf([ref('ac', 'app:stable')]);
		expect(plan.steps).toEqual([{kind: 'untag', reference: 'app:stable', imageId: id('ac'), keeps: ['app:1.2.0']}]);
		engine.tag('app:stable', id('9f3c1a2b3c4d'));
		const results = await executeRemoval(engine, plan, {});
		expect(results).toEqual([{label: 'app:stable', status: 'skipped', message: 'skipped: app:stable now points at 9f3c1a2b3c4d (not in the plan)'}]);
		expect(engine.calls.filter(call => call.startsWith('rmi'))).toEqual([]);
		expect(engine.tagsOf(id('9f3c1a2b3c4d'))).toEqual(['app:1.4.0', 'app:stable']);
		expect(engine.tagsOf(id('ac'))).toEqual(['app:1.2.0']);
	});

	test('a delete whose reference moved is skipped: neither image goes', async () => {
		const engine = new FakeEngine(images, containers);
		const plan = planOf([ref('aa', 'app:1.0.0')]);
		engine.tag('app:1.0.0', id('9f3c1a2b3c4d'));
		const results = await executeRemoval(engine, plan, {});
		expect(results).toEqual([{label: 'app:1.0.0', status: 'skipped', message: 'skipped: app:1.0.0 now points at 9f3c1a2b3c4d (not in the plan)'}]);
		expect(engine.calls.filter(call => call.startsWith('rmi'))).toEqual([]);
		expect(engine.tagsOf(id('aa'))).toEqual([]);
		expect(engine.tagsOf(id('9f3c1a2b3c4d'))).toEqual(['app:1.4.0', 'app:1.0.0']);
	});

	test('an untag that would now delete the image, its other tags gone since the plan, is skipped', async () => {
		const engine = new FakeEngine(images, containers);
		const plan = planOf([ref('ac', 'app:stable')]);
		await engine.removeImage('app:1.2.0', false);
		engine.calls.length = 0;
		const results = await executeRemoval(engine, plan, {});
		expect(results).toEqual([{label: 'app:stable', status: 'skipped', message: 'skipped: ac0000000000 no longer carries app:1.2.0, so untagging app:stable could delete it (not in the plan)'}]);
		expect(engine.calls).toEqual(['inspect app:stable']);
		expect(engine.tagsOf(id('ac'))).toEqual(['app:stable']);
	});

	test('an image marked by ID and by every tag is untagged down to one tag, then deleted by ID', async () => {
		const engine = new FakeEngine(images, containers);
		const results = await executeRemoval(engine, planOf([ref('ab', 'app:1.3.0'), ref('ab', 'app:latest'), ref('ab', null)]), {});
		expect(engine.calls).toEqual(['inspect app:1.3.0', 'rmi app:1.3.0', `inspect ${id('ab')}`, `rmi ${id('ab')}`]);
		expect(results.map(result => result.status)).toEqual(['untagged', 'deleted']);
	});

	test('a reference removed since the plan is skipped', async () => {
		const engine = new FakeEngine(images, containers);
		const plan = planOf([ref('ab', 'app:latest')]);
		await engine.removeImage('app:latest', false);
		engine.calls.length = 0;
		const results = await executeRemoval(engine, plan, {});
		expect(results).toEqual([{label: 'app:latest', status: 'skipped', message: 'skipped: app:latest no longer exists (not in the plan)'}]);
		expect(engine.calls).toEqual(['inspect app:latest', 'inspect app:latest']);
	});

	test('an image that gained a tag since the plan is not deleted, and the tag is named', async () => {
		const engine = new FakeEngine(images, containers);
		const plan = planOf([ref('aa', 'app:1.0.0')]);
		engine.tag('app:hotfix', id('aa'));
		const results = await executeRemoval(engine, plan, {});
		expect(results).toEqual([{label: 'app:1.0.0', status: 'skipped', message: 'skipped: aa0000000000 now also carries app:hotfix (not in the plan)'}]);
		expect(engine.tagsOf(id('aa'))).toEqual(['app:1.0.0', 'app:hotfix']);
	});

	test('a tag gained between the check and the delete makes the engine refuse: reported, never forced', async () => {
		const engine = new FakeEngine(images, containers);
		const plan = planOf([ref('aa', 'app:1.0.0')]);
		engine.afterInspect = name => {
			if (name === id('aa')) engine.tag('app:hotfix', id('aa'));
		};
		const results = await executeRemoval(engine, plan, {});
		// After the refusal the image is looked up again: it is still there, so the step failed.
		expect(engine.calls).toEqual([`inspect ${id('aa')}`, `rmi ${id('aa')}`, `inspect ${id('aa')}`]);
		expect(results).toEqual([{label: 'app:1.0.0', status: 'failed', message: 'referenced in several repositories; untag them one by one'}]);
		expect(engine.tagsOf(id('aa'))).toEqual(['app:1.0.0', 'app:hotfix']);
	});

	test('an error from a delete that removed the image anyway (a parent pruned at the same moment) counts as deleted, saying what the engine answered', async () => {
		const engine = new FakeEngine(images, containers);
		const plan = planOf([ref('aa', 'app:1.0.0')]);
		// dockerd 20.10: the image goes, then pruning its untagged parent fails because a
		// concurrent delete of a sibling pruned that parent first.
		const remove = engine.removeImage.bind(engine);
		engine.removeImage = async (name, force) => {
			await remove(name, force);
			throw engineError(500, `unrecognized image ID sha256:${id('pp')}`);
		};
		const results = await executeRemoval(engine, plan, {});
		expect(results).toEqual([{label: 'app:1.0.0', status: 'deleted', message: `deleted (the engine answered: unrecognized image ID sha256:${id('pp')})`}]);
		expect(engine.tagsOf(id('aa'))).toBeUndefined();
	});

	test('a forced delete keeps its force, by ID', async () => {
		const engine = new FakeEngine(images, containers);
		const results = await executeRemoval(engine, planOf([ref('cc', 'worker:0.9.0')], {forced: new Set([id('cc')])}), {});
		expect(engine.calls).toEqual([`inspect ${id('cc')}`, `rmi ${id('cc')} --force`]);
		expect(results).toEqual([{label: 'worker:0.9.0', status: 'deleted', message: 'deleted (forced)'}]);
	});

	test('an image already gone is skipped', async () => {
		const engine = new FakeEngine(
			images.filter(info => info.id !== id('aa')),
			containers,
		);
		const results = await executeRemoval(engine, planOf([ref('aa', 'app:1.0.0')]), {});
		expect(results).toEqual([{label: 'app:1.0.0', status: 'skipped', message: 'already gone (no such image)'}]);
	});

	test('an untagged parent pruned with its child counts as deleted', async () => {
		const engine = new FakeEngine(images, containers);
		const plan = planOf([ref('kk', 'base/service:1.0'), ref('ii', null)]);
		const results = await executeRemoval(engine, plan, {});
		expect(results).toEqual([
			{label: 'base/service:1.0', status: 'deleted', message: 'deleted'},
			{label: 'ii0000000000', status: 'deleted', message: 'deleted (pruned with its child)'},
		]);
	});

	test('a container already removed reads as a container, not an image', async () => {
		const engine = new FakeEngine(images, []);
		const results = await executeRemoval(engine, planOf([ref('cc', 'worker:0.9.0')], {removeStoppedContainers: true}), {});
		expect(results[0]).toEqual({label: 'container worker-old-1', status: 'failed', message: 'already gone (no such container)'});
	});

	test('a cancelled run starts nothing', async () => {
		const engine = new FakeEngine(images, containers);
		const controller = new AbortController();
		controller.abort();
		const results = await executeRemoval(engine, planOf([ref('aa', 'app:1.0.0')]), {signal: controller.signal});
		expect(engine.calls).toEqual([]);
		expect(results).toEqual([{label: 'app:1.0.0', status: 'failed', message: 'cancelled before it started'}]);
	});

	test('once the engine stops answering a call, the steps not yet started are skipped without asking it', async () => {
		const engine = new FakeEngine(images, containers);
		const remove = engine.removeImage.bind(engine);
		engine.removeImage = async (name, force) => {
			if (name === id('aa')) {
				engine.calls.push(`rmi ${name} (no answer)`);
				throw new EngineTimeoutError(`the engine did not answer DELETE /images/${name} within 1 s`, 1000);
			}
			return remove(name, force);
		};
		const seen: string[] = [];
		const results = await executeRemoval(engine, planOf([ref('aa', 'app:1.0.0'), ref('9f3c1a2b3c4d', 'app:1.4.0')]), {concurrency: 1, onResult: result => seen.push(result.label)});
		expect(results).toEqual([
			{label: 'app:1.0.0', status: 'failed', message: `the engine did not answer DELETE /images/${id('aa')} within 1 s`},
			{label: 'app:1.4.0', status: 'skipped', message: 'skipped: the engine stopped answering'},
		]);
		expect(engine.calls).toEqual([`inspect ${id('aa')}`, `rmi ${id('aa')} (no answer)`]);
		expect(seen).toEqual(['app:1.0.0', 'app:1.4.0']);
	});
});
