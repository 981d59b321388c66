// `dockswab layers` and `dockswab diff` against a loopback engine that serves image archives built
// byte by byte: the figures, the CI limits' exit codes, and the messages for what cannot be read.
import {afterEach, expect, test} from 'vitest';
import {runDiffCommand, runLayersCommand, type LayersOptions} from '../../source/commands/layers';
import {resolveEngineTarget} from '../../source/engine/target';
import {sendJson, startFakeEngine, type FakeEngine} from '../fixtures/fake-engine';
import {dir, file, imageArchive, whiteout, type LayerSpec} from '../fixtures/tar-writer';

let engine: FakeEngine | null = null;

afterEach(async () => {
	await engine?.close();
	engine = null;
});

const base: LayerSpec = [dir('bin'), file('bin/tool', 4000)];
const cache: LayerSpec = [dir('var/cache'), file('var/cache/pkg.deb', 3000), file('var/cache/evil\u001b[2J', 500)];
const cleanup: LayerSpec = [dir('var'), whiteout('var/cache'), file('app/main', 1000)];

/** Images by the reference the command names: their ID and archive. */
const images: Record<string, {id: string; archive: Buffer}> = {
	'app:1': {id: `sha256:${'1'.repeat(64)}`, archive: imageArchive({layout: 'oci', compression: 'gzip', layers: [base, [file('app/main', 900)]]})},
	'app:2': {
		id: `sha256:${'2'.repeat(64)}`,
		archive: imageArchive({
			layout: 'classic',
			layers: [base, cache, cleanup],
			history: [{createdBy: 'ADD rootfs'}, {createdBy: 'RUN install\n  --cache'}, {createdBy: 'ENV A=1', empty: true}, {createdBy: 'RUN clean'}],
		}),
	},
	cut: {id: `sha256:${'3'.repeat(64)}`, archive: imageArchive({layout: 'classic', layers: [base]}).subarray(0, 1500)},
};

async function serve(): Promise<ReturnType<typeof resolveEngineTarget>> {
	engine = await startFakeEngine({
		route(_request, path, response) {
			const [, name, what] = /^\/images\/(.+)\/(json|get)$/.exec(path) ?? [];
			const found = Object.entries(images).find(([reference, image]) => decodeURIComponent(name ?? '') === reference || name === image.id);
			if (!found) return false;
			if (what === 'json') sendJson(response, 200, {Id: found[1].id, RepoTags: [found[0]], Size: 1});
			else {
				response.writeHead(200, {'Content-Type': 'application/x-tar'});
				response.end(found[1].archive);
			}
			return true;
		},
	});
	return resolveEngineTarget({DOCKER_HOST: engine.host});
}

const layers = (reference: string, extra: Partial<LayersOptions> = {}): LayersOptions => ({reference, json: false, top: 10, maxWastedBytes: null, minEfficiency: null, ...extra});

test('layers: per-layer bytes, share, wasted bytes and instructions; the removed cache is the top offender', async () => {
	const result = await runLayersCommand(await serve(), layers('app:2'));
	expect(result.exitCode).toBe(0);
	const lines = result.stdout.split('\n');
	expect(lines[0]).toBe('app:2 (222222222222): 3 layers, 8.5kB of files, wasted 3.5kB, efficiency 58.8%');
	expect(lines[1]).toBe('  #      size   share    wasted  files        instruction');
	expect(lines[2]).toBe('  1       4kB   47.1%        0B  2 files      ADD rootfs');
	// The instruction's line break is a space: one layer, one line.
	expect(lines[3]).toBe('  2     3.5kB   41.2%     3.5kB  3 files      RUN install --cache');
	expect(lines[4]).toMatch(/RUN clean$/);
	expect(lines).toContain('top wasted files (2 of 2):');
	expect(lines).toContain('       3kB  var/cache/pkg.deb  (stored in layer 2, replaced or deleted in layer 3)');
	// A path from the image never writes escape sequences: shown as an escape.
	expect(result.stdout).toContain('var/cache/evil\\x1b[2J');
	expect(result.stdout).not.toContain('\u001b');
});

test("progress, when asked for: how far the read got against the image's size, then a clear line", async () => {
	const lines: string[] = [];
	const result = await runLayersCommand(await serve(), layers('app:2'), text => lines.push(text));
	expect(result.exitCode).toBe(0);
	expect(lines[0]).toMatch(/^reading app:2: [\d.]+k?B of about 1B$/);
	expect(lines.at(-1)).toBe('');
});

