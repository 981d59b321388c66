import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {beforeAll, expect, test} from 'vitest';
import {docker, sandboxEnv, seedSandbox} from './harness';

const run = promisify(execFile);
beforeAll(seedSandbox);

async function plan(...args: string[]): Promise<{stdout: string; stderr: string; code: number}> {
	return run('node', ['dist/cli.js', 'plan', ...args], {env: sandboxEnv()}).then(
		({stdout, stderr}) => ({stdout, stderr, code: 0}),
		(error: {stdout: string; stderr: string; code: number}) => error,
	);
}

const engineState = async () => `${(await docker('images', '-a', '--no-trunc', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}')).split('\n').sort().join('\n')}\n${await docker('ps', '-a', '--format', '{{.Names}}')}`;

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
	const json = JSON.parse(result.stdout) as {totals: {containersRemoved: number; imagesDeleted: number}; steps: {kind: string}[]};
	expect(json.totals).toMatchObject({containersRemoved: 2, imagesDeleted: 1});
	expect(json.steps.map(step => step.kind)).toEqual(['remove-container', 'remove-container', 'delete']);
});

test('an unknown image is exit 2 with a one-line message', async () => {
	const result = await plan('no-such-image:9');
	expect(result.code).toBe(2);
	expect(result.stderr.trim()).toBe('dockswab: no such image: no-such-image:9');
});
