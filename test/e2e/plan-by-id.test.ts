// A plan runs against the image IDs it showed: a tag moved by someone else (CI retagging
// `stable`) between the plan and the confirm is skipped and reported, and the image it moved to
// is untouched. Drives the planner and executeRemoval with a real client; the docker CLI is the oracle.
import {afterAll, beforeAll, expect, test} from 'vitest';
import {planRemoval, type RemovalTarget} from '../../source/domain/removal-plan';
import {pinnedEngine, unversionedClient, type EngineClient} from '../../source/engine/connect';
import {listAll} from '../../source/engine/lists';
import {removalEngine} from '../../source/engine/operations';
import {resolveEngineTarget} from '../../source/engine/target';
import {executeRemoval} from '../../source/services/removal';
import {docker, sandboxEnv, seedSandbox} from './harness';

let client: EngineClient;

beforeAll(async () => {
	await seedSandbox();
	const target = resolveEngineTarget(sandboxEnv());
	client = pinnedEngine(target, await unversionedClient(target).version()).docker;
});

afterAll(async () => {
	await docker('rm', '-f', 'plan-by-id-src').catch(() => undefined);
});

/** Images of their own, told apart by a label, so that tags can move between distinct IDs. */
async function makeImages(...names: string[]): Promise<string[]> {
	await docker('rm', '-f', 'plan-by-id-src').catch(() => undefined);
	await docker('create', '--network', 'none', '--name', 'plan-by-id-src', 'busybox:sandbox', 'true');
	const ids: string[] = [];
	for (const name of names) ids.push((await docker('commit', '--change', `LABEL plan-by-id=${name}`, 'plan-by-id-src', name)).replace(/^sha256:/, ''));
	await docker('rm', 'plan-by-id-src');
	return ids;
}

async function planFor(...references: string[]) {
	const {images, containers} = await listAll(client);
	const targets: RemovalTarget[] = references.map(reference => ({imageId: images.find(image => image.repoTags.includes(reference))!.id, reference}));
	return planRemoval({targets, images, containers, options: {removeStoppedContainers: false, forced: new Set()}});
}

const idOf = async (reference: string) => (await docker('image', 'inspect', '--format', '{{.Id}}', reference)).replace(/^sha256:/, '');
const tagsOf = async (id: string) => (await docker('image', 'inspect', '--format', '{{join .RepoTags " "}}', id)).split(' ').filter(Boolean).sort();

test('an untag whose tag moved to another image between plan and confirm is skipped; the other image keeps its tags', async () => {
	const [planned, other] = await makeImages('pbi-a:stable', 'pbi-a:2.0.0');
	await docker('tag', 'pbi-a:stable', 'pbi-a:1.0.0');
	const plan = await planFor('pbi-a:stable');
	expect(plan.items.map(item => item.outcome.kind)).toEqual(['untag']);

	await docker('tag', 'pbi-a:2.0.0', 'pbi-a:stable');
	const results = await executeRemoval(removalEngine(client), plan, {});

	expect(results).toEqual([{label: 'pbi-a:stable', status: 'skipped', message: `skipped: pbi-a:stable now points at ${other!.slice(0, 12)} (not in the plan)`}]);
	expect(await idOf('pbi-a:stable')).toBe(other);
	expect(await tagsOf(other!)).toEqual(['pbi-a:2.0.0', 'pbi-a:stable']);
	expect(await tagsOf(planned!)).toEqual(['pbi-a:1.0.0']);
});

test('a delete whose tag moved is skipped: the image it moved to stays, and so does the planned one', async () => {
	const [planned, other] = await makeImages('pbi-b:stable', 'pbi-b:2.0.0');
	const plan = await planFor('pbi-b:stable');
	expect(plan.items.map(item => item.outcome.kind)).toEqual(['delete']);

	await docker('tag', 'pbi-b:2.0.0', 'pbi-b:stable');
	const results = await executeRemoval(removalEngine(client), plan, {});

	expect(results).toEqual([{label: 'pbi-b:stable', status: 'skipped', message: `skipped: pbi-b:stable now points at ${other!.slice(0, 12)} (not in the plan)`}]);
	expect(await tagsOf(other!)).toEqual(['pbi-b:2.0.0', 'pbi-b:stable']);
	expect(await tagsOf(planned!)).toEqual([]);
});

test('an image that gained a tag since the plan is not deleted', async () => {
	const [planned] = await makeImages('pbi-c:old');
	const plan = await planFor('pbi-c:old');
	await docker('tag', 'pbi-c:old', 'pbi-c:kept');
	const results = await executeRemoval(removalEngine(client), plan, {});
	expect(results).toEqual([{label: 'pbi-c:old', status: 'skipped', message: `skipped: ${planned!.slice(0, 12)} now also carries pbi-c:kept (not in the plan)`}]);
	expect(await tagsOf(planned!)).toEqual(['pbi-c:kept', 'pbi-c:old']);
});

test('unchanged since the plan, an image with two tags is untagged once, then deleted by ID', async () => {
	const [planned] = await makeImages('pbi-d:1.0.0');
	await docker('tag', 'pbi-d:1.0.0', 'pbi-d:latest');
	const plan = await planFor('pbi-d:1.0.0', 'pbi-d:latest');
	expect(plan.steps.map(step => step.kind)).toEqual(['untag', 'delete']);
	const results = await executeRemoval(removalEngine(client), plan, {});
	expect(results.map(result => result.status)).toEqual(['untagged', 'deleted']);
	expect(await docker('images', '-q', '--no-trunc', '--filter', 'reference=pbi-d')).toBe('');
	await expect(docker('image', 'inspect', planned!)).rejects.toThrow(/No such image/);
});

test('an untag that would now delete the image, its other tag removed since the plan, is skipped', async () => {
	const [planned] = await makeImages('pbi-e:stable');
	await docker('tag', 'pbi-e:stable', 'pbi-e:1.0.0');
	const plan = await planFor('pbi-e:stable');
	await docker('rmi', 'pbi-e:1.0.0');
	const results = await executeRemoval(removalEngine(client), plan, {});
	expect(results).toEqual([
		{label: 'pbi-e:stable', status: 'skipped', message: `skipped: ${planned!.slice(0, 12)} no longer carries pbi-e:1.0.0, so untagging pbi-e:stable could delete it (not in the plan)`},
	]);
	expect(await tagsOf(planned!)).toEqual(['pbi-e:stable']);
});
