// `dockswab layers` on an image pulled from an OCI index on Docker 26 with the containerd image
// store: the engine holds only its own platform, and its `docker save` names the index. The index
// lists linux/arm64 first, so taking the first manifest listed would read the wrong platform (or
// none). Oracle: the fixture's own bytes (one file per platform, its text known here).
import {execFile} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {promisify} from 'node:util';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {pushIndex, type PushedIndex, type RegistryLogin} from '../fixtures/oci-index';
import {tempDir} from '../fixtures/temp-dir';
import {docker, sandboxEnv} from './harness';

// This file is about the containerd image store, whichever project runs it.
if (!process.env.DOCKSWAB_CONTAINERD_HOST) throw new Error('the sandbox environment names no containerd-store engine');
process.env.DOCKER_HOST = process.env.DOCKSWAB_CONTAINERD_HOST;

const exec = promisify(execFile);
const run = randomBytes(4).toString('hex');
const repository = `layers-multi/app-${run}`;
let reference = '';
let pushed: PushedIndex;
let config = '';
let pulledImage = false;

async function dockswab(...args: string[]): Promise<{stdout: string; stderr: string; code: number}> {
	return exec('node', ['dist/cli.js', ...args], {env: {...sandboxEnv(), DOCKER_CONFIG: config}}).then(
		({stdout, stderr}) => ({stdout, stderr, code: 0}),
		(error: {stdout: string; stderr: string; code: number}) => ({stdout: error.stdout, stderr: error.stderr, code: error.code}),
	);
}

beforeAll(async () => {
	const env = sandboxEnv();
	const registry = env.DOCKSWAB_REGISTRY!;
	if (!/^127\.\d+\.\d+\.\d+:\d+$/.test(registry)) throw new Error(`refusing a registry that is not on loopback: ${registry}`);
	const login: RegistryLogin = {username: env.DOCKSWAB_REGISTRY_USER!, password: readFileSync(env.DOCKSWAB_REGISTRY_PASSWORD_FILE!, 'utf8').trim()};
	const store = await docker('info', '--format', '{{json .DriverStatus}}');
	if (!store.includes('io.containerd.snapshotter.v1')) throw new Error(`not the containerd image store: ${store}`);
	if ((await docker('version', '--format', '{{.Server.Arch}}')) !== 'amd64') throw new Error('this test expects an amd64 engine');
	config = tempDir('dsw-layers-multi-');
	await exec('sh', ['-c', 'docker login --username "$1" --password-stdin "$2" < "$3"', '_', login.username, registry, env.DOCKSWAB_REGISTRY_PASSWORD_FILE!], {env: {...env, DOCKER_CONFIG: config}});
	pushed = await pushIndex(registry, repository, '1.0', {
		login,
		salt: run,
		platforms: [
			{os: 'linux', architecture: 'arm64'},
			{os: 'linux', architecture: 'amd64'},
		],
	});
	reference = `${registry}/${repository}:1.0`;
	await exec('docker', ['pull', '-q', reference], {env: {...env, DOCKER_CONFIG: config}});
	pulledImage = true;
}, 120_000);

afterAll(async () => {
	if (pulledImage) await docker('rmi', '-f', reference).catch(() => undefined);
});

type LayersJson = {
	image: {id: string};
	totalBytes: number;
	layers: Record<string, unknown>[];
};

test('layers on the index-named image reads the platform the engine holds (amd64, listed second), with its bytes', async () => {
	const result = await dockswab('layers', '--json', reference);
	expect(result.stderr).toBe('');
	expect(result.code).toBe(0);
	const json = JSON.parse(result.stdout) as LayersJson;
	// The engine names the image by the index's digest.
	expect(json.image.id).toBe(pushed.index);
	// The fixture's amd64 layer: hello-amd64.txt holding this text, and nothing else.
	const amd64Text = `dockswab fixture linux/amd64 ${run}\n`;
	const amd64Config = JSON.parse(await docker('image', 'inspect', '--format', '{{json .RootFS.Layers}}', reference)) as string[];
	expect(json.layers).toEqual([
		{
			layer: 1,
			diffId: amd64Config[0],
			createdBy: 'dockswab fixture linux/amd64',
			bytes: Buffer.byteLength(amd64Text),
			share: 1,
			files: 1,
			added: {count: 1, bytes: Buffer.byteLength(amd64Text)},
			changed: {count: 0, bytes: 0},
			removed: {count: 0, bytes: 0},
			wastedBytes: 0,
		},
	]);
	expect(json.totalBytes).toBe(Buffer.byteLength(amd64Text));
	const plain = await dockswab('layers', reference);
	expect(plain.stdout).toContain('dockswab fixture linux/amd64');
	expect(plain.stdout).not.toContain('arm64');
});