test('layers --max-wasted and --min-efficiency: exit 1 naming the limit broken, 0 within them', async () => {
	const target = await serve();
	const over = await runLayersCommand(target, layers('app:2', {maxWastedBytes: 3000}));
	expect(over.exitCode).toBe(1);
	expect(over.stderr).toBe('dockswab: wasted 3.5kB is more than --max-wasted 3kB\n');
	const inefficient = await runLayersCommand(target, layers('app:2', {minEfficiency: 0.95}));
	expect(inefficient.exitCode).toBe(1);
	expect(inefficient.stderr).toBe('dockswab: efficiency 58.8% is below --min-efficiency 95.0%\n');
	const within = await runLayersCommand(target, layers('app:2', {maxWastedBytes: 3500, minEfficiency: 0.5}));
	expect([within.exitCode, within.stderr]).toEqual([0, '']);
});

test('layers --json: version 1, layers numbered from 1, the top wasted files and the check', async () => {
	const result = await runLayersCommand(await serve(), layers('app:2', {json: true, top: 2, maxWastedBytes: 100}));
	expect(result.exitCode).toBe(1);
	const json = JSON.parse(result.stdout) as Record<string, unknown>;
	expect(json).toMatchObject({
		version: 1,
		command: 'layers',
		image: {reference: 'app:2', id: images['app:2']!.id, tags: ['app:2']},
		totalBytes: 8500,
		wastedBytes: 3500,
		cutOffAt: null,
		wastedFiles: [
			{path: 'var/cache/pkg.deb', bytes: 3000, storedIn: [2], supersededIn: [3]},
			// JSON keeps the path's bytes as they are; on a terminal the output layer escapes them.
			{path: 'var/cache/evil\u001b[2J', bytes: 500, storedIn: [2], supersededIn: [3]},
		],
		wastedFileCount: 2,
		check: {maxWastedBytes: 100, minEfficiency: null, failures: ['wasted 3.5kB is more than --max-wasted 100B']},
	});
	expect((json.layers as unknown[])[2]).toMatchObject({layer: 3, createdBy: 'RUN clean', bytes: 1000, added: {count: 1, bytes: 1000}, removed: {count: 1, bytes: 3500}, wastedBytes: 0});
});

test('diff: files added, removed and changed, and the layers only one image has', async () => {
	const result = await runDiffCommand(await serve(), {before: 'app:1', after: 'app:2', json: false});
	expect(result.exitCode).toBe(0);
	expect(result.stdout.split('\n')).toEqual([
		'app:1 (111111111111) => app:2 (222222222222): 1 layer shared, 1 only before, 2 only after',
		expect.stringMatching(/^ {2}before layer 2: sha256:[0-9a-f]{64}$/),
		expect.stringMatching(/^ {2}after layer 2: sha256:/),
		expect.stringMatching(/^ {2}after layer 3: sha256:/),
		'~ app/main  900B => 1kB  (size, layer)',
		'0 added (0B), 0 removed (0B), 1 changed',
		'',
	]);
	const json = JSON.parse((await runDiffCommand(await serve(), {before: 'app:2', after: 'app:1', json: true})).stdout) as Record<string, unknown>;
	expect(json).toMatchObject({
		version: 1,
		command: 'diff',
		sharedLayers: 1,
		added: [],
		removed: [],
		changed: [{path: 'app/main', reasons: ['size', 'layer'], before: {size: 1000, layer: 3}, after: {size: 900, layer: 2}}],
	});
});

test('an unknown image or an archive cut short: exit 2 with one clear line', async () => {
	const target = await serve();
	expect(await runLayersCommand(target, layers('nothing:1'))).toEqual({stdout: '', stderr: 'dockswab: no such image: nothing:1\n', exitCode: 2});
	const cut = await runLayersCommand(target, layers('cut'));
	expect(cut.exitCode).toBe(2);
	expect(cut.stderr).toMatch(/^dockswab: cut: the image archive is damaged: the archive ends early, inside an entry \(after 1500 bytes\)\n$/);
	const diff = await runDiffCommand(target, {before: 'app:1', after: 'nothing:2', json: true});
	expect([diff.exitCode, diff.stdout, diff.stderr]).toEqual([2, '', 'dockswab: no such image: nothing:2\n']);
});

test('an engine that is not there: exit 2 with the connection error, no stack', async () => {
	const closed = await startFakeEngine();
	await closed.close();
	const gone = await runLayersCommand(resolveEngineTarget({DOCKER_HOST: closed.host}), layers('app:1'));
	expect(gone).toEqual({stdout: '', stderr: `dockswab: Connection refused by ${closed.host} (from DOCKER_HOST). Is dockerd running and listening there?\n`, exitCode: 2});
});
