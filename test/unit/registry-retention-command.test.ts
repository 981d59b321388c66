// `dockswab plan|clean --registry` against small registries served on loopback by the test: the
// requests the registry received (DELETEs above all) and the tags it holds afterwards are the oracle.
import {createServer} from 'node:net';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, test} from 'vitest';
import {parseArgs} from '../../source/cli-args';
import {runRegistryCleanCommand} from '../../source/commands/registry-clean';
import {runRegistryPlanCommand, type RegistryContext} from '../../source/commands/registry-plan';
import type {RegistryRetention} from '../../source/registry-args';
import {startHostileRegistry, type HostileRegistry, type HostileRegistryOptions} from '../fixtures/hostile-registry';
import {tempDir} from '../fixtures/temp-dir';

const now = Date.UTC(2026, 5, 1);

function contextFor(registry: Pick<HostileRegistry, 'certsDir'>): RegistryContext {
	const configDir = tempDir('dsw-retention-config-');
	writeFileSync(join(configDir, 'config.json'), '{}\n');
	return {configDir, options: async () => ({certsDir: registry.certsDir, insecure: new Set(), timeoutMs: 3000}), catalogPageSize: 2, now};
}

/** The retention the command line asks for, through the real parser. */
function retention(...argv: string[]): RegistryRetention & {json: boolean} {
	const options = parseArgs(['clean', ...argv]);
	if (options.kind !== 'clean' || !options.registry) throw new Error(`not a registry clean: ${JSON.stringify(options)}`);
	return {...options.registry, json: options.json};
}

type Run = {stdout: string; stderr: string; exitCode: number};

async function clean(registry: Pick<HostileRegistry, 'certsDir'>, yes: boolean, ...argv: string[]): Promise<Run> {
	let stdout = '';
	let stderr = '';
	const asked = retention(...argv);
	const exitCode = await runRegistryCleanCommand(asked, {json: asked.json, yes}, {stdout: text => void (stdout += text), stderr: text => void (stderr += text)}, contextFor(registry));
	return {stdout, stderr, exitCode};
}

const deletes = (registry: HostileRegistry) => registry.requests.filter(request => request.method === 'DELETE').map(request => request.path);

/** app: 1.0.0 … 1.3.0, each its own image; latest names 1.3.0's digest; stable names 1.0.0's. */
async function versionedRegistry(options: HostileRegistryOptions = {}): Promise<{registry: HostileRegistry; digests: Record<string, string>}> {
	const registry = await startHostileRegistry(options);
	const digests: Record<string, string> = {};
	for (const version of ['1.0.0', '1.1.0', '1.2.0', '1.3.0']) digests[version] = registry.pushImage('app', version);
	registry.setTag('app', 'latest', digests['1.3.0']!);
	registry.setTag('app', 'stable', digests['1.0.0']!);
	return {registry, digests};
}

describe('plan --registry', () => {
	test('keep the newest 2 versions: the plan names each digest, what stays and why, and deletes nothing', async () => {
		const {registry, digests} = await versionedRegistry();
		const asked = retention('--registry', `${registry.host}/app`, '--keep', '2', '--json');
		const result = await runRegistryPlanCommand(asked, true, contextFor(registry));
		expect(result.exitCode).toBe(0);
		const document = JSON.parse(result.stdout) as {
			version: number;
			command: string;
			executed: boolean;
			rule: unknown;
			registries: {registry: string; repository: string; ok: boolean; items: unknown[]; kept: unknown[]}[];
		};
		expect(document).toMatchObject({version: 1, command: 'plan', executed: false, rule: {keep: 2, match: null, order: 'semver', olderThanSeconds: null, protect: []}});
		expect(document.registries).toHaveLength(1);
		expect(document.registries[0]).toMatchObject({registry: registry.host, repository: 'app', ok: true});
		expect(document.registries[0]!.items).toEqual([{digest: digests['1.1.0'], tags: ['1.1.0'], action: 'delete', alsoRemoves: [], reason: null}]);
		expect(document.registries[0]!.kept).toEqual([
			{tag: '1.3.0', reason: 'one of the newest 2 versions'},
			{tag: '1.2.0', reason: 'one of the newest 2 versions'},
			{tag: '1.0.0', reason: 'shares its digest with kept stable'},
			{tag: 'latest', reason: 'not a version'},
			{tag: 'stable', reason: 'not a version'},
		]);
		expect(deletes(registry)).toEqual([]);
	});
	test('HOST/* plans every repository the catalog lists, following its pages', async () => {
		const registry = await startHostileRegistry();
		for (const name of ['a', 'b', 'c']) {
			registry.pushImage(name, '1.0.0');
			registry.pushImage(name, '2.0.0');
		}
		const asked = retention('--registry', `${registry.host}/*`, '--keep', '1');
		const result = await runRegistryPlanCommand(asked, false, contextFor(registry));
		expect(result.exitCode).toBe(0);
		expect(result.stdout.match(/^== .*$/gm)).toEqual([`== ${registry.host}/a`, `== ${registry.host}/b`, `== ${registry.host}/c`]);
		// Pages of 2: the catalog was read twice.
		expect(registry.requests.filter(request => request.path.startsWith('/v2/_catalog'))).toHaveLength(2);
		expect(result.stdout).toContain('Nothing was changed');
	});
});

