// Removing one tag without its digest-mates (dockswab clean --registry HOST/REPO --untag TAG):
// the plan, and its run against registries served on loopback by the test, including ones that
// refuse pushes or deletes. The registry's requests and the tags it holds afterwards are the oracle.
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, test} from 'vitest';
import {parseArgs} from '../../source/cli-args';
import type {RegistryContext} from '../../source/commands/registry-plan';
import {runRegistryUntagCommand} from '../../source/commands/registry-untag';
import {planRemoteUntag} from '../../source/domain/remote-untag';
import {untagItemText} from '../../source/view/remote-untag-text';
import type {TagDigest} from '../../source/domain/remote-plan';
import {startHostileRegistry, type HostileRegistry, type HostileRegistryOptions} from '../fixtures/hostile-registry';
import {tempDir} from '../fixtures/temp-dir';

const digest = (n: number) => `sha256:${n.toString(16).padStart(4, '0').repeat(16)}`;
const facts = (tag: string) => ({digest: `sha256:${tag.replace(/\W/g, '').padEnd(64, 'f')}`, bytes: 300, configDigest: digest(999)});

describe('planRemoteUntag', () => {
	const tags: TagDigest[] = [
		{tag: '1.0.0', digest: digest(1)},
		{tag: 'latest', digest: digest(1)},
		{tag: '0.9.0', digest: digest(2)},
		{tag: 'multi', digest: digest(3), children: [digest(4)]},
		{tag: 'multi-amd64', digest: digest(4)},
	];
	test('a tag sharing its digest is untagged through a placeholder; the digest stays under its mate', () => {
		expect(planRemoteUntag('app', tags, ['1.0.0'], [], facts).items).toEqual([{kind: 'untag', digest: digest(1), tag: '1.0.0', keeps: ['latest'], heldBy: [], placeholder: facts('1.0.0')}]);
	});
	test('a digest named only by the tags asked for is deleted, once', () => {
		expect(planRemoteUntag('app', tags, ['0.9.0'], [], facts).items).toEqual([{kind: 'delete', digest: digest(2), tags: ['0.9.0']}]);
		expect(planRemoteUntag('app', tags, ['latest', '1.0.0'], [], facts).items).toEqual([{kind: 'delete', digest: digest(1), tags: ['1.0.0', 'latest']}]);
	});
	test('a platform manifest an index lists keeps its manifest: only its tag goes', () => {
		expect(planRemoteUntag('app', tags, ['multi-amd64'], [], facts).items).toEqual([
			{kind: 'untag', digest: digest(4), tag: 'multi-amd64', keeps: [], heldBy: ['multi'], placeholder: facts('multi-amd64')},
		]);
	});
	test('protected and unknown tags are blocked, and a protected mate is what stays', () => {
		expect(planRemoteUntag('app', tags, ['latest', '1.0.0', 'nope'], ['latest'], facts).items).toEqual([
			{kind: 'blocked', tag: 'nope', digest: null, reason: 'not in the registry'},
			{kind: 'blocked', tag: 'latest', digest: digest(1), reason: 'protected by latest'},
			{kind: 'untag', digest: digest(1), tag: '1.0.0', keeps: ['latest'], heldBy: [], placeholder: facts('1.0.0')},
		]);
	});
	test('the plan line names what is pushed, where, and what is deleted', () => {
		const [item] = planRemoteUntag('app', tags, ['1.0.0'], [], facts).items;
		expect(untagItemText(item!).detail).toBe(
			`push placeholder ${facts('1.0.0').digest.slice(0, 19)}… (OCI manifest, 300 B, empty config ${digest(999).slice(0, 19)}…) to 1.0.0, then delete ${facts('1.0.0').digest.slice(0, 19)}…; ${digest(1).slice(0, 19)}… stays under latest`,
		);
	});
});

function contextFor(registry: HostileRegistry): RegistryContext {
	const configDir = tempDir('dsw-untag-config-');
	writeFileSync(join(configDir, 'config.json'), '{}\n');
	return {configDir, options: async () => ({certsDir: registry.certsDir, insecure: new Set(), timeoutMs: 3000}), catalogPageSize: 100, now: Date.UTC(2026, 5, 1)};
}

async function untag(registry: HostileRegistry, command: 'plan' | 'clean', ...argv: string[]): Promise<{stdout: string; stderr: string; exitCode: number}> {
	const options = parseArgs([command, '--registry', `${registry.host}/app`, ...argv]);
	if ((options.kind !== 'plan' && options.kind !== 'clean') || !options.registry) throw new Error(`not a registry command: ${JSON.stringify(options)}`);
	let stdout = '';
	let stderr = '';
	const streams = {stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text)};
	const exitCode = await runRegistryUntagCommand(options.registry, {command, json: options.json, yes: options.kind === 'clean' && options.yes}, streams, contextFor(registry));
	return {stdout, stderr, exitCode};
}

/** app: 1.0.0 and latest name one image; 0.9.0 another. */
async function sharedRegistry(options: HostileRegistryOptions = {}) {
	const registry = await startHostileRegistry(options);
	const shared = registry.pushImage('app', '1.0.0');
	registry.setTag('app', 'latest', shared);
	const old = registry.pushImage('app', '0.9.0');
	return {registry, shared, old};
}

const writes = (registry: HostileRegistry) =>
	registry.requests.filter(request => ['PUT', 'POST', 'DELETE'].includes(request.method)).map(request => `${request.method} ${request.path.replace(/\?.*$/, '')}`);

