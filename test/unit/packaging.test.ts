// The npm package as users get it: `npm pack` holds the bundle, its man page, the readme and the
// licence (package.json comes with every package) and nothing else; installed with
// `npm install -g` into a throwaway prefix, offline (the bundle needs no dependency), it runs
// `dockswab --version`, the UI (against a loopback engine) and `docker swab`, and `man` finds the
// page, whose text is the --help text.
import {execFile} from 'node:child_process';
import {copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {buildCli, isolatedEnv, runCommandOnTerminal} from '../fixtures/built-cli';
import {fakeImage, startFakeEngine, type FakeEngine} from '../fixtures/fake-engine';
import {tempDir} from '../fixtures/temp-dir';

const run = promisify(execFile);
const version = (JSON.parse(readFileSync('package.json', 'utf8')) as {version: string}).version;

describe('npm pack, then npm install -g into a throwaway prefix', {timeout: 120_000}, () => {
	let home = '';
	let prefix = '';
	let packed: string[] = [];
	let engine: FakeEngine;
	const bin = () => join(prefix, 'bin', 'dockswab');

	beforeAll(async () => {
		home = tempDir('dsw-pack-');
		// The package's own files, with a bundle and man page built here (not a dist/ left by an earlier build).
		const source = join(home, 'package');
		mkdirSync(join(source, 'dist'), {recursive: true});
		for (const file of ['package.json', 'readme.md', 'LICENSE']) copyFileSync(file, join(source, file));
		const cli = await buildCli(join(source, 'dist'));
		await run(process.execPath, ['scripts/man-page.mjs', cli, join(source, 'dist', 'dockswab.1')]);
		const env = isolatedEnv(home, {npm_config_cache: join(home, 'npm-cache'), npm_config_update_notifier: 'false'});
		const {stdout} = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', home], {cwd: source, env});
		const [pack] = JSON.parse(stdout) as {filename: string; files: {path: string}[]}[];
		packed = pack!.files.map(file => file.path).sort();
		prefix = join(home, 'prefix');
		await run('npm', ['install', '-g', join(home, pack!.filename), '--prefix', prefix, '--offline', '--no-audit', '--no-fund'], {env});
		engine = await startFakeEngine({images: [{...fakeImage, RepoTags: ['packaged/app:1.0.0']}], containers: []});
	}, 120_000);
	afterAll(() => engine?.close());

	test('the tarball holds the bundle, the man page, the readme and the licence, and nothing else', () => {
		expect(packed).toEqual(['LICENSE', 'dist/cli.js', 'dist/dockswab.1', 'package.json', 'readme.md']);
	});

	test('the installed command answers --version without any dependency installed', async () => {
		expect(existsSync(join(prefix, 'lib', 'node_modules', 'dockswab', 'node_modules'))).toBe(false);
		const {stdout} = await run(bin(), ['--version'], {env: isolatedEnv(home, {})});
		expect(stdout.trim()).toBe(version);
	});

	test("the installed command starts node with dockswab's memory settings, and values the user set win", async () => {
		// A `node` first on PATH that prints what it was started with.
		const fakeBin = join(home, 'fake-node-bin');
		mkdirSync(fakeBin, {recursive: true});
		writeFileSync(join(fakeBin, 'node'), '#!/bin/sh\necho "arena=$MALLOC_ARENA_MAX mmap=$MALLOC_MMAP_THRESHOLD_ args=$*"\n', {mode: 0o755});
		const withFakeNode = (env: Record<string, string>) => isolatedEnv(home, {...env, PATH: `${fakeBin}:${process.env.PATH ?? '/usr/bin:/bin'}`});
		const {stdout: plain} = await run(bin(), ['--version'], {env: withFakeNode({})});
		expect(plain).toMatch(/^arena=1 mmap=32768 args=--max-semi-space-size=1 --no-memory-reducer --v8-pool-size=1 \S+\/bin\/dockswab --version$/m);
		const {stdout: chosen} = await run(bin(), ['--version'], {env: withFakeNode({MALLOC_ARENA_MAX: '4', MALLOC_MMAP_THRESHOLD_: '131072'})});
		expect(chosen).toMatch(/^arena=4 mmap=131072 /m);
	});

	test('the installed command runs the UI on a terminal', async () => {
		const ran = await runCommandOnTerminal([bin()], isolatedEnv(home, {DOCKER_HOST: engine.host}), {steps: [{after: 'packaged/app', keys: 'q'}]});
		expect(ran.output).toContain('packaged/app');
		expect(ran.code).toBe(0);
	});

	test('plugin install makes docker swab run the installed program', async () => {
		const env = isolatedEnv(home, {DOCKER_CONFIG: tempDir('dsw-pack-docker-')});
		await run(bin(), ['plugin', 'install'], {env});
		const {stdout} = await run('docker', ['swab', '--version'], {env});
		expect(stdout.trim()).toBe(version);
	});

	test('man finds the page in the prefix, and it says what --help says, line for line', async () => {
		const env = {...isolatedEnv(home, {}), LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', MANWIDTH: '250', MANPATH: join(prefix, 'share', 'man')};
		const {stdout: page} = await run('man', ['dockswab'], {env});
		expect(page).toMatch(/^NAME\n\s+dockswab - a full-screen terminal UI for Docker image housekeeping$/m);
		for (const args of [['--help'], ['plan', '--help'], ['clean', '--help'], ['login', '--help']]) {
			const {stdout: help} = await run(bin(), args, {env});
			for (const line of help
				.split('\n')
				.map(text => text.trim())
				.filter(Boolean))
				expect(page).toContain(line);
		}
	});
});