describe('an empty catalog', () => {
	test('HOST/* on a registry with no repository: nothing to plan, exit 0', async () => {
		const registry = await startHostileRegistry();
		const result = await runRegistryPlanCommand(retention('--registry', `${registry.host}/*`, '--keep', '1'), false, contextFor(registry));
		expect(result).toEqual({stdout: 'no repositories to plan: the catalog lists none\n', stderr: '', exitCode: 0});
	});
});

describe('bad input: a clear message, exit code 2, nothing deleted', () => {
	test('a REGEX that does not compile is refused by the parser', () => {
		const options = parseArgs(['clean', '--registry', '127.0.0.1:5000/app', '--keep', '1', '--match', '1.(', '--yes']);
		expect(options).toMatchObject({kind: 'error'});
		expect(options.kind === 'error' && options.message).toMatch(/^--match: "1\.\(" is not a regular expression \(.+\)$/);
	});
	test('a registry nobody answers at', async () => {
		const closed = await new Promise<number>(resolve => {
			const server = createServer().listen(0, '127.0.0.1', () => {
				const {port} = server.address() as {port: number};
				server.close(() => resolve(port));
			});
		});
		const result = await clean({certsDir: tempDir('dsw-no-certs-')}, true, '--registry', `127.0.0.1:${closed}/app`, '--keep', '1');
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(new RegExp(`^dockswab: 127\\.0\\.0\\.1:${closed} is not a registry dockswab can reach: .+\\n$`));
		expect(result.stdout).toBe('');
	});
	test('a catalog the registry does not show without a login: exit 2, and no repository is touched', async () => {
		const {registry} = await versionedRegistry({auth: {kind: 'basic', username: 'u', password: 'p'}});
		const result = await clean(registry, true, '--registry', `${registry.host}/*`, '--keep', '0');
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain(`${registry.host}/*: no catalog access (${registry.host} requires a login); name each repository: --registry ${registry.host}/REPO`);
		expect(deletes(registry)).toEqual([]);
	});
	test('an unknown repository next to a known one: nothing is deleted in either', async () => {
		const {registry} = await versionedRegistry();
		const result = await clean(registry, true, '--registry', `${registry.host}/app`, '--registry', `${registry.host}/nope`, '--keep', '1');
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain(`dockswab: ${registry.host}/nope: repository nope not found on ${registry.host}`);
		expect(deletes(registry)).toEqual([]);
		expect(registry.tagsOf('app')).toHaveLength(6);
	});
});

