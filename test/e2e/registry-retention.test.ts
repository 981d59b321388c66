// `dockswab plan|clean --registry` on the sandbox registries, run as users run it (dist/cli.js)
// with a docker CLI login; the registries' own tag lists (curl) are the oracle.
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {beforeAll, describe, expect, test} from 'vitest';
import {sandboxEnv, seedSandbox} from './harness';
import {dockswabWith as dockswab, loggedIn, pushTags, remoteDigest, remoteTags} from './registry-helpers';
import {tempDir} from '../fixtures/temp-dir';

const run = promisify(execFile);
beforeAll(seedSandbox);

type PlanJson = {
	version: number;
	executed: boolean;
	registries: {ok: boolean; repository: string; items: {digest: string; tags: string[]; action: string}[]; kept: {tag: string; reason: string}[]; results?: {label: string; status: string}[]}[];
};

describe('registry retention on the token-auth registry', () => {
	test('keep 2: plan names the digests, clean --yes deletes exactly those, a digest stable still names stays', async () => {
		const registry = sandboxEnv().DOCKSWAB_TOKEN_REGISTRY!;
		const {config, docker} = await loggedIn(registry);
		await pushTags(docker, registry, 'retain', {one: ['1.0.0', 'stable'], two: ['1.1.0'], three: ['1.2.0'], four: ['1.3.0', 'latest']});
		const planned = await dockswab(config, 'plan', '--registry', `${registry}/retain`, '--keep', '2', '--json');
		expect(planned.code).toBe(0);
		const plan = JSON.parse(planned.stdout) as PlanJson;
		expect(plan.executed).toBe(false);
		expect(plan.registries[0]!.items).toEqual([{digest: await remoteDigest(registry, 'retain', '1.1.0'), tags: ['1.1.0'], action: 'delete', alsoRemoves: [], reason: null}]);
		expect(plan.registries[0]!.kept).toContainEqual({tag: '1.0.0', reason: 'shares its digest with kept stable'});
		expect(await remoteTags(registry, 'retain')).toEqual(['1.0.0', '1.1.0', '1.2.0', '1.3.0', 'latest', 'stable']);

		const cleaned = await dockswab(config, 'clean', '--registry', `${registry}/retain`, '--keep', '2', '--yes');
		expect(cleaned.code).toBe(0);
		expect(cleaned.stdout).toMatch(/^deleted  .*\/retain 1\.1\.0 deleted sha256:/m);
		expect(cleaned.stdout).toContain('garbage collection');
		expect(await remoteTags(registry, 'retain')).toEqual(['1.0.0', '1.2.0', '1.3.0', 'latest', 'stable']);
	});

	test('--order pushed --match: only the matching builds older than the newest one go', async () => {
		const registry = sandboxEnv().DOCKSWAB_TOKEN_REGISTRY!;
		const {config, docker} = await loggedIn(registry);
		// Built one after the other: each image's config has a later `created`.
		await pushTags(docker, registry, 'ci', {a: ['build-a'], b: ['build-b'], c: ['build-c'], main: ['main']});
		const cleaned = await dockswab(config, 'clean', '--registry', `${registry}/ci`, '--keep', '1', '--order', 'pushed', '--match', 'build-.*', '--yes', '--json');
		expect(cleaned.code).toBe(0);
		const result = JSON.parse(cleaned.stdout) as PlanJson;
		expect(result.registries[0]!.items.map(item => item.tags)).toEqual([['build-b'], ['build-a']]);
		expect(result.registries[0]!.kept).toEqual([
			{tag: 'main', reason: 'does not match build-.*'},
			{tag: 'build-c', reason: 'the newest image'},
		]);
		expect(await remoteTags(registry, 'ci')).toEqual(['build-c', 'main']);
	});
});

describe('refusals on the sandbox registries', () => {
	test('the registry without deletes: one refusal, nothing else attempted, exit 1, every tag still there', async () => {
		const registry = sandboxEnv().DOCKSWAB_NODELETE_REGISTRY!;
		const config = tempDir('dsw-nodel-');
		// This registry asks for no login.
		const docker = async (...args: string[]) => (await run('docker', args, {env: {...sandboxEnv(), DOCKER_CONFIG: config}})).stdout.trim();
		await pushTags(docker, registry, 'refuses', {one: ['1.0.0'], two: ['1.1.0'], three: ['1.2.0']});
		const cleaned = await dockswab(config, 'clean', '--registry', `${registry}/refuses`, '--keep', '1', '--yes');
		expect(cleaned.code).toBe(1);
		expect(cleaned.stdout.match(/does not allow deletes/g)).toHaveLength(1);
		expect(cleaned.stdout).toContain(`not attempted: 1 more delete on ${registry}, which refused the delete above`);
		expect(await remoteTags(registry, 'refuses')).toEqual(['1.0.0', '1.1.0', '1.2.0']);
	});
	test('HOST/* on the password registry without a login: no catalog access, exit 2, nothing deleted', async () => {
		const registry = sandboxEnv().DOCKSWAB_REGISTRY!;
		const cleaned = await dockswab(tempDir('dsw-nologin-'), 'clean', '--registry', `${registry}/*`, '--keep', '0', '--yes');
		expect(cleaned.code).toBe(2);
		expect(cleaned.stderr).toContain(`${registry}/*: no catalog access`);
		expect(cleaned.stdout).toBe('');
	});
});
