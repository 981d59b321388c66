// `dockswab clean --yes` against a loopback engine that answers the lists and then stalls on a
// DELETE: each step's line is out as soon as the step ends, and a call the engine never answers
// ends the run with a timeout instead of hanging it.
import type {ServerResponse} from 'node:http';
import {afterEach, expect, test} from 'vitest';
import {parseArgs} from '../../source/cli-args';
import {runCleanCommand} from '../../source/commands/clean';
import {commandTargets} from '../../source/commands/engines';
import {fakeImage, sendJson, startFakeEngine, type FakeEngine} from '../fixtures/fake-engine';
import {tempDir} from '../fixtures/temp-dir';

const first = {...fakeImage, Id: `sha256:${'a1'.repeat(32)}`, RepoTags: ['fake/app:1.0.0']};
const second = {...fakeImage, Id: `sha256:${'b2'.repeat(32)}`, RepoTags: ['fake/app:2.0.0']};
const idOf = (image: typeof fakeImage) => image.Id.replace(/^sha256:/, '');

let engine: FakeEngine | null = null;

afterEach(async () => {
	await engine?.close();
	engine = null;
});

/**
 * An engine holding the two images; DELETE of the first is answered, DELETE of the second is
 * handed to `second` (held by default: the engine never answers it).
 */
async function stallingEngine(secondDelete?: (response: ServerResponse) => void): Promise<{engine: FakeEngine; held: Promise<ServerResponse>}> {
	let hold: (response: ServerResponse) => void = () => undefined;
	const held = new Promise<ServerResponse>(resolve => {
		hold = resolve;
	});
	const started = await startFakeEngine({
		images: [first, second],
		containers: [],
		route: (request, path, response) => {
			const image = [first, second].find(candidate => path.startsWith(`/images/${idOf(candidate)}`) || path.startsWith(`/images/${candidate.Id}`));
			if (!image) return false;
			if (request.method === 'GET' && path.endsWith('/json')) {
				sendJson(response, 200, {Id: image.Id, RepoTags: image.RepoTags, RootFS: {Layers: []}});
				return true;
			}
			if (request.method !== 'DELETE') return false;
			if (image === first) sendJson(response, 200, [{Untagged: image.RepoTags[0]}, {Deleted: image.Id}]);
			else (secondDelete ?? hold)(response);
			return true;
		},
	});
	return {engine: started, held};
}

function cleanOptions(host: string) {
	const options = parseArgs(['clean', 'fake/app:1.0.0', 'fake/app:2.0.0', '--yes', '-H', host]);
	if (options.kind !== 'clean') throw new Error(`not a clean command: ${options.kind}`);
	return options;
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setImmediate(resolve));
	}
}

test("clean prints each step's line as the step ends: the first delete is on stdout while the second is still waiting", async () => {
	const stalling = await stallingEngine();
	engine = stalling.engine;
	const env = {DOCKER_CONFIG: tempDir('dsw-clean-config-'), DOCKSWAB_ENGINE_TIMEOUT: '600'};
	const options = cleanOptions(engine.host);
	let stdout = '';
	let ended = false;
	const run = runCleanCommand(commandTargets(env, options), options, {stdout: text => (stdout += text), stderr: () => undefined}, env).finally(() => {
		ended = true;
	});
	const heldResponse = await stalling.held;
	await waitFor(() => stdout.includes('fake/app:1.0.0'), "the first step's line");
	expect(stdout).toMatch(/^deleted\s+fake\/app:1\.0\.0 deleted$/m);
	expect(stdout).not.toContain('fake/app:2.0.0');
	expect(ended).toBe(false);

	sendJson(heldResponse, 200, [{Untagged: second.RepoTags[0]}, {Deleted: second.Id}]);
	expect(await run).toBe(0);
	expect(stdout).toMatch(/^deleted\s+fake\/app:2\.0\.0 deleted$/m);
	expect(stdout).toContain('2 deleted · 0 steps failed or skipped');
});

test('clean --yes against an engine that stops answering ends, saying the engine did not answer, with exit code 1', async () => {
	const stalling = await stallingEngine();
	engine = stalling.engine;
	// An image delete gets ten times the deadline: 1 s here.
	const env = {DOCKER_CONFIG: tempDir('dsw-clean-config-'), DOCKSWAB_ENGINE_TIMEOUT: '0.1'};
	const options = cleanOptions(engine.host);
	let stdout = '';
	const exitCode = await runCleanCommand(commandTargets(env, options), options, {stdout: text => (stdout += text), stderr: () => undefined}, env);
	expect(exitCode).toBe(1);
	expect(stdout).toMatch(/^deleted\s+fake\/app:1\.0\.0 deleted$/m);
	expect(stdout).toMatch(new RegExp(`^failed\\s+fake/app:2\\.0\\.0 the engine did not answer DELETE /images/${idOf(second)} within 1 s$`, 'm'));
	expect(stdout).toContain('1 deleted · 1 step failed or skipped');
});

test("a step the engine refuses (409) fails the run with exit 1; --json carries each step's result, the blocking container named", async () => {
	const conflict = 'conflict: unable to delete b2b2b2b2b2b2 (cannot be forced) - image is being used by running container 4242abcd0123ffee';
	({engine} = await stallingEngine(response => sendJson(response, 409, {message: conflict})));
	const env = {DOCKER_CONFIG: tempDir('dsw-clean-config-')};
	const options = parseArgs(['clean', 'fake/app:1.0.0', 'fake/app:2.0.0', '--yes', '--json', '-H', engine.host]);
	if (options.kind !== 'clean') throw new Error(`not a clean command: ${options.kind}`);
	let stdout = '';
	const exitCode = await runCleanCommand(commandTargets(env, options), options, {stdout: text => (stdout += text), stderr: () => undefined}, env);
	expect(exitCode).toBe(1);
	const document = JSON.parse(stdout) as {version: number; engines: {results: {label: string; status: string; message: string}[]}[]};
	expect(document.version).toBe(1);
	expect(document.engines).toHaveLength(1);
	const results = document.engines[0]!.results.map(({label, status, message}) => ({label, status, message}));
	expect(results).toEqual([
		{label: 'fake/app:1.0.0', status: 'deleted', message: 'deleted'},
		{label: 'fake/app:2.0.0', status: 'failed', message: 'used by running container 4242abcd0123; stop it first'},
	]);
});