describe('clean --registry --yes', () => {
	test('deletes exactly the planned digests, says the garbage collection frees the storage, and exits 0', async () => {
		const {registry, digests} = await versionedRegistry();
		const result = await clean(registry, true, '--registry', `${registry.host}/app`, '--keep', '1');
		expect(result.exitCode).toBe(0);
		expect(deletes(registry).sort()).toEqual([`/v2/app/manifests/${digests['1.2.0']}`, `/v2/app/manifests/${digests['1.1.0']}`].sort());
		expect(registry.tagsOf('app').sort()).toEqual(['1.0.0', '1.3.0', 'latest', 'stable']);
		expect(result.stdout).toContain(`deleted  ${registry.host}/app 1.2.0 deleted sha256:`);
		expect(result.stdout).toContain('2 digests deleted (2 tags) · 0 failed · 0 skipped');
		expect(result.stdout).toContain('garbage collection');
	});
	test('without --yes nothing is deleted', async () => {
		const {registry} = await versionedRegistry();
		const result = await clean(registry, false, '--registry', `${registry.host}/app`, '--keep', '1');
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toContain('Nothing was changed: add --yes to carry out this plan.');
		expect(deletes(registry)).toEqual([]);
	});
	test('a tag that moved onto a planned digest after the plan: that digest is skipped and reported, the rest deleted', async () => {
		const {registry, digests} = await versionedRegistry();
		// The second read of the tag list is the re-check: someone tags 1.1.0's image as prod first.
		let lists = 0;
		registry.onRequest(request => {
			if (request.method === 'GET' && request.path === '/v2/app/tags/list' && ++lists === 2) registry.setTag('app', 'prod', digests['1.1.0']!);
		});
		const result = await clean(registry, true, '--registry', `${registry.host}/app`, '--keep', '1', '--json');
		expect(lists).toBe(2);
		expect(deletes(registry)).toEqual([`/v2/app/manifests/${digests['1.2.0']}`]);
		expect(registry.digestOf('app', '1.1.0')).toBe(digests['1.1.0']);
		expect(result.exitCode).toBe(1);
		const document = JSON.parse(result.stdout) as {executed: boolean; registries: {results: {label: string; status: string; message: string}[]}[]};
		expect(document.executed).toBe(true);
		expect(document.registries[0]!.results).toEqual(
			expect.arrayContaining([
				{label: '1.1.0', status: 'skipped', message: 'changed since the plan: 1.1.0 shares its digest with kept prod'},
				expect.objectContaining({label: '1.2.0', status: 'deleted'}),
			]),
		);
	});
	test('a registry that cannot be read again right before the deletes: nothing deleted, and the output says why', async () => {
		const {registry} = await versionedRegistry();
		let lists = 0;
		registry.onRequest(request => {
			if (request.method === 'GET' && request.path === '/v2/app/tags/list' && ++lists === 2) registry.misbehave.failRequests = {status: 503, message: 'maintenance'};
		});
		const result = await clean(registry, true, '--registry', `${registry.host}/app`, '--keep', '1');
		expect(result.exitCode).toBe(1);
		expect(deletes(registry)).toEqual([]);
		expect(result.stdout).toMatch(/^skipped +\S+\/app 1\.2\.0 the registry could not be read again \(.*503.*\); nothing deleted$/m);
		expect(result.stdout).not.toContain('refused the delete above');
	});
	test('a registry that refuses deletes (405): said once, and nothing else is attempted, in any repository', async () => {
		const registry = await startHostileRegistry({deletes: false});
		for (const name of ['a', 'b']) for (const version of ['1.0.0', '1.1.0', '1.2.0']) registry.pushImage(name, version);
		const result = await clean(registry, true, '--registry', `${registry.host}/*`, '--keep', '1');
		expect(deletes(registry)).toHaveLength(1);
		expect(result.exitCode).toBe(1);
		const refusals = result.stdout.split('\n').filter(line => line.includes('does not allow deletes'));
		expect(refusals).toEqual([`failed   ${registry.host}/a 1.1.0 ${registry.host} does not allow deletes (the registry runs with storage.delete.enabled false)`]);
		expect(result.stdout).toContain(`not attempted: 3 more deletes on ${registry.host}, which refused the delete above`);
		expect(registry.tagsOf('a')).toHaveLength(3);
		expect(registry.tagsOf('b')).toHaveLength(3);
	});
	test('--order pushed with --older-than deletes only images made before the age, keeping the newest', async () => {
		const registry = await startHostileRegistry();
		const day = 86_400_000;
		const made = (daysAgo: number) => new Date(now - daysAgo * day).toISOString();
		const old = registry.pushImage('ci', 'build-a', {created: made(40)});
		registry.pushImage('ci', 'build-b', {created: made(35)});
		registry.pushImage('ci', 'build-c', {created: made(5)});
		registry.pushImage('ci', 'build-d', {created: made(1)});
		registry.pushImage('ci', 'main', {created: made(50)});
		const result = await clean(registry, true, '--registry', `${registry.host}/ci`, '--keep', '1', '--order', 'pushed', '--older-than', '30d', '--match', 'build-.*');
		expect(result.exitCode).toBe(0);
		expect(registry.tagsOf('ci').sort()).toEqual(['build-c', 'build-d', 'main']);
		expect(deletes(registry)).toContain(`/v2/ci/manifests/${old}`);
		expect(result.stdout).toMatch(/keep +build-c +made within 30d/);
		expect(result.stdout).toMatch(/keep +main +does not match build-\.\*/);
	});
});
