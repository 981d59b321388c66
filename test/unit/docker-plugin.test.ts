// dockswab as the docker CLI plugin `docker swab`: the argument translation alone, then the real
// docker CLI (28, on PATH) running the built program from a temporary DOCKER_CONFIG, with a fake
// engine on loopback as the engine docker was told to use.
import {execFile} from 'node:child_process';
import {existsSync, lstatSync, mkdirSync, readlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {pluginHelpText, pluginInvocation, pluginMetadata, runAsDockerPlugin, type PluginInvocation} from '../../source/docker-plugin';
import {buildCli, isolatedEnv, runCommandOnTerminal, runToPipe} from '../fixtures/built-cli';
import {dockerConfigWithContexts} from '../fixtures/contexts';
import {startFakeEngine, type FakeEngine} from '../fixtures/fake-engine';
import {tempDir} from '../fixtures/temp-dir';

const execFileAsync = promisify(execFile);

describe('pluginInvocation', () => {
	const run = (argv: string[], env: Record<string, string> = {}): PluginInvocation => ({kind: 'run', argv, env});
	test.each<[string[], PluginInvocation]>([
		[['swab'], run([])],
		[['swab', 'plan', '--unused'], run(['plan', '--unused'])],
		[['-H', 'tcp://127.0.0.1:5', 'swab', 'plan', 'x'], run(['--host=tcp://127.0.0.1:5', 'plan', 'x'])],
		[['-Htcp://127.0.0.1:5', 'swab'], run(['--host=tcp://127.0.0.1:5'])],
		[['-DH', 'unix:///a.sock', 'swab'], run(['--host=unix:///a.sock'])],
		[['--context', 'prod', 'swab', 'clean', '--yes', 'a:1'], run(['--context=prod', 'clean', '--yes', 'a:1'])],
		[['-c', 'prod', '-l', 'debug', 'swab'], run(['--context=prod'])],
		[['--config', '/cfg', 'swab'], run([], {DOCKER_CONFIG: '/cfg'})],
		[['--tlsverify', '--tlscacert=/certs/ca.pem', '--tlscert', '/certs/cert.pem', '-H', 'tcp://h:2376', 'swab'], run(['--host=tcp://h:2376'], {DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs'})],
		[['--tls=false', 'swab'], run([])],
		// A value that looks like an option stays the value it was for docker.
		[['--context=-odd', 'swab'], run(['--context=-odd'])],
		[['help', 'swab', 'plan'], run(['plan', '--help'])],
		[['--help', 'swab'], run(['--help'])],
		[['swab', '--help'], run(['--help'])],
		[['docker-cli-plugin-metadata'], run(['docker-cli-plugin-metadata'])],
		// docker's own completion: `docker __complete swab plan -H x ap` runs the plugin so.
		[['__complete', 'swab', 'plan', '-H', 'x', 'ap'], run(['__complete-line', '--', 'plan', '-H', 'x', 'ap'])],
		[['--tlscacert', '/a/ca.pem', '--tlskey', '/b/key.pem', 'swab'], {kind: 'error', message: expect.stringContaining('DOCKER_CERT_PATH') as unknown as string}],
		[
			['-H', 'unix:///a.sock', '-H', 'unix:///b.sock', 'swab'],
			{kind: 'error', message: 'specify only one -H before swab; to plan on several engines, give them after it: docker swab plan -H URL -H URL …'},
		],
		[['swab', 'plan', '--unused', '-H', 'unix:///a.sock', '-H', 'unix:///b.sock'], run(['plan', '--unused', '-H', 'unix:///a.sock', '-H', 'unix:///b.sock'])],
		[['--bogus', 'swab'], {kind: 'error', message: 'unknown docker option "--bogus" before swab'}],
		[['other'], {kind: 'error', message: 'expected "swab" after docker\'s options, got "other"'}],
	])('%j', (argv, expected) => {
		expect(pluginInvocation(argv, 'swab')).toEqual(expected);
	});

	test('only the plugin file name makes a plugin run', () => {
		expect(runAsDockerPlugin(['node', '/home/u/.docker/cli-plugins/docker-swab'])).toBe(true);
		expect(runAsDockerPlugin(['node', '/usr/lib/node_modules/dockswab/dist/cli.js'])).toBe(false);
		expect(runAsDockerPlugin(['node', '/usr/bin/dockswab'])).toBe(false);
	});

	test('help names the command as typed under docker', () => {
		expect(pluginHelpText('Usage: dockswab plan\n       dockswab clean\nSee `dockswab --help`.\nKeys: press ? inside dockswab.')).toBe(
			'Usage: docker swab plan\n       docker swab clean\nSee `docker swab --help`.\nKeys: press ? inside dockswab.',
		);
	});

	test('the metadata is what docker 28 accepts, with a URL only when one is known', () => {
		expect(JSON.parse(pluginMetadata('1.2.3', ''))).toEqual({SchemaVersion: '0.1.0', Vendor: 'dockswab', Version: '1.2.3', ShortDescription: expect.any(String) as unknown});
		expect(JSON.parse(pluginMetadata('1.2.3', 'https://example.test/dockswab')).URL).toBe('https://example.test/dockswab');
	});
});

type Ran = {stdout: string; stderr: string; code: number};

async function docker(args: readonly string[], env: Record<string, string>): Promise<Ran> {
	try {
		const {stdout, stderr} = await execFileAsync('docker', [...args], {env});
		return {stdout, stderr, code: 0};
	} catch (error) {
		const failed = error as Ran;
		return {stdout: failed.stdout, stderr: failed.stderr, code: failed.code};
	}
}

// Room for starts on a machine busy with other tests.
describe('docker swab, through the real docker CLI', {timeout: 30_000}, () => {
	let cli = '';
	let home = '';
	let engine: FakeEngine;
	beforeAll(async () => {
		home = tempDir('dockswab-plugin-');
		[cli, engine] = await Promise.all([buildCli(home), startFakeEngine()]);
	}, 60_000);
	afterAll(() => engine?.close());

	/** A DOCKER_CONFIG of its own, with dockswab installed there by `dockswab plugin install`. */
	async function installed(config = tempDir('dockswab-plugin-config-')): Promise<{env: Record<string, string>; config: string}> {
		const env = isolatedEnv(home, {DOCKER_CONFIG: config});
		const install = await runToPipe(cli, ['plugin', 'install'], env);
		expect(install).toMatchObject({code: 0, stderr: ''});
		return {env, config};
	}

	const planRequests = () => engine.requests.filter(request => request === '/images/json').length;

	test('plugin install links the program into cli-plugins; docker lists it and shows its help', async () => {
		const {env, config} = await installed();
		const link = join(config, 'cli-plugins', 'docker-swab');
		expect(lstatSync(link).isSymbolicLink()).toBe(true);
		expect(readlinkSync(link)).toBe(cli);
		expect((await docker(['help'], env)).stdout).toMatch(/^\s+swab\*\s+Docker image housekeeping/m);
		const help = await docker(['swab', '--help'], env);
		expect(help.code).toBe(0);
		expect(help.stdout).toMatch(/^Usage: docker swab \[options\]\n\s+docker swab plan /);
		expect((await docker(['help', 'swab', 'clean'], env)).stdout).toMatch(/^Usage: docker swab clean /);
	});

	test('docker -H tcp://127.0.0.1:PORT swab plan reaches the engine docker was given', async () => {
		const {env} = await installed();
		const before = planRequests();
		const plan = await docker(['-H', engine.host, 'swab', 'plan', '--json', 'fake/app:1.0.0'], env);
		expect(plan.stderr).toBe('');
		expect(JSON.parse(plan.stdout)).toMatchObject({command: 'plan', engines: [expect.objectContaining({host: engine.host})]});
		expect(planRequests()).toBeGreaterThan(before);
	});

	test('docker -H URL swab alone opens the UI on that engine, and q leaves it', async () => {
		const {env} = await installed();
		const run = await runCommandOnTerminal(['docker', '-H', engine.host, 'swab'], env, {steps: [{after: 'fake/app', keys: 'q'}]});
		expect(run.code).toBe(0);
		expect(run.output).toContain('fake/app');
		expect(run.output).toContain(engine.host);
	});

	test("docker's own completion of docker swab: words, then the directive line docker reads", async () => {
		const {env} = await installed();
		expect(await docker(['__complete', 'swab', 'pl'], env)).toMatchObject({stdout: 'plan\nplugin\n:4\n', code: 0});
		expect((await docker(['__complete', 'swab', 'clean', '--y'], env)).stdout).toBe('--yes\n:4\n');
		expect((await docker(['__complete', 'swab', 'plan', '-H', engine.host, 'fake/'], env)).stdout).toBe('fake/app:1.0.0\n:4\n');
		expect((await docker(['__complete', 'swab', 'plan', '-H', 'tcp://127.0.0.1:1', ''], env)).stdout).toBe(':4\n');
	});

	test('docker --context NAME swab, DOCKER_HOST and --config reach the same engine', async () => {
		const config = dockerConfigWithContexts([{name: 'fake', host: engine.host}]);
		const {env} = await installed(config);
		for (const [args, extra] of [
			[['--context', 'fake', 'swab', 'plan', 'fake/app:1.0.0'], {}],
			[['swab', 'plan', 'fake/app:1.0.0'], {DOCKER_HOST: engine.host}],
			[['swab', 'plan', 'fake/app:1.0.0'], {DOCKER_CONTEXT: 'fake'}],
			[['--config', config, '--context', 'fake', 'swab', 'plan', 'fake/app:1.0.0'], {DOCKER_CONFIG: tempDir('dockswab-plugin-elsewhere-')}],
		] as const) {
			const before = planRequests();
			// --config names the directory holding the plugin, as docker looks for it there.
			const plan = await docker(args, {...env, ...extra});
			expect({args, stderr: plan.stderr}).toEqual({args, stderr: ''});
			expect(plan.stdout).toContain('fake/app:1.0.0');
			expect(planRequests()).toBeGreaterThan(before);
		}
		const unknown = await docker(['--context', 'nope', 'swab', 'plan', 'fake/app:1.0.0'], env);
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toContain('context "nope"');
	});

	test('nothing is written to cli-plugins unless asked; uninstall removes only its own link', async () => {
		const config = tempDir('dockswab-plugin-config-');
		const env = isolatedEnv(home, {DOCKER_CONFIG: config});
		await runToPipe(cli, ['plan', '--unused', '-H', engine.host], env);
		expect(existsSync(join(config, 'cli-plugins'))).toBe(false);

		const foreign = join(config, 'cli-plugins', 'docker-swab');
		mkdirSync(join(config, 'cli-plugins'));
		writeFileSync(foreign, '#!/bin/sh\necho someone else\n');
		for (const action of ['install', 'uninstall']) {
			const refused = await runToPipe(cli, ['plugin', action], env);
			expect(refused.code).toBe(1);
			expect(refused.stderr).toContain('left alone');
			expect(lstatSync(foreign).isSymbolicLink()).toBe(false);
		}

		const {env: own, config: ownConfig} = await installed();
		expect(await runToPipe(cli, ['plugin', 'uninstall'], own)).toMatchObject({code: 0});
		expect(existsSync(join(ownConfig, 'cli-plugins', 'docker-swab'))).toBe(false);
		expect((await docker(['help'], own)).stdout).not.toMatch(/^\s+swab\*/m);
	});
});
