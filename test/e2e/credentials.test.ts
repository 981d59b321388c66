// Credentials written by dockswab serve the docker CLI and the other way round, against the
// sandbox's htpasswd registry; the docker CLI and the registry's HTTP API are the oracles.
import {execFile} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {delimiter, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, beforeEach, describe, expect, test} from 'vitest';
import {eraseCredential, getCredential, storeCredential} from '../../source/registry/credentials';
import {docker, sandboxEnv, seedSandbox} from './harness';
import {tempDir} from '../fixtures/temp-dir';

const helperBin = fileURLToPath(new URL('../fixtures/bin', import.meta.url));
let root: string;
let configDir: string;
let helperStore: string;
let registry: string;
let user: string;
let password: string;
let counter = 0;
const savedPath = process.env.PATH;

type HelperFile = {credentials: Record<string, {Username: string; Secret: string}>; calls: {action: string; argv: string[]; stdin: string; secretInEnv: boolean}[]};
const helperFile = (): HelperFile => JSON.parse(readFileSync(helperStore, 'utf8')) as HelperFile;
const configText = () => readFileSync(join(configDir, 'config.json'), 'utf8');
const config = () => JSON.parse(configText()) as {auths?: Record<string, Record<string, string>>} & Record<string, unknown>;

/** The docker CLI with the test's own config dir; it inherits the test helper on PATH from beforeEach. */
function dockerCli(args: string[], input?: string): Promise<{code: number; output: string}> {
	const env = {...sandboxEnv(), DOCKER_CONFIG: configDir};
	return new Promise(resolve => {
		const child = execFile('docker', args, {env}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}`});
		});
		child.stdin?.end(input ?? '');
	});
}

/** A fresh tag of the seed's base image under the sandbox registry, not yet pushed. */
async function freshImage(): Promise<{reference: string; repository: string; tag: string}> {
	const tag = `t${process.pid}-${++counter}`;
	const repository = 'cred-test';
	const reference = `${registry}/${repository}:${tag}`;
	await docker('tag', 'busybox:sandbox', reference);
	return {reference, repository, tag};
}

/** The registry's own answer, with the sandbox's account: is the tag there? */
async function registryHas(repository: string, tag: string): Promise<boolean> {
	const response = await fetch(`http://${registry}/v2/${repository}/manifests/${tag}`, {
		method: 'HEAD',
		headers: {
			authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
			accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
		},
	});
	return response.status === 200;
}

beforeAll(async () => {
	await seedSandbox();
	const env = sandboxEnv();
	registry = env.DOCKSWAB_REGISTRY!;
	user = env.DOCKSWAB_REGISTRY_USER!;
	password = readFileSync(env.DOCKSWAB_REGISTRY_PASSWORD_FILE!, 'utf8').trim();
	root = tempDir('dockswab-cred-e2e-');
});

afterAll(() => {
	process.env.PATH = savedPath;
	delete process.env.DSWTEST_CRED_STORE;
	rmSync(root, {recursive: true, force: true});
});

beforeEach(() => {
	const dir = mkdtempSync(join(root, 'case-'));
	configDir = join(dir, 'docker');
	helperStore = join(dir, 'helper.json');
	// dockswab runs helpers with its own environment, as the docker CLI does.
	process.env.PATH = `${helperBin}${delimiter}${savedPath ?? ''}`;
	process.env.DSWTEST_CRED_STORE = helperStore;
});

function writeConfig(value: unknown): void {
	mkdirSync(configDir, {recursive: true});
	writeFileSync(join(configDir, 'config.json'), JSON.stringify(value, null, 2), {mode: 0o644});
}