describe('--untag on a registry', () => {
	test('plan: says exactly what will be pushed and deleted, and changes nothing', async () => {
		const {registry, shared} = await sharedRegistry();
		const result = await untag(registry, 'plan', '--untag', '1.0.0', '--json');
		expect(result.exitCode).toBe(0);
		const document = JSON.parse(result.stdout) as {
			rule: unknown;
			registries: {items: {action: string; push: {tag: string; digest: string; bytes: number} | null; deletes: string; keeps: string[]; digest: string}[]}[];
		};
		expect(document.rule).toEqual({untag: ['1.0.0'], protect: []});
		const [item] = document.registries[0]!.items;
		expect(item).toMatchObject({action: 'untag', digest: shared, keeps: ['latest'], push: {tag: '1.0.0'}});
		expect(item!.deletes).toBe(item!.push!.digest);
		expect(writes(registry)).toEqual([]);
	});
	test('clean --yes: 1.0.0 goes, latest still names the image, and the image was never deleted', async () => {
		const {registry, shared} = await sharedRegistry();
		const planned = JSON.parse((await untag(registry, 'plan', '--untag', '1.0.0', '--json')).stdout) as {registries: {items: {push: {digest: string}}[]}[]};
		const result = await untag(registry, 'clean', '--untag', '1.0.0', '--yes');
		expect(result.exitCode).toBe(0);
		expect(registry.tagsOf('app').sort()).toEqual(['0.9.0', 'latest']);
		expect(registry.digestOf('app', 'latest')).toBe(shared);
		const steps = writes(registry);
		expect(steps).toEqual([
			'POST /v2/app/blobs/uploads/',
			expect.stringMatching(/^PUT \/v2\/app\/blobs\/uploads\/upload-\d+$/),
			'PUT /v2/app/manifests/1.0.0',
			expect.stringMatching(/^DELETE \/v2\/app\/manifests\/sha256:[0-9a-f]{64}$/),
		]);
		expect(steps.at(-1)).not.toContain(shared);
		// The plan printed a placeholder digest of the same shape; this run's is its own (a new stamp).
		expect(planned.registries[0]!.items[0]!.push.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
		expect(result.stdout).toMatch(/untagged +\S+\/app 1\.0\.0 untagged through placeholder sha256:/);
	});
	test("a tag that is its digest's only name: the digest is deleted, nothing pushed", async () => {
		const {registry, old} = await sharedRegistry();
		const result = await untag(registry, 'clean', '--untag', '0.9.0', '--yes');
		expect(result.exitCode).toBe(0);
		expect(writes(registry)).toEqual([`DELETE /v2/app/manifests/${old}`]);
	});
	test('a registry that refuses pushes: said once, nothing changed, the next tag not attempted, exit 1', async () => {
		const {registry, shared} = await sharedRegistry({pushes: false});
		registry.setTag('app', 'stable', registry.digestOf('app', '0.9.0'));
		const result = await untag(registry, 'clean', '--untag', '1.0.0', '--untag', '0.9.0', '--yes');
		expect(result.exitCode).toBe(1);
		expect(result.stdout.match(/does not accept pushes/g)).toHaveLength(1);
		expect(result.stdout).toContain('not attempted: 1 more tag on');
		expect(writes(registry)).toEqual(['POST /v2/app/blobs/uploads/']);
		expect(registry.digestOf('app', '1.0.0')).toBe(shared);
		expect(registry.tagsOf('app').sort()).toEqual(['0.9.0', '1.0.0', 'latest', 'stable']);
	});
	test('a registry that takes the push but refuses the delete: the tag is put back on its image', async () => {
		const {registry, shared} = await sharedRegistry({deletes: false});
		const result = await untag(registry, 'clean', '--untag', '1.0.0', '--yes');
		expect(result.exitCode).toBe(1);
		expect(result.stdout).toContain(`does not allow deletes (the registry runs with storage.delete.enabled false); 1.0.0 was put back on ${shared.slice(0, 19)}…`);
		expect(registry.digestOf('app', '1.0.0')).toBe(shared);
		expect(writes(registry).filter(step => step === 'PUT /v2/app/manifests/1.0.0')).toHaveLength(2);
	});
	test('a tag moved between the plan and the re-check is skipped and reported', async () => {
		const {registry, old} = await sharedRegistry();
		let lists = 0;
		registry.onRequest(request => {
			if (request.method === 'GET' && request.path === '/v2/app/tags/list' && ++lists === 2) registry.setTag('app', 'latest', old);
		});
		const result = await untag(registry, 'clean', '--untag', '1.0.0', '--yes');
		expect(lists).toBe(2);
		expect(result.exitCode).toBe(1);
		expect(result.stdout).toMatch(/skipped +\S+\/app 1\.0\.0 changed since the plan: now it would delete sha256:[0-9a-f]{12}…; no other tag names it/);
		expect(writes(registry)).toEqual([]);
	});
	test('a protected tag is blocked in the plan: exit 1, and clean touches nothing of it', async () => {
		const {registry} = await sharedRegistry();
		const result = await untag(registry, 'clean', '--untag', 'latest', '--protect', 'latest', '--yes');
		expect(result.exitCode).toBe(1);
		expect(result.stdout).toMatch(/blocked +latest +protected by latest/);
		expect(writes(registry)).toEqual([]);
	});
});
