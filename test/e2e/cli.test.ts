// The built program's command line, and the package as `npm install -g` would see it.
import {execFile} from 'node:child_process';
import {existsSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, expect, test} from 'vitest';
import {sandboxEnv} from './harness';
import {tempDir} from '../fixtures/temp-dir';

const run = promisify(execFile);
const version = (JSON.parse(readFileSync('package.json', 'utf8')) as {version: string}).version;

type Outcome = {stdout: string; stderr: string; code: number};

async function dockswab(args: string[], env: NodeJS.ProcessEnv): Promise<Outcome> {
	return run('node', ['dist/cli.js', ...args], {env}).then(
		({stdout, stderr}) => ({stdout, stderr, code: 0}),
		(error: Outcome) => error,
	);
}

// Help and argument mistakes are answered before any engine is asked: this one does not exist.
const noEngine = {...process.env, DOCKER_HOST: 'unix:///nonexistent/dockswab-test.sock', DOCKER_CONTEXT: ''};

test('plan --help explains plan and exits 0 without an engine', async () => {
	const result = await dockswab(['plan', '--help'], noEngine);
	expect(result.code).toBe(0);
	expect(result.stderr).toBe('');
	expect(result.stdout).toMatch(/^Usage: dockswab plan /);
	expect(result.stdout).toMatch(/--remove-stopped\s+\S/);
	expect(result.stdout).not.toMatch(/full-screen/);
});

test('an unknown option is one line, then the usage, exit 2', async () => {
	const result = await dockswab(['plan', '--bogus', 'app:1.0.0'], noEngine);
	expect(result.code).toBe(2);
	expect(result.stdout).toBe('');
	expect(result.stderr.split('\n')).toEqual([
		'dockswab: unknown option "--bogus"',
		'Usage: dockswab plan [--remove-stopped] [--json] [options] IMAGE...',
		'       dockswab plan [--keep N] [--repo NAME]... [--dangling] [--unused] [--older-than 30d] [--unused-for 14d] [--budget 20GB] [--protect PATTERN]... [--remove-stopped] [--json] [options]',
		'       dockswab plan --build-cache [--keep-storage SIZE] [--unused-for AGE] [--json] [options]',
		'       dockswab plan --registry HOST/REPO|HOST/*... [--keep N] [--match REGEX] [--order semver|pushed] [--older-than AGE] [--protect PATTERN]... [--json]',
		'       dockswab plan --registry HOST/REPO --untag TAG... [--protect PATTERN]... [--json]',
		'See `dockswab plan --help`.',
		'',
	]);
});

test('after --, an argument that starts with "-" is an image for the engine to look up', async () => {
	const result = await dockswab(['plan', '--', '-weird-name'], sandboxEnv());
	expect(result.code).toBe(2);
	expect(result.stderr).not.toMatch(/unknown option|Usage:/);
	expect(result.stderr).toMatch(/^dockswab: .*-weird-name.*\n$/);
});

const scratch = tempDir('dockswab-pack-');
afterAll(() => rmSync(scratch, {recursive: true, force: true}));

test('the packed package installs globally with nothing else, offline, and runs', async () => {
	const {stdout} = await run('npm', ['pack', '--silent', '--pack-destination', scratch]);
	const tarball = join(scratch, stdout.trim().split('\n').at(-1)!);
	const prefix = join(scratch, 'prefix');
	// --offline: installing must not need a single package from a registry.
	await run('npm', ['install', '--global', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball]);
	const installed = join(prefix, 'lib', 'node_modules', 'dockswab');
	expect(readdirSync(installed).sort()).toEqual(['LICENSE', 'dist', 'package.json', 'readme.md']);
	expect(existsSync(join(installed, 'node_modules'))).toBe(false);
	const {stdout: printed} = await run(join(prefix, 'bin', 'dockswab'), ['--version'], {env: noEngine});
	expect(printed).toBe(`${version}\n`);
});
