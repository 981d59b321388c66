// config.json and credential helpers as the docker CLI keeps them; the test helper
// (test/fixtures/bin/docker-credential-dswtest) records what it is given.
import {chmodSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {delimiter, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, beforeEach, describe, expect, test, vi} from 'vitest';
import {readRegistries} from '../../source/registry/config';
import {
	credentialKey,
	credentialSource,
	CredentialError,
	dockerHubKey,
	eraseCredential,
	getCredential,
	listKnownRegistries,
	readDockerConfig,
	storeCredential,
	type DockerConfig,
} from '../../source/registry/credentials';
import {tempDir} from '../fixtures/temp-dir';

const helperBin = fileURLToPath(new URL('../fixtures/bin', import.meta.url));
const savedEnv = {...process.env};
let dir: string;
let configDir: string;
let helperStore: string;

type HelperCall = {action: string; argv: string[]; stdin: string; secretInEnv: boolean};
type HelperFile = {credentials: Record<string, {Username: string; Secret: string}>; calls: HelperCall[]};

beforeEach(() => {
	dir = tempDir('dockswab-cred-');
	configDir = join(dir, 'docker');
	helperStore = join(dir, 'helper.json');
	process.env.PATH = `${helperBin}${delimiter}${savedEnv.PATH ?? ''}`;
	process.env.DSWTEST_CRED_STORE = helperStore;
	delete process.env.DSWTEST_CRED_FAIL;
	delete process.env.DSWTEST_CRED_HANG;
	delete process.env.DSWTEST_CRED_STDERR;
	delete process.env.DSWTEST_CRED_GATE;
});

afterEach(() => {
	process.env = {...savedEnv};
	rmSync(dir, {recursive: true, force: true});
});

const configPath = () => join(configDir, 'config.json');
const rawConfig = () => readFileSync(configPath(), 'utf8');
const configJson = () => JSON.parse(rawConfig()) as {auths?: Record<string, Record<string, unknown>>} & Record<string, unknown>;
const helperFile = (): HelperFile => JSON.parse(readFileSync(helperStore, 'utf8')) as HelperFile;
const helperCalls = (action: string) => helperFile().calls.filter(call => call.action === action);
const b64 = (text: string) => Buffer.from(text).toString('base64');

function writeConfig(config: unknown, mode = 0o600): void {
	mkdirSync(configDir, {recursive: true});
	writeFileSync(configPath(), typeof config === 'string' ? config : JSON.stringify(config, null, 2));
	chmodSync(configPath(), mode);
}

async function failure(promise: Promise<unknown>): Promise<CredentialError> {
	const error = await promise.then(
		() => null,
		(caught: unknown) => caught,
	);
	expect(error).toBeInstanceOf(CredentialError);
	return error as CredentialError;
}

describe('credential keys', () => {
	test.each([
		['docker.io', dockerHubKey],
		['index.docker.io', dockerHubKey],
		['registry-1.docker.io', dockerHubKey],
		['https://index.docker.io/v1/', dockerHubKey],
		['https://index.docker.io/v1', dockerHubKey],
		['Docker.IO', dockerHubKey],
		['reg.example.com', 'reg.example.com'],
		['reg.example.com:5000', 'reg.example.com:5000'],
		['http://127.0.0.1:5000', '127.0.0.1:5000'],
		['https://127.0.0.1:5000/', '127.0.0.1:5000'],
		['https://reg.example.com/v2/', 'reg.example.com'],
		['reg.example.com:5000/team/app', 'reg.example.com:5000'],
		['  reg.example.com  ', 'reg.example.com'],
		['https://user@reg.example.com:443/x', 'reg.example.com:443'],
		['[::1]:5000', '[::1]:5000'],
		['ghcr.io', 'ghcr.io'],
	])('%s → %s', (server, key) => {
		expect(credentialKey(server)).toBe(key);
	});
});

describe('where a credential lives: credHelpers > credsStore > config file', () => {
	const table: [string, DockerConfig, string, ReturnType<typeof credentialSource>][] = [
		['nothing configured', {}, 'reg:5000', {kind: 'file'}],
		['auths only', {auths: {'reg:5000': {auth: b64('a:b')}}}, 'reg:5000', {kind: 'file'}],
		['credsStore', {credsStore: 'desktop', auths: {'reg:5000': {auth: b64('a:b')}}}, 'reg:5000', {kind: 'helper', helper: 'desktop'}],
		['credHelpers beats credsStore', {credsStore: 'desktop', credHelpers: {'reg:5000': 'pass'}}, 'reg:5000', {kind: 'helper', helper: 'pass'}],
		['credHelpers for another server', {credsStore: 'desktop', credHelpers: {'other:5000': 'pass'}}, 'reg:5000', {kind: 'helper', helper: 'desktop'}],
		['credHelpers without credsStore', {credHelpers: {'other:5000': 'pass'}}, 'reg:5000', {kind: 'file'}],
		['credHelpers matched by key', {credHelpers: {'https://reg:5000': 'pass'}}, 'http://reg:5000/v2/', {kind: 'helper', helper: 'pass'}],
		['Docker Hub under any name', {credHelpers: {[dockerHubKey]: 'pass'}}, 'docker.io', {kind: 'helper', helper: 'pass'}],
		['an empty helper name means the file', {credsStore: 'desktop', credHelpers: {'reg:5000': ''}}, 'reg:5000', {kind: 'file'}],
		['an empty credsStore means the file', {credsStore: ''}, 'reg:5000', {kind: 'file'}],
	];
	test.each(table)('%s', (_name, config, server, expected) => {
		expect(credentialSource(config, server)).toEqual(expected);
	});
});

describe('reading config.json', () => {
	test('a missing file or directory is an empty config', async () => {
		expect(await readDockerConfig(configDir)).toEqual({});
		expect(await getCredential(configDir, 'reg:5000')).toBeNull();
		expect(await listKnownRegistries(configDir)).toEqual([]);
		expect(existsSync(configDir)).toBe(false);
	});

	test('a file that is not JSON is refused with its path, never rewritten', async () => {
		writeConfig('{"auths": {');
		expect((await failure(readDockerConfig(configDir))).message).toBe(`${configPath()} is not valid JSON`);
		await failure(storeCredential(configDir, 'reg:5000', {username: 'alice', secret: 's'}));
		expect(rawConfig()).toBe('{"auths": {');
	});

	test('an auths that is not an object is refused', async () => {
		writeConfig({auths: []});
		expect((await failure(readDockerConfig(configDir))).message).toBe(`${configPath()}: "auths" is not an object`);
	});

	test('legacy spellings of the server in auths are found', async () => {
		writeConfig({auths: {'https://reg:5000/v1/': {auth: b64('alice:pw')}, 'https://index.docker.io/v1/': {auth: b64('bob:hub')}}});
		expect(await getCredential(configDir, 'reg:5000')).toEqual({username: 'alice', secret: 'pw'});
		expect(await getCredential(configDir, 'docker.io')).toEqual({username: 'bob', secret: 'hub'});
		expect(await getCredential(configDir, 'other:5000')).toBeNull();
	});
});

describe('the config file store', () => {
	test('store writes auth as base64(user:secret) under the key, tab-indented like the CLI, and reads back', async () => {
		await storeCredential(configDir, 'http://reg.local:5000/', {username: 'alice', secret: 'pa:ss word'});
		expect(rawConfig()).toBe(`{\n\t"auths": {\n\t\t"reg.local:5000": {\n\t\t\t"auth": "${b64('alice:pa:ss word')}"\n\t\t}\n\t}\n}`);
		expect(await getCredential(configDir, 'reg.local:5000')).toEqual({username: 'alice', secret: 'pa:ss word'});
		expect(await listKnownRegistries(configDir)).toEqual([{server: 'reg.local:5000', username: 'alice', source: {kind: 'file'}}]);
	});

	test('Docker Hub is stored under https://index.docker.io/v1/', async () => {
		await storeCredential(configDir, 'docker.io', {username: 'bob', secret: 'hub'});
		expect(Object.keys(configJson().auths ?? {})).toEqual([dockerHubKey]);
		expect(await getCredential(configDir, 'registry-1.docker.io')).toEqual({username: 'bob', secret: 'hub'});
	});

	test('an identity token is stored as the CLI does: auth of "user:" and identitytoken', async () => {
		await storeCredential(configDir, 'reg:5000', {username: 'alice', secret: 'refresh-123', identityToken: true});
		expect(configJson().auths).toEqual({'reg:5000': {auth: b64('alice:'), identitytoken: 'refresh-123'}});
		expect(await getCredential(configDir, 'reg:5000')).toEqual({username: 'alice', secret: 'refresh-123', identityToken: true});
	});

	test('every key dockswab does not know is kept, and so are other entries and their fields', async () => {
		const before = {
			currentContext: 'prod',
			proxies: {default: {httpProxy: 'http://proxy:3128'}},
			'x-custom': [1, {nested: true}],
			auths: {'other:1': {auth: b64('carol:x'), email: 'carol@example.com'}, 'reg:5000': {auth: b64('old:old'), email: 'alice@example.com'}},
			psFormat: 'table {{.ID}}',
		};
		writeConfig(before);
		await storeCredential(configDir, 'reg:5000', {username: 'alice', secret: 'new'});
		expect(configJson()).toEqual({...before, auths: {'other:1': before.auths['other:1'], 'reg:5000': {email: 'alice@example.com', auth: b64('alice:new')}}});
		expect(Object.keys(configJson())).toEqual(Object.keys(before));
		await eraseCredential(configDir, 'reg:5000');
		expect(configJson()).toEqual({...before, auths: {'other:1': before.auths['other:1']}});
	});

	test('the file is mode 0600 after a write, whatever it was before; a missing directory is made 0700', async () => {
		await storeCredential(configDir, 'reg:5000', {username: 'alice', secret: 's'});
		expect(statSync(configDir).mode & 0o777).toBe(0o700);
		expect(statSync(configPath()).mode & 0o777).toBe(0o600);
		chmodSync(configPath(), 0o644);
		await storeCredential(configDir, 'reg:5000', {username: 'alice', secret: 't'});
		expect(statSync(configPath()).mode & 0o777).toBe(0o600);
	});

	test('a write replaces the file by rename: a new inode, the old content intact, no temporary file left', async () => {
		writeConfig({auths: {'other:1': {auth: b64('carol:x')}}});
		const old = rawConfig();
		linkSync(configPath(), join(configDir, 'old-link'));
		const inode = statSync(configPath()).ino;
		await storeCredential(configDir, 'reg:5000', {username: 'alice', secret: 's'});
		expect(statSync(configPath()).ino).not.toBe(inode);
		expect(readFileSync(join(configDir, 'old-link'), 'utf8')).toBe(old);
		expect(readdirSync(configDir).sort()).toEqual(['config.json', 'old-link']);
	});

	test('a symlinked config.json is written at its target and stays a symlink', async () => {
		const target = join(dir, 'dotfiles', 'docker-config.json');
		mkdirSync(join(dir, 'dotfiles'));
		writeFileSync(target, '{"auths":{}}');
		mkdirSync(configDir);
		symlinkSync(target, configPath());
		await storeCredential(configDir, 'reg:5000', {username: 'alice', secret: 's'});
		expect(readdirSync(configDir)).toEqual(['config.json']);
		expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual({auths: {'reg:5000': {auth: b64('alice:s')}}});
		expect(await getCredential(configDir, 'reg:5000')).toEqual({username: 'alice', secret: 's'});
	});

	test('stores started together all land', async () => {
		await Promise.all(['a:1', 'b:2', 'c:3', 'd:4'].map(server => storeCredential(configDir, server, {username: 'u', secret: server})));
		expect(Object.keys(configJson().auths ?? {}).sort()).toEqual(['a:1', 'b:2', 'c:3', 'd:4']);
	});

	test('erase removes every spelling of the server and nothing else; erasing nothing writes nothing', async () => {
		writeConfig({auths: {'reg:5000': {auth: b64('a:1')}, 'http://reg:5000': {auth: b64('a:2')}, 'https://reg:5000/v2/': {auth: b64('a:3')}, 'reg:6000': {auth: b64('b:4')}}});
		expect(await eraseCredential(configDir, 'reg:5000')).toBe(true);
		expect(configJson().auths).toEqual({'reg:6000': {auth: b64('b:4')}});
		const inode = statSync(configPath()).ino;
		const bytes = rawConfig();
		expect(await eraseCredential(configDir, 'reg:5000')).toBe(false);
		expect(statSync(configPath()).ino).toBe(inode);
		expect(rawConfig()).toBe(bytes);
	});

	test('erase with no config file creates none', async () => {
		expect(await eraseCredential(configDir, 'reg:5000')).toBe(false);
		expect(existsSync(configDir)).toBe(false);
	});

	test('a user name with a colon cannot be kept in auth and is refused before writing', async () => {
		expect((await failure(storeCredential(configDir, 'reg:5000', {username: 'a:b', secret: 's'}))).message).toBe('a user name cannot contain ":"');
		expect(existsSync(configPath())).toBe(false);
	});
});

describe('credential helpers', () => {
	test('store sends the credential as JSON on stdin only, and config.json keeps an empty entry and no secret', async () => {
		writeConfig({credsStore: 'dswtest', auths: {'reg:5000': {auth: b64('alice:plaintext-before')}}});
		await storeCredential(configDir, 'http://reg:5000/', {username: 'alice', secret: 's3cret-pw'});
		const [store] = helperCalls('store');
		expect(store).toEqual({action: 'store', argv: ['store'], stdin: '{"ServerURL":"reg:5000","Username":"alice","Secret":"s3cret-pw"}\n', secretInEnv: false});
		expect(configJson()).toEqual({credsStore: 'dswtest', auths: {'reg:5000': {}}});
		expect(rawConfig()).not.toContain(b64('alice:plaintext-before'));
		expect(rawConfig()).not.toContain('s3cret-pw');
		expect(statSync(configPath()).mode & 0o777).toBe(0o600);
	});

	test('get, list and erase speak the protocol as the docker CLI does', async () => {
		writeConfig({credsStore: 'dswtest'});
		await storeCredential(configDir, 'reg:5000', {username: 'alice', secret: 'pw'});
		expect(await getCredential(configDir, 'reg:5000')).toEqual({username: 'alice', secret: 'pw'});
		expect(helperCalls('get').map(call => call.stdin)).toEqual(['reg:5000']);

		expect(await listKnownRegistries(configDir)).toEqual([{server: 'reg:5000', username: 'alice', source: {kind: 'helper', helper: 'dswtest'}}]);
		expect(helperCalls('list').map(call => call.stdin)).toEqual(['unused']);

		expect(await eraseCredential(configDir, 'reg:5000')).toBe(true);
		expect(helperCalls('erase').map(call => call.stdin)).toEqual(['reg:5000', 'http://reg:5000', 'https://reg:5000']);
		expect(helperFile().credentials).toEqual({});
		expect(configJson()).toEqual({credsStore: 'dswtest', auths: {}});
		expect(await getCredential(configDir, 'reg:5000')).toBeNull();
		expect(await eraseCredential(configDir, 'reg:5000')).toBe(false);
	});

	test('Docker Hub goes to the helper as https://index.docker.io/v1/ and is erased under that name only', async () => {
		writeConfig({credsStore: 'dswtest'});
		await storeCredential(configDir, 'docker.io', {username: 'bob', secret: 'hub'});
		expect(Object.keys(helperFile().credentials)).toEqual([dockerHubKey]);
		await eraseCredential(configDir, 'index.docker.io');
		expect(helperCalls('erase').map(call => call.stdin)).toEqual([dockerHubKey]);
	});

	test('an identity token goes to the helper with the user name <token>', async () => {
		writeConfig({credsStore: 'dswtest'});
		await storeCredential(configDir, 'reg:5000', {username: 'alice', secret: 'refresh-123', identityToken: true});
		expect(helperFile().credentials).toEqual({'reg:5000': {Username: '<token>', Secret: 'refresh-123'}});
		expect(await getCredential(configDir, 'reg:5000')).toEqual({username: '<token>', secret: 'refresh-123', identityToken: true});
	});

	test('credHelpers wins over credsStore for its server only', async () => {
		writeConfig({credsStore: 'nosuchstore', credHelpers: {'reg:5000': 'dswtest'}});
		await storeCredential(configDir, 'reg:5000', {username: 'alice', secret: 'pw'});
		expect(Object.keys(helperFile().credentials)).toEqual(['reg:5000']);
		expect((await failure(getCredential(configDir, 'other:5000'))).message).toBe('docker-credential-nosuchstore not found on PATH');
	});

	test('a helper missing from PATH is a plain error, and config.json is not touched', async () => {
		writeConfig({credsStore: 'nosuch', auths: {}});
		const bytes = rawConfig();
		expect((await failure(storeCredential(configDir, 'reg:5000', {username: 'alice', secret: 'pw'}))).message).toBe('docker-credential-nosuch not found on PATH');
		expect((await failure(eraseCredential(configDir, 'reg:5000'))).message).toBe('docker-credential-nosuch not found on PATH');
		expect(rawConfig()).toBe(bytes);
	});

	test('a helper name that is a path is refused', async () => {
		writeConfig({credsStore: '../../bin/sh'});
		expect((await failure(getCredential(configDir, 'reg:5000'))).message).toBe('"../../bin/sh" is not a credential helper name');
	});

	test('a failed helper store leaves config.json byte for byte, and its message never shows the secret', async () => {
		writeConfig({credsStore: 'dswtest', auths: {'other:1': {}}});
		const bytes = rawConfig();
		process.env.DSWTEST_CRED_FAIL = 'store';
		const error = await failure(storeCredential(configDir, 'reg:5000', {username: 'alice', secret: 'pw-xyz'}));
		expect(error.message).toBe('docker-credential-dswtest store failed: dswtest: store failed on purpose ({"ServerURL":"reg:5000","Username":"alice","Secret":"***"})');
		expect(rawConfig()).toBe(bytes);
	});

	test('a secret the helper echoes JSON-escaped (with " and \\ in it) is hidden too', async () => {
		writeConfig({credsStore: 'dswtest'});
		process.env.DSWTEST_CRED_FAIL = 'store';
		const secret = 'pw"with\\quote<&>';
		const error = await failure(storeCredential(configDir, 'reg:5000', {username: 'alice', secret}));
		expect(error.message).toBe('docker-credential-dswtest store failed: dswtest: store failed on purpose ({"ServerURL":"reg:5000","Username":"alice","Secret":"***"})');
	});

	test('a warning the helper prints on stderr does not break get or list: stdout alone is the answer', async () => {
		writeConfig({credsStore: 'dswtest'});
		await storeCredential(configDir, 'reg:5000', {username: 'alice', secret: 'pw'});
		process.env.DSWTEST_CRED_STDERR = 'WARNING: keychain is locked, using the fallback store';
		expect(await getCredential(configDir, 'reg:5000')).toEqual({username: 'alice', secret: 'pw'});
		expect(await listKnownRegistries(configDir)).toEqual([{server: 'reg:5000', username: 'alice', source: {kind: 'helper', helper: 'dswtest'}}]);
	});

	test('a config.json change made while the helper stores (a docker login meanwhile) survives', async () => {
		writeConfig({credsStore: 'dswtest', auths: {'reg:5000': {email: 'kept@example.com'}}});
		const gate = join(dir, 'gate');
		process.env.DSWTEST_CRED_GATE = gate;
		const storing = storeCredential(configDir, 'reg:5000', {username: 'alice', secret: 'pw'});
		await vi.waitFor(() => expect(existsSync(helperStore) && helperCalls('store')).toHaveLength(1), {timeout: 10_000, interval: 20});
		const meanwhile = configJson();
		writeConfig({...meanwhile, auths: {...meanwhile.auths, 'other:6000': {auth: b64('bob:x')}}, currentContext: 'ops'});
		writeFileSync(gate, '');
		await storing;
		expect(configJson()).toEqual({credsStore: 'dswtest', currentContext: 'ops', auths: {'reg:5000': {email: 'kept@example.com'}, 'other:6000': {auth: b64('bob:x')}}});
	});

	test('get: not found is no credential, any other failure is an error', async () => {
		writeConfig({credsStore: 'dswtest'});
		expect(await getCredential(configDir, 'reg:5000')).toBeNull();
		process.env.DSWTEST_CRED_FAIL = 'get';
		expect((await failure(getCredential(configDir, 'reg:5000'))).message).toBe('docker-credential-dswtest get failed: dswtest: get failed on purpose (reg:5000)');
	});

	test('a helper that never answers is killed after the timeout', async () => {
		writeConfig({credsStore: 'dswtest'});
		process.env.DSWTEST_CRED_HANG = 'get';
		const started = Date.now();
		expect((await failure(getCredential(configDir, 'reg:5000', {timeoutMs: 500}))).message).toBe('docker-credential-dswtest get did not answer within 500 ms');
		expect(Date.now() - started).toBeLessThan(5000);
	});

	test('erase fails only when every helper call failed, and then leaves the file alone', async () => {
		writeConfig({credsStore: 'dswtest', auths: {'reg:5000': {}}});
		process.env.DSWTEST_CRED_FAIL = 'erase';
		expect((await failure(eraseCredential(configDir, 'reg:5000'))).message).toBe('docker-credential-dswtest erase failed: dswtest: erase failed on purpose (reg:5000)');
		expect(configJson().auths).toEqual({'reg:5000': {}});
	});

	test('known registries: auths, credHelpers and what the credsStore lists, each with its source', async () => {
		writeConfig({
			auths: {'file:1': {auth: b64('carol:x')}, 'http://helper:2': {}},
			credHelpers: {'helper:2': 'dswtest', 'broken:3': 'nosuch', 'plain:4': ''},
		});
		writeFileSync(helperStore, JSON.stringify({credentials: {'helper:2': {Username: 'alice', Secret: 'pw'}}, calls: []}));
		expect(await listKnownRegistries(configDir)).toEqual([
			{server: 'broken:3', username: null, source: {kind: 'helper', helper: 'nosuch'}},
			{server: 'file:1', username: 'carol', source: {kind: 'file'}},
			{server: 'helper:2', username: 'alice', source: {kind: 'helper', helper: 'dswtest'}},
			{server: 'plain:4', username: null, source: {kind: 'file'}},
		]);
		expect(helperCalls('get')).toEqual([]);
	});

	test('known registries include what the credsStore lists beyond auths', async () => {
		writeConfig({credsStore: 'dswtest', auths: {'a:1': {}}});
		writeFileSync(helperStore, JSON.stringify({credentials: {'a:1': {Username: 'alice', Secret: 'x'}, 'https://b:2': {Username: 'bob', Secret: 'y'}}, calls: []}));
		expect(await listKnownRegistries(configDir)).toEqual([
			{server: 'a:1', username: 'alice', source: {kind: 'helper', helper: 'dswtest'}},
			{server: 'b:2', username: 'bob', source: {kind: 'helper', helper: 'dswtest'}},
		]);
	});
});

test('the registries pane reads the same precedence, before the first frame', () => {
	writeConfig({credsStore: 'dswtest', credHelpers: {'plain:4': ''}, auths: {'plain:4': {auth: b64('carol:x')}, 'a:1': {}}});
	expect(readRegistries(configDir)).toEqual([
		{server: 'a:1', user: null, store: 'helper dswtest'},
		{server: 'plain:4', user: 'carol', store: 'config.json'},
	]);
});
