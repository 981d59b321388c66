import {execFile} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {promisify} from 'node:util';
import {beforeAll, expect, test} from 'vitest';
import {docker, imageStore, sandboxEnv, seedSandbox} from './harness';

const run = promisify(execFile);
beforeAll(seedSandbox);

async function plan(...args: string[]): Promise<{stdout: string; stderr: string; code: number}> {
	return run('node', ['dist/cli.js', 'plan', ...args], {env: sandboxEnv()}).then(
		({stdout, stderr}) => ({stdout, stderr, code: 0}),
		(error: {stdout: string; stderr: string; code: number}) => error,
	);
}

const engineState = async () =>
	`${(await docker('images', '-a', '--no-trunc', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}')).split('\n').sort().join('\n')}\n${await docker('ps', '-a', '--format', '{{.Names}}')}`;

test('dockswab plan names every blocker, exits 1 when blocked, and changes nothing', async () => {
	const before = await engineState();
	const result = await plan('worker:0.9.0', 'web:2.1.0', 'app:latest', 'app:1.0.0');
	expect(result.code).toBe(1);
	expect(result.stdout).toMatch(/blocked\s+worker:0\.9\.0\s+stopped containers worker-old-1, worker-old-2 \(--remove-stopped removes them first\)/);
	expect(result.stdout).toMatch(/blocked\s+web:2\.1\.0\s+running container web-1: stop it first/);
	expect(result.stdout).toMatch(/untag\s+app:latest/);
	expect(result.stdout).toMatch(/delete\s+app:1\.0\.0\s+frees/);
	expect(await engineState()).toBe(before);
});

test('--remove-stopped makes the stopped-container case runnable (exit 0); --json is machine-readable', async () => {
	const result = await plan('--remove-stopped', '--json', 'worker:0.9.0');
	expect(result.code).toBe(0);
	const {version, engines} = JSON.parse(result.stdout) as {version: number; engines: {totals: {containersRemoved: number; imagesDeleted: number}; steps: {kind: string}[]}[]};
	expect(version).toBe(1);
	const json = engines[0]!;
	expect(json.totals).toMatchObject({containersRemoved: 2, imagesDeleted: 1});
	expect(json.steps.map(step => step.kind)).toEqual(['remove-container', 'remove-container', 'delete']);
});

test('an unknown image is exit 2 with a one-line message', async () => {
	const result = await plan('no-such-image:9');
	expect(result.code).toBe(2);
	expect(result.stderr.trim()).toBe('dockswab: no such image: no-such-image:9');
});

test('an invalid reference says which rule it breaks, not "no such image" (exit 2)', async () => {
	const result = await plan('Bad:Tag!!');
	expect(result.code).toBe(2);
	expect(result.stderr.trim()).toBe('dockswab: invalid reference "Bad:Tag!!": repository names must be lowercase');
});

test('an image ID with several tags is blocked as `docker rmi ID` is refused, naming the tags (exit 1)', async () => {
	const before = await engineState();
	const id = await docker('image', 'inspect', '--format', '{{.Id}}', 'app:latest');
	const tags = (await docker('image', 'inspect', '--format', '{{join .RepoTags ", "}}', id)).split(', ').sort().join(', ');
	const result = await plan(id);
	expect(result.code).toBe(1);
	const line = /^blocked (\S+) referenced in multiple repositories \((.*)\); name the tags instead$/.exec(result.stdout.split('\n')[0]!);
	expect(line?.[1]).toBe(id.slice(7, 19));
	expect(line?.[2]?.split(', ').sort().join(', ')).toBe(tags);
	expect(result.stdout).toContain('0 images deleted · 0 tags removed');
	expect(await engineState()).toBe(before);
});

test('an image ID with one tag plans its deletion with the tag, as `docker rmi ID` does (exit 0)', async () => {
	const id = await docker('image', 'inspect', '--format', '{{.Id}}', 'app:1.0.0');
	const result = await plan(id.slice(7, 19));
	expect(result.code).toBe(0);
	expect(result.stdout).toMatch(new RegExp(`^delete\\s+${id.slice(7, 19)}\\s+frees`));
	expect(result.stdout).toContain('1 image deleted · 1 tag removed');
});

test("the readme's plan sample is what the command prints on the seeded sandbox", async () => {
	const readme = readFileSync('readme.md', 'utf8');
	const command = '$ dockswab plan worker:0.9.0 web:2.1.0 app:latest app:1.0.0\n';
	const sample = readme.slice(readme.indexOf(command) + command.length).split('\n$ ')[0]!;
	const registry = /(127\.0\.0\.1:\d+)\/app/.exec(sample)?.[1];
	const replaced = registry ? sample.replaceAll(registry, sandboxEnv().DOCKSWAB_REGISTRY!) : sample;
	// The sample is the demo's engine, the containerd store; the classic store's bytes need no note.
	const expected = imageStore() === 'containerd' ? replaced : replaced.replace(/^containerd image store: .*\n/m, '');
	const result = await plan('worker:0.9.0', 'web:2.1.0', 'app:latest', 'app:1.0.0');
	// The bytes a layer frees depend on whether the storage driver found the seed's identical
	// layers shared: the sample's figures stand for any figure, everything else must match.
	const anyBytes = (text: string) => text.replace(/\d+(\.\d+)?[kMG]?B\b/g, '<bytes>');
	expect(anyBytes(result.stdout)).toBe(anyBytes(`${expected}\n`));
});