describe('credentials in config.json', () => {
	test('stored by dockswab, docker push needs no further login; erased, docker push is refused', async () => {
		const others = {psFormat: 'table {{.ID}}', proxies: {default: {noProxy: '127.0.0.1'}}, 'x-unknown': [1, 2]};
		writeConfig(others);
		await storeCredential(configDir, registry, {username: user, secret: password});
		expect(statSync(join(configDir, 'config.json')).mode & 0o777).toBe(0o600);
		expect(config()).toEqual({...others, auths: {[registry]: {auth: Buffer.from(`${user}:${password}`).toString('base64')}}});

		const first = await freshImage();
		const pushed = await dockerCli(['push', '-q', first.reference]);
		expect(pushed).toMatchObject({code: 0});
		expect(await registryHas(first.repository, first.tag)).toBe(true);

		expect(await eraseCredential(configDir, registry)).toBe(true);
		expect(config()).toEqual({...others, auths: {}});
		const second = await freshImage();
		const refused = await dockerCli(['push', '-q', second.reference]);
		expect(refused.code).not.toBe(0);
		expect(refused.output).toMatch(/no basic auth credentials|authentication required/);
		expect(await registryHas(second.repository, second.tag)).toBe(false);
	});

	test('logged in with docker login, dockswab reads the credential; docker logout removes it for dockswab too', async () => {
		const login = await dockerCli(['login', '--username', user, '--password-stdin', registry], password);
		expect(login).toMatchObject({code: 0});
		expect(await getCredential(configDir, registry)).toEqual({username: user, secret: password});
		expect(await getCredential(configDir, `http://${registry}/`)).toEqual({username: user, secret: password});

		expect(await dockerCli(['logout', registry])).toMatchObject({code: 0});
		expect(await getCredential(configDir, registry)).toBeNull();
	});

	test('stored by dockswab, docker logout removes it', async () => {
		await storeCredential(configDir, registry, {username: user, secret: password});
		expect(await dockerCli(['logout', registry])).toMatchObject({code: 0});
		expect(config().auths).toEqual({});
		const image = await freshImage();
		expect((await dockerCli(['push', '-q', image.reference])).code).not.toBe(0);
	});
});

describe('credentials in a credsStore helper', () => {
	test('the helper receives the credential, config.json holds no secret, docker push uses it; erased, push is refused', async () => {
		writeConfig({credsStore: 'dswtest', 'x-unknown': true});
		await storeCredential(configDir, registry, {username: user, secret: password});
		expect(helperFile().credentials).toEqual({[registry]: {Username: user, Secret: password}});
		const [store] = helperFile().calls;
		expect(store).toMatchObject({action: 'store', argv: ['store'], secretInEnv: false});
		expect(config()).toEqual({credsStore: 'dswtest', 'x-unknown': true, auths: {[registry]: {}}});
		expect(configText()).not.toContain(password);
		expect(configText()).not.toContain(Buffer.from(`${user}:${password}`).toString('base64'));

		const first = await freshImage();
		expect(await dockerCli(['push', '-q', first.reference])).toMatchObject({code: 0});
		expect(await registryHas(first.repository, first.tag)).toBe(true);
		expect(
			helperFile()
				.calls.filter(call => call.action === 'get')
				.map(call => call.stdin),
		).toContain(registry);

		expect(await eraseCredential(configDir, registry)).toBe(true);
		expect(helperFile().credentials).toEqual({});
		expect(config().auths).toEqual({});
		const second = await freshImage();
		const refused = await dockerCli(['push', '-q', second.reference]);
		expect(refused.code).not.toBe(0);
		expect(refused.output).toMatch(/no basic auth credentials|authentication required/);
	});

	test('docker login through the helper is read back by dockswab; dockswab erases it as docker logout would', async () => {
		writeConfig({credsStore: 'dswtest'});
		expect(await dockerCli(['login', '--username', user, '--password-stdin', registry], password)).toMatchObject({code: 0});
		expect(configText()).not.toContain(password);
		expect(await getCredential(configDir, registry)).toEqual({username: user, secret: password});

		await eraseCredential(configDir, registry);
		const image = await freshImage();
		expect((await dockerCli(['push', '-q', image.reference])).code).not.toBe(0);
		expect(await getCredential(configDir, registry)).toBeNull();
	});
});
