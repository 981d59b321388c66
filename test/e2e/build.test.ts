// buildImage against the sandbox engine: the context honours .dockerignore as the docker CLI's
// does (a container listing the copied files is the oracle), the result is tagged, a failing RUN
// fails with its output in the log, and a cancelled build leaves no tag.
import {execFile} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {promisify} from 'node:util';
import {beforeAll, expect, test} from 'vitest';
import {buildImage} from '../../source/engine/build';
import {pinnedEngine, unversionedClient, type EngineClient} from '../../source/engine/connect';
import {TransferError, type StreamLine} from '../../source/engine/transfer';
import {resolveEngineTarget} from '../../source/engine/target';
import {docker, sandboxEnv, seedSandbox, waitFor} from './harness';
import {tempDir} from '../fixtures/temp-dir';

const run = promisify(execFile);
let client: EngineClient;

beforeAll(async () => {
	await seedSandbox();
	const target = resolveEngineTarget(sandboxEnv());
	client = pinnedEngine(target, await unversionedClient(target).version()).docker;
});

function makeContext(files: Record<string, string>): string {
	const dir = tempDir('dockswab-build-');
	for (const [path, content] of Object.entries(files)) {
		mkdirSync(dirname(join(dir, path)), {recursive: true});
		writeFileSync(join(dir, path), content);
	}
	return dir;
}

const listing = async (reference: string) => (await docker('run', '--rm', '--network', 'none', reference, 'find', '/ctx')).split('\n').sort();
const imageId = async (reference: string) => (await docker('image', 'inspect', '--format', '{{.Id}}', reference)).replace(/^sha256:/, '');
const containerCommands = async () => (await docker('ps', '-a', '--no-trunc', '--format', '{{.Command}}')).split('\n');
const exists = async (reference: string) =>
	docker('image', 'inspect', reference).then(
		() => true,
		() => false,
	);

/** The docker CLI's classic build of the same context; dockerd 20.10 now and then loses a step, so up to three tries. */
async function cliBuild(reference: string, context: string): Promise<void> {
	for (let attempt = 1; ; attempt++) {
		try {
			await run('docker', ['build', '-q', '-t', reference, context], {env: {...sandboxEnv(), DOCKER_BUILDKIT: '0'}});
			return;
		} catch (error) {
			if (attempt === 3) throw error;
		}
	}
}

test('a build honours .dockerignore like the docker CLI, tags the result and names its image ID', async () => {
	const context = makeContext({
		Dockerfile: 'FROM busybox:sandbox\nCOPY . /ctx\n',
		'.dockerignore': 'secret.txt\nlogs\n!logs/keep.log\n**/*.tmp\n',
		'keep.txt': 'keep',
		'secret.txt': 'secret',
		'logs/a.log': 'a',
		'logs/keep.log': 'kept',
		'sub/file.txt': 'file',
		'sub/deep/scratch.tmp': 'scratch',
	});
	const lines: StreamLine[] = [];
	const result = await buildImage(client, context, 'Dockerfile', 'build-e2e/app:1.0.1', line => lines.push(line), new AbortController().signal);

	expect(await imageId('build-e2e/app:1.0.1')).toBe(result.imageId);
	expect(lines.map(line => line.stream ?? '').join('')).toContain('Step 2/2 : COPY . /ctx');
	const files = await listing('build-e2e/app:1.0.1');
	expect(files).toContain('/ctx/keep.txt');
	expect(files).toContain('/ctx/logs/keep.log');
	expect(files).not.toContain('/ctx/secret.txt');
	expect(files).not.toContain('/ctx/logs/a.log');
	expect(files).not.toContain('/ctx/sub/deep/scratch.tmp');

	await cliBuild('build-e2e/cli:1', context);
	expect(files).toEqual(await listing('build-e2e/cli:1'));
});

test('a Dockerfile outside the context under another name builds', async () => {
	const context = makeContext({'keep.txt': 'keep'});
	const elsewhere = makeContext({'app.docker': 'FROM busybox:sandbox\nCOPY . /ctx\n'});
	const result = await buildImage(client, context, join(elsewhere, 'app.docker'), 'build-e2e/outside:1', () => undefined, new AbortController().signal);
	expect(await imageId('build-e2e/outside:1')).toBe(result.imageId);
	expect((await listing('build-e2e/outside:1')).filter(path => !path.startsWith('/ctx/.dockerfile.'))).toEqual(['/ctx', '/ctx/keep.txt']);
});

test('a failing RUN fails the build with the engine error, its output in the log, and no tag', async () => {
	const context = makeContext({Dockerfile: "FROM busybox:sandbox\nRUN sh -c 'echo boom; exit 3'\n"});
	const lines: StreamLine[] = [];
	const outcome = buildImage(client, context, 'Dockerfile', 'build-e2e/broken:1', line => lines.push(line), new AbortController().signal);
	await expect(outcome).rejects.toBeInstanceOf(TransferError);
	const failure = await outcome.catch((error: TransferError) => error.failure);
	expect(failure).toMatchObject({kind: 'failed'});
	expect((failure as {message: string}).message).toMatch(/returned a non-zero code: 3$/);
	expect(lines.map(line => line.stream ?? '').join('')).toMatch(/^boom$/m);
	expect(await exists('build-e2e/broken:1')).toBe(false);
	// Intermediate containers go even when a step fails: nothing left behind to clean up.
	expect((await containerCommands()).filter(command => command.includes('echo boom'))).toEqual([]);
});

test('cancelling a running build aborts it and leaves no tag', async () => {
	const context = makeContext({Dockerfile: 'FROM busybox:sandbox\nRUN echo started; sleep 30\n'});
	const controller = new AbortController();
	const lines: StreamLine[] = [];
	const outcome = buildImage(client, context, 'Dockerfile', 'build-e2e/cancelled:1', line => lines.push(line), controller.signal);
	outcome.catch(() => undefined);
	await waitFor(() => lines.some(line => line.stream === 'started\n'), 'the RUN step to start', 20_000);
	controller.abort();
	await expect(outcome).rejects.toMatchObject({failure: {kind: 'aborted'}});
	// The engine stops the step when the request goes; no image is tagged afterwards.
	await waitFor(async () => !(await containerCommands()).some(command => command.includes('sleep 30')), 'the step container to go', 20_000);
	expect(await exists('build-e2e/cancelled:1')).toBe(false);
});
