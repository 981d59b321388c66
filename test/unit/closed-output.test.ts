// The printing commands as they run from a shell, with a reader that has gone before they write
// (`dockswab logout x | true`): they finish quietly, never with a stack trace.
import {spawn} from 'node:child_process';
import {beforeAll, expect, test} from 'vitest';
import {buildCli, isolatedEnv} from '../fixtures/built-cli';
import {fakeImage, sendJson, startFakeEngine} from '../fixtures/fake-engine';
import {tempDir} from '../fixtures/temp-dir';

let cli = '';
let home = '';

beforeAll(async () => {
	home = tempDir('dsw-closed-output-');
	cli = await buildCli(home);
}, 60_000);

/** Runs the CLI with its stdout pipe closed on our side at once: its first write meets EPIPE. */
function runWithClosedStdout(args: readonly string[], env: Record<string, string>): Promise<{code: number | null; stderr: string}> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cli, ...args], {stdio: ['ignore', 'pipe', 'pipe'], env});
		child.stdout.destroy();
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		child.on('error', reject);
		child.on('close', code => resolve({code, stderr}));
	});
}

test('--help and --version with their stdout closed end with exit code 0 and nothing on stderr', async () => {
	for (const args of [['--help'], ['--version']]) {
		const result = await runWithClosedStdout(args, isolatedEnv(home, {}));
		expect(result).toEqual({code: 0, stderr: ''});
	}
}, 30_000);

test('logout with its stdout closed ends with its own exit code and nothing on stderr', async () => {
	const result = await runWithClosedStdout(['logout', 'registry.example:5000'], isolatedEnv(home, {}));
	expect(result.stderr).toBe('');
	expect(result.code).toBe(0);
}, 30_000);

test('clean --yes with its stdout closed still carries out its plan, and ends quietly', async () => {
	const imageId = fakeImage.Id.replace(/^sha256:/, '');
	const engine = await startFakeEngine({
		containers: [],
		route: (request, path, response) => {
			if (!path.startsWith(`/images/${imageId}`)) return false;
			if (request.method === 'DELETE') sendJson(response, 200, [{Untagged: fakeImage.RepoTags[0]}, {Deleted: fakeImage.Id}]);
			else sendJson(response, 200, {Id: fakeImage.Id, RepoTags: fakeImage.RepoTags, RootFS: {Layers: []}});
			return true;
		},
	});
	try {
		const result = await runWithClosedStdout(['clean', fakeImage.RepoTags[0]!, '--yes', '-H', engine.host], isolatedEnv(home, {}));
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(engine.requests.filter(request => request.startsWith('DELETE '))).toEqual([`DELETE /images/${imageId}`]);
	} finally {
		await engine.close();
	}
}, 30_000);
