import {chmodSync, mkdirSync, symlinkSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {Readable} from 'node:stream';
import type Docker from 'dockerode';
import {extract} from 'tar-stream';
import {describe, expect, test} from 'vitest';
import {buildImage, prepareContext} from '../../source/engine/build';
import {TransferError, type StreamLine} from '../../source/engine/transfer';
import {tempDir} from '../fixtures/temp-dir';

type Entry = {readonly name: string; readonly type: string; readonly mode: number; readonly linkname: string | null; readonly uid: number; readonly content: string};

function makeContext(files: Record<string, string>): string {
	const dir = tempDir('dockswab-context-');
	for (const [path, content] of Object.entries(files)) {
		mkdirSync(dirname(join(dir, path)), {recursive: true});
		writeFileSync(join(dir, path), content);
	}
	return dir;
}

async function entries(stream: NodeJS.ReadableStream): Promise<Entry[]> {
	const found: Entry[] = [];
	const reader = extract();
	reader.on('entry', (header, body, next) => {
		const chunks: Buffer[] = [];
		body.on('data', (chunk: Buffer) => chunks.push(chunk));
		body.on('end', () => {
			found.push({
				name: header.name,
				type: header.type ?? 'file',
				mode: (header.mode ?? 0) & 0o7777,
				linkname: header.linkname ?? null,
				uid: header.uid ?? -1,
				content: Buffer.concat(chunks).toString('utf8'),
			});
			next();
		});
	});
	await new Promise<void>((resolve, reject) => {
		reader.on('finish', resolve);
		reader.on('error', reject);
		stream.on('error', reject);
		stream.pipe(reader);
	});
	return found;
}

const names = (list: readonly Entry[]) => list.map(entry => entry.name.replace(/\/$/, '')).sort();

describe('build context', () => {
	test('.dockerignore with ** and ! exceptions, nested directories; the Dockerfile and .dockerignore are sent even when ignored', async () => {
		const dir = makeContext({
			Dockerfile: 'FROM busybox\n',
			'.dockerignore': ['# secrets and noise', '*.env', 'logs', '!logs/keep.log', '**/*.tmp', 'node_modules', 'docs/', 'Dockerfile', '.dockerignore', '/build.local'].join('\n'),
			'a.txt': 'a',
			'secret.env': 'x',
			'logs/x.log': 'x',
			'logs/keep.log': 'kept',
			'src/app.js': 'app',
			// Docker's patterns start at the context root, unlike .gitignore: `*.env` leaves this one.
			'src/.env': 'kept',
			'src/deep/nested/y.tmp': 'x',
			'src/deep/z.js': 'z',
			'y.tmp': 'x',
			'node_modules/pkg/index.js': 'x',
			'docs/readme.md': 'x',
			'build.local': 'x',
			'src/build.local': 'kept: only the top-level one is ignored',
			'run.sh': '#!/bin/sh\n',
		});
		chmodSync(join(dir, 'run.sh'), 0o750);
		symlinkSync('a.txt', join(dir, 'link'));
		const prepared = await prepareContext(dir, 'Dockerfile');
		expect(prepared.dockerfile).toBe('Dockerfile');
		const list = await entries(prepared.stream);
		expect(names(list)).toEqual([
			'.',
			'.dockerignore',
			'Dockerfile',
			'a.txt',
			'link',
			'logs',
			'logs/keep.log',
			'run.sh',
			'src',
			'src/.env',
			'src/app.js',
			'src/build.local',
			'src/deep',
			'src/deep/nested',
			'src/deep/z.js',
		]);
		const byName = new Map(list.map(entry => [entry.name.replace(/\/$/, ''), entry]));
		expect(byName.get('link')).toMatchObject({type: 'symlink', linkname: 'a.txt'});
		expect(byName.get('run.sh')?.mode).toBe(0o750);
		expect(byName.get('logs/keep.log')?.content).toBe('kept');
		expect(list.every(entry => entry.uid === 0)).toBe(true);
	});

	test('without a .dockerignore everything is sent', async () => {
		const dir = makeContext({Dockerfile: 'FROM busybox\n', 'a/b/c.txt': 'c', '.hidden': 'h'});
		expect(names(await entries((await prepareContext(dir, 'Dockerfile')).stream))).toEqual(['.', '.hidden', 'Dockerfile', 'a', 'a/b', 'a/b/c.txt']);
	});

	test('a Dockerfile under another name in an ignored directory is sent, its neighbours are not', async () => {
		const dir = makeContext({'ci/app.Dockerfile': 'FROM busybox\n', 'ci/notes.txt': 'x', '.dockerignore': 'ci\n', 'main.txt': 'm'});
		const prepared = await prepareContext(dir, 'ci/app.Dockerfile');
		expect(prepared.dockerfile).toBe('ci/app.Dockerfile');
		expect(names(await entries(prepared.stream))).toEqual(['.', '.dockerignore', 'ci', 'ci/app.Dockerfile', 'main.txt']);
	});

	test('a Dockerfile outside the context travels under a name of its own', async () => {
		const dir = makeContext({'main.txt': 'm'});
		const elsewhere = makeContext({'Build.docker': 'FROM busybox\nCOPY . /ctx\n'});
		const prepared = await prepareContext(dir, join(elsewhere, 'Build.docker'));
		expect(prepared.dockerfile).toMatch(/^\.dockerfile\.[0-9a-f]{20}$/);
		const list = await entries(prepared.stream);
		expect(names(list)).toEqual(['.', prepared.dockerfile, 'main.txt'].sort());
		expect(list.find(entry => entry.name === prepared.dockerfile)?.content).toBe('FROM busybox\nCOPY . /ctx\n');
	});

	test('a missing context or Dockerfile is a plain failure', async () => {
		const dir = makeContext({'main.txt': 'm'});
		await expect(prepareContext(join(dir, 'nope'), 'Dockerfile')).rejects.toMatchObject({failure: {kind: 'failed', message: `no build context at ${join(dir, 'nope')}`}});
		await expect(prepareContext(dir, 'Dockerfile')).rejects.toMatchObject({failure: {kind: 'failed', message: `no Dockerfile at ${join(dir, 'Dockerfile')}`}});
	});
});

/** An engine that answers each POST /build with the next scripted list of lines. */
function scriptedEngine(answers: readonly (readonly StreamLine[])[]): {docker: Docker; calls: {t?: string; dockerfile?: string}[]} {
	const calls: {t?: string; dockerfile?: string}[] = [];
	const fake = {
		async buildImage(context: NodeJS.ReadableStream, options: {t?: string; dockerfile?: string}) {
			calls.push({t: options.t, dockerfile: options.dockerfile});
			await entries(context);
			const lines = answers[calls.length - 1] ?? [];
			return Readable.from(lines.map(line => `${JSON.stringify(line)}\r\n`));
		},
		getImage: (id: string) => ({inspect: async () => ({Id: `sha256:${id}${'0'.repeat(64 - id.length)}`})}),
	};
	return {docker: fake as unknown as Docker, calls};
}

describe('build stream', () => {
	const context = () => makeContext({Dockerfile: 'FROM busybox\n'});

	test('every line goes to onLine and the image ID comes from aux', async () => {
		const id = 'a'.repeat(64);
		const {docker, calls} = scriptedEngine([[{stream: 'Step 1/1 : FROM busybox\n'}, {aux: {ID: `sha256:${id}`}}, {stream: `Successfully built ${id.slice(0, 12)}\n`}]]);
		const lines: StreamLine[] = [];
		await expect(buildImage(docker, context(), 'Dockerfile', 'demo/app:1.0', line => lines.push(line), new AbortController().signal)).resolves.toEqual({imageId: id});
		expect(calls).toEqual([{t: 'demo/app:1.0', dockerfile: 'Dockerfile'}]);
		expect(lines.map(line => line.stream ?? 'aux')).toEqual(['Step 1/1 : FROM busybox\n', 'aux', `Successfully built ${id.slice(0, 12)}\n`]);
	});

	test('without aux, the short ID of "Successfully built" is resolved to the full one', async () => {
		const {docker} = scriptedEngine([[{stream: 'Successfully built 0123456789ab\n'}]]);
		await expect(buildImage(docker, context(), 'Dockerfile', 'demo/app:1.0', () => undefined, new AbortController().signal)).resolves.toEqual({imageId: `0123456789ab${'0'.repeat(52)}`});
	});

	test('an error line fails the build with the engine message, after the step output went by', async () => {
		const {docker, calls} = scriptedEngine([
			[
				{stream: ' ---> Running in 1234\n'},
				{stream: 'boom\n'},
				{errorDetail: {message: "The command '/bin/sh -c exit 3' returned a non-zero code: 3", code: 3}, error: "The command '/bin/sh -c exit 3' returned a non-zero code: 3"},
			],
		]);
		const lines: StreamLine[] = [];
		const outcome = buildImage(docker, context(), 'Dockerfile', 'demo/app:1.0', line => lines.push(line), new AbortController().signal);
		await expect(outcome).rejects.toBeInstanceOf(TransferError);
		await expect(outcome).rejects.toMatchObject({failure: {kind: 'failed', message: "The command '/bin/sh -c exit 3' returned a non-zero code: 3"}});
		expect(lines.some(line => line.stream === 'boom\n')).toBe(true);
		expect(calls).toHaveLength(1);
	});

	test('"unknown parent image ID" is tried once more, and only once', async () => {
		const lost: StreamLine = {error: 'unknown parent image ID sha256:1234'};
		const once = scriptedEngine([[lost], [{aux: {ID: `sha256:${'b'.repeat(64)}`}}]]);
		await expect(buildImage(once.docker, context(), 'Dockerfile', 'demo/app:1.0', () => undefined, new AbortController().signal)).resolves.toEqual({imageId: 'b'.repeat(64)});
		expect(once.calls).toHaveLength(2);
		const twice = scriptedEngine([[lost], [lost], [{aux: {ID: `sha256:${'b'.repeat(64)}`}}]]);
		await expect(buildImage(twice.docker, context(), 'Dockerfile', 'demo/app:1.0', () => undefined, new AbortController().signal)).rejects.toMatchObject({
			failure: {kind: 'failed', message: 'unknown parent image ID sha256:1234'},
		});
		expect(twice.calls).toHaveLength(2);
	});

	test('a cancelled build is aborted, not failed', async () => {
		const controller = new AbortController();
		controller.abort();
		const {docker, calls} = scriptedEngine([[{aux: {ID: `sha256:${'c'.repeat(64)}`}}]]);
		await expect(buildImage(docker, context(), 'Dockerfile', 'demo/app:1.0', () => undefined, controller.signal)).rejects.toMatchObject({failure: {kind: 'aborted'}});
		expect(calls).toHaveLength(0);
	});
});
