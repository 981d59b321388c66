import {createHash} from 'node:crypto';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, test} from 'vitest';
import {compareApiVersions, describeConnectionError, modemOptions} from '../../source/engine/connect';
import {changesLists, parseEventLine} from '../../source/engine/events';
import {resolveEngineTarget} from '../../source/engine/target';
import {registriesFromConfig} from '../../source/registry/config';

function configWithContext(name: string, host: string, current: boolean): string {
	const dir = mkdtempSync(join(tmpdir(), 'dockswab-config-'));
	const meta = join(dir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
	mkdirSync(meta, {recursive: true});
	writeFileSync(join(meta, 'meta.json'), JSON.stringify({Name: name, Endpoints: {docker: {Host: host}}}));
	writeFileSync(join(dir, 'config.json'), JSON.stringify(current ? {currentContext: name} : {}));
	return dir;
}

describe('engine target', () => {
	test('DOCKER_HOST wins', () => {
		expect(resolveEngineTarget({DOCKER_HOST: 'tcp://10.0.0.1:2375', DOCKER_CONFIG: '/nonexistent'})).toMatchObject({host: 'tcp://10.0.0.1:2375', source: 'DOCKER_HOST'});
	});
	test('the current context from config.json, then DOCKER_CONTEXT, then --context', () => {
		const dir = configWithContext('prod', 'ssh://ops@prod-1', true);
		expect(resolveEngineTarget({DOCKER_CONFIG: dir})).toMatchObject({host: 'ssh://ops@prod-1', source: 'context prod'});
		const other = configWithContext('stage', 'unix:///run/stage.sock', false);
		expect(resolveEngineTarget({DOCKER_CONFIG: other, DOCKER_CONTEXT: 'stage'}).host).toBe('unix:///run/stage.sock');
		expect(resolveEngineTarget({DOCKER_CONFIG: other, DOCKER_HOST: 'unix:///x.sock'}, 'stage').host).toBe('unix:///run/stage.sock');
	});
	test('falls back to the default socket', () => {
		expect(resolveEngineTarget({DOCKER_CONFIG: '/nonexistent'})).toMatchObject({host: 'unix:///var/run/docker.sock', source: 'default'});
	});
	test('modem options for each scheme', () => {
		const tls = {verify: false, certPath: null};
		expect(modemOptions({host: 'unix:///tmp/d.sock', source: '', tls})).toEqual({socketPath: '/tmp/d.sock'});
		expect(modemOptions({host: 'tcp://h:2375', source: '', tls})).toMatchObject({host: 'h', port: 2375, protocol: 'http'});
		expect(modemOptions({host: 'tcp://h:2376', source: '', tls})).toMatchObject({protocol: 'https'});
		expect(modemOptions({host: 'ssh://ops@h:2222', source: '', tls})).toMatchObject({protocol: 'ssh', host: 'h', port: 2222, username: 'ops'});
		expect(() => modemOptions({host: 'ftp://h', source: '', tls})).toThrow(/unsupported DOCKER_HOST scheme/);
	});
});

test('API versions compare numerically', () => {
	expect(compareApiVersions('1.41', '1.45')).toBeLessThan(0);
	expect(compareApiVersions('1.52', '1.45')).toBeGreaterThan(0);
	expect(compareApiVersions('1.9', '1.10')).toBeLessThan(0);
});

test('connection errors become a sentence and a hint', () => {
	const target = {host: 'unix:///dead.sock', source: 'DOCKER_HOST', tls: {verify: false, certPath: null}};
	expect(describeConnectionError(target, Object.assign(new Error('connect ENOENT'), {code: 'ENOENT'})).error).toBe('No engine socket at unix:///dead.sock (from DOCKER_HOST).');
	expect(describeConnectionError(target, Object.assign(new Error('x'), {code: 'EACCES'})).hint).toContain('docker group');
	expect(describeConnectionError(target, Object.assign(new Error('self-signed certificate in certificate chain'), {code: 'SELF_SIGNED_CERT_IN_CHAIN'})).hint).toContain('DOCKER_CERT_PATH');
});

test('TLS without readable certificates says which file', () => {
	const target = {host: 'tcp://127.0.0.1:2376', source: 'DOCKER_HOST', tls: {verify: true, certPath: '/nonexistent-certs'}};
	expect(() => modemOptions(target)).toThrow('cannot read /nonexistent-certs/ca.pem (DOCKER_CERT_PATH needs ca.pem, cert.pem and key.pem)');
});

describe('events', () => {
	test('parses engine event lines', () => {
		const line = JSON.stringify({Type: 'image', Action: 'tag', Actor: {ID: 'sha256:abc'}, time: 5});
		expect(parseEventLine(line)).toEqual({type: 'image', action: 'tag', id: 'sha256:abc', time: 5});
		expect(parseEventLine('{broken')).toBeNull();
	});
	test('only list-changing actions trigger a re-list', () => {
		expect(changesLists({type: 'container', action: 'start', id: '', time: 0})).toBe(true);
		expect(changesLists({type: 'container', action: 'exec_start: sh', id: '', time: 0})).toBe(false);
		expect(changesLists({type: 'container', action: 'health_status: healthy', id: '', time: 0})).toBe(false);
		expect(changesLists({type: 'image', action: 'untag', id: '', time: 0})).toBe(true);
	});
});

test('registries from config.json: helpers take precedence over auths', () => {
	const auth = Buffer.from('alice:secret').toString('base64');
	expect(registriesFromConfig({auths: {'reg.local:5000': {auth}, 'https://index.docker.io/v1/': {}}, credHelpers: {'https://index.docker.io/v1/': 'pass'}})).toEqual([
		{server: 'https://index.docker.io/v1/', user: null, store: 'helper pass'},
		{server: 'reg.local:5000', user: 'alice', store: 'config.json'},
	]);
});
