import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, test} from 'vitest';
import {Agent as HttpAgent, request as httpRequest} from 'node:http';
import {compareApiVersions, describeConnectionError, engineProduct, modemOptions} from '../../source/engine/connect';
import {parseSshHost, quoteShellWord, sshArguments, SshUrlError} from '../../source/engine/ssh-endpoint';
import {sshAgent, SshError, sshReason} from '../../source/engine/ssh-transport';
import {changesLists, parseEventLine} from '../../source/engine/events';
import {listsTakenSince} from '../../source/engine/first-lists';
import {ContextError, resolveEngineTarget, type EngineTarget, type TlsSettings} from '../../source/engine/target';
import {registriesFromConfig} from '../../source/registry/config';
import {tempDir} from '../fixtures/temp-dir';

function configWithContext(name: string, host: string, current: boolean, endpoint: Record<string, unknown> = {}): string {
	const dir = tempDir('dockswab-config-');
	const meta = join(dir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
	mkdirSync(meta, {recursive: true});
	writeFileSync(join(meta, 'meta.json'), JSON.stringify({Name: name, Endpoints: {docker: {Host: host, ...endpoint}}}));
	writeFileSync(join(dir, 'config.json'), JSON.stringify(current ? {currentContext: name} : {}));
	return dir;
}

const noTls: TlsSettings = {required: false, skipVerify: false, ca: null, cert: null, key: null, origin: 'DOCKER_CERT_PATH'};

describe('engine target', () => {
	test('DOCKER_HOST wins over DOCKER_CONTEXT and the current context, not over --context', () => {
		const dir = configWithContext('prod', 'ssh://ops@prod-1', true);
		expect(resolveEngineTarget({DOCKER_HOST: 'tcp://10.0.0.1:2375', DOCKER_CONFIG: dir, DOCKER_CONTEXT: 'prod'})).toMatchObject({host: 'tcp://10.0.0.1:2375', source: 'DOCKER_HOST'});
		expect(resolveEngineTarget({DOCKER_HOST: 'tcp://10.0.0.1:2375', DOCKER_CONFIG: dir}, 'prod')).toMatchObject({host: 'ssh://ops@prod-1', source: 'context prod'});
	});
	test('the current context from config.json, then DOCKER_CONTEXT, then --context', () => {
		const dir = configWithContext('prod', 'ssh://ops@prod-1', true);
		expect(resolveEngineTarget({DOCKER_CONFIG: dir})).toMatchObject({host: 'ssh://ops@prod-1', source: 'context prod'});
		const other = configWithContext('stage', 'unix:///run/stage.sock', false);
		expect(resolveEngineTarget({DOCKER_CONFIG: other, DOCKER_CONTEXT: 'stage'}).host).toBe('unix:///run/stage.sock');
		expect(resolveEngineTarget({DOCKER_CONFIG: other, DOCKER_HOST: 'unix:///x.sock'}, 'stage').host).toBe('unix:///run/stage.sock');
	});
	test('falls back to the default socket; the context "default" means DOCKER_HOST or that socket', () => {
		expect(resolveEngineTarget({DOCKER_CONFIG: '/nonexistent'})).toMatchObject({host: 'unix:///var/run/docker.sock', source: 'default'});
		expect(resolveEngineTarget({DOCKER_CONFIG: '/nonexistent'}, 'default')).toMatchObject({host: 'unix:///var/run/docker.sock', source: 'default'});
		expect(resolveEngineTarget({DOCKER_CONFIG: '/nonexistent', DOCKER_HOST: 'unix:///x.sock'}, 'default')).toMatchObject({host: 'unix:///x.sock', source: 'DOCKER_HOST'});
		expect(resolveEngineTarget({DOCKER_CONFIG: '/nonexistent', DOCKER_CONTEXT: 'default'}).host).toBe('unix:///var/run/docker.sock');
	});
	test("an unknown context is refused with the docker CLI's words, wherever it is named", () => {
		const dir = configWithContext('prod', 'ssh://ops@prod-1', false);
		const meta = join(dir, 'contexts', 'meta', createHash('sha256').update('nosuch').digest('hex'), 'meta.json');
		const refusal = `context "nosuch": context not found: open ${meta}: no such file or directory`;
		expect(() => resolveEngineTarget({DOCKER_CONFIG: dir}, 'nosuch')).toThrow(refusal);
		expect(() => resolveEngineTarget({DOCKER_CONFIG: dir, DOCKER_CONTEXT: 'nosuch'})).toThrow(refusal);
		writeFileSync(join(dir, 'config.json'), JSON.stringify({currentContext: 'nosuch'}));
		expect(() => resolveEngineTarget({DOCKER_CONFIG: dir})).toThrow(ContextError);
		expect(() => resolveEngineTarget({DOCKER_CONFIG: dir})).toThrow(refusal);
	});
	test("a context's TLS material and SkipTLSVerify come from the context store", () => {
		const dir = configWithContext('secure', 'tcp://10.0.0.5:2376', false);
		const tlsDir = join(dir, 'contexts', 'tls', createHash('sha256').update('secure').digest('hex'), 'docker');
		mkdirSync(tlsDir, {recursive: true});
		for (const file of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(tlsDir, file), 'x');
		expect(resolveEngineTarget({DOCKER_CONFIG: dir, DOCKER_CERT_PATH: '/elsewhere'}, 'secure').tls).toEqual({
			required: true,
			skipVerify: false,
			ca: join(tlsDir, 'ca.pem'),
			cert: join(tlsDir, 'cert.pem'),
			key: join(tlsDir, 'key.pem'),
			origin: 'context secure',
		});
		const skip = configWithContext('lax', 'tcp://10.0.0.6:2376', false, {SkipTLSVerify: true});
		expect(resolveEngineTarget({DOCKER_CONFIG: skip}, 'lax').tls).toMatchObject({required: true, skipVerify: true, ca: null});
		const plain = configWithContext('plain', 'tcp://10.0.0.7:2375', false);
		expect(resolveEngineTarget({DOCKER_CONFIG: plain, DOCKER_TLS_VERIFY: '1'}, 'plain').tls.required).toBe(false);
	});
	test('modem options for each scheme name every field, so DOCKER_HOST cannot leak in', () => {
		const target = (host: string): EngineTarget => ({host, source: '', tls: noTls});
		expect(modemOptions(target('unix:///tmp/d.sock'))).toMatchObject({socketPath: '/tmp/d.sock', host: undefined, protocol: 'http'});
		expect(modemOptions(target('unix:///tmp/d.sock'))).toHaveProperty('host', undefined);
		expect(modemOptions(target('tcp://h:2375'))).toMatchObject({host: 'h', port: 2375, protocol: 'http', agent: undefined});
		expect(modemOptions(target('tcp://h:2376'))).toMatchObject({protocol: 'https'});
		const ssh = modemOptions(target('ssh://ops@h:2222'));
		expect(ssh).toMatchObject({protocol: 'http', host: 'h', port: 2222});
		expect(ssh.agent).toBeInstanceOf(HttpAgent);
		expect(() => modemOptions(target('ftp://h'))).toThrow(/unsupported DOCKER_HOST scheme/);
	});
});

describe('ssh', () => {
	test('arguments as the docker CLI gives them, with BatchMode so ssh never prompts', () => {
		expect(sshArguments(parseSshHost('ssh://ops@build-1:2222'))).toEqual([
			'-l',
			'ops',
			'-p',
			'2222',
			'-o',
			'BatchMode=yes',
			'-o',
			'ConnectTimeout=30',
			'-o',
			'ServerAliveInterval=15',
			'-o',
			'ServerAliveCountMax=4',
			'-T',
			'--',
			'build-1',
			'docker system dial-stdio',
		]);
		expect(sshArguments(parseSshHost('ssh://build-1'))).toEqual([
			'-o',
			'BatchMode=yes',
			'-o',
			'ConnectTimeout=30',
			'-o',
			'ServerAliveInterval=15',
			'-o',
			'ServerAliveCountMax=4',
			'-T',
			'--',
			'build-1',
			'docker system dial-stdio',
		]);
		expect(sshArguments(parseSshHost('ssh://[::1]/run/user/1000/docker.sock')).slice(-2)).toEqual(['::1', 'docker --host unix:///run/user/1000/docker.sock system dial-stdio']);
		expect(sshArguments(parseSshHost('ssh://ops@host/run/docker.sock;touch%20/tmp/x;true')).at(-1)).toBe("docker --host 'unix:///run/docker.sock;touch /tmp/x;true' system dial-stdio");
	});
	test('each remote word reaches a POSIX shell as that one word, whatever it holds', () => {
		const words = ['unix:///run/docker.sock', "/run/it's;touch x;true", '$(touch x)', '`id`', 'a b\tc', '"quoted"', "''", '', '*', '~root', 'x|y&z>w<v', '#comment', '-n', 'ünïcödé'];
		for (const word of words) {
			const printed = execFileSync('sh', ['-c', `printf '%s\\n' ${quoteShellWord(word)}`], {encoding: 'utf8'});
			expect(printed).toBe(`${word}\n`);
		}
	});
	test('a socket path full of shell syntax runs no command on the far side: the remote docker gets it as one word', async () => {
		const dir = tempDir('dockswab-ssh-');
		mkdirSync(join(dir, 'bin'));
		// ssh and sshd in one: past the options and the host, the remote command line goes to the
		// user's shell, as sshd hands it over.
		writeFileSync(join(dir, 'ssh'), `#!/bin/sh\nwhile [ "$1" != "--" ]; do shift; done\nshift 2\nPATH="${join(dir, 'bin')}:$PATH" exec sh -c "$*"\n`, {mode: 0o755});
		writeFileSync(join(dir, 'bin', 'docker'), `#!/bin/sh\nprintf '%s\\n' "$@" > "${join(dir, 'docker-arguments')}"\necho "no engine here" >&2\nexit 1\n`, {mode: 0o755});
		const marker = join(dir, 'owned');
		const agent = sshAgent(`ssh://ops@host/run/docker.sock;touch%20${encodeURIComponent(marker)};true`, join(dir, 'ssh'));
		const error = await new Promise<Error>(resolve => {
			const request = httpRequest({host: 'host', path: '/_ping', agent}, () => resolve(new Error('answered')));
			request.on('error', resolve);
			request.end();
		});
		expect(error.message).toBe('no engine here');
		expect(readFileSync(join(dir, 'docker-arguments'), 'utf8')).toBe(`--host\nunix:///run/docker.sock;touch ${marker};true\nsystem\ndial-stdio\n`);
		expect(existsSync(marker)).toBe(false);
	});
	test('a password, a query, a fragment or a control character in an ssh:// URL is refused, the password never repeated', () => {
		const refusals: [string, string][] = [
			['ssh://ops:hunter2@host', 'a password in an ssh:// URL is not supported'],
			['ssh://ops:@host', 'a password in an ssh:// URL is not supported'],
			['ssh://ops@host/run/docker.sock?x=1', 'extra query after the host: "x=1"'],
			['ssh://ops@host/run/docker.sock#frag', 'extra fragment after the host: "frag"'],
			['ssh://ops@host/run/docker.sock%0Atouch%20x', 'the socket path holds a control character'],
			['ssh://op%0As@host', 'the user name holds a control character'],
		];
		for (const [host, reason] of refusals) {
			expect(() => parseSshHost(host)).toThrow(SshUrlError);
			expect(() => parseSshHost(host)).toThrow(reason);
		}
		const target: EngineTarget = {host: 'ssh://ops:hunter2@host:2222/run/docker.sock', source: 'context prod', tls: noTls};
		let refusal: unknown;
		try {
			modemOptions(target);
		} catch (error) {
			refusal = error;
		}
		const described = describeConnectionError(target, refusal);
		expect(described.error).toBe(
			'Cannot use ssh://ops@host:2222/run/docker.sock (from context prod): a password in an ssh:// URL is not supported (ssh logs in with keys, the agent or ~/.ssh/config).',
		);
		expect(JSON.stringify(described)).not.toContain('hunter2');
	});
	test('ssh\'s reason is its last line, without terminal controls or the "added to known hosts" note', () => {
		const changed = [
			'@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
			'@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
			'Host key for [127.0.0.1]:2222 has changed and you have requested strict checking.',
			'Host key verification failed.',
			'',
		].join('\r\n');
		expect(sshReason(changed)).toBe('Host key verification failed.');
		expect(sshReason("Warning: Permanently added 'h' (ED25519) to the list of known hosts.\nops@h: Permission denied (publickey).\n")).toBe('ops@h: Permission denied (publickey).');
		expect(sshReason('bash: docker: command not found\u001B]0;evil\u0007\n')).toBe('bash: docker: command not found\\x1b]0;evil\\x07');
		expect(sshReason('')).toBe('ssh closed the connection');
	});
	test('a failing ssh becomes an error with its reason', async () => {
		const dir = tempDir('dockswab-ssh-');
		const fakeSsh = join(dir, 'ssh');
		writeFileSync(fakeSsh, '#!/bin/sh\necho "Host key verification failed." >&2\nexit 255\n', {mode: 0o755});
		const agent = sshAgent('ssh://ops@h', fakeSsh);
		const error = await new Promise<Error>(resolve => {
			const request = httpRequest({host: 'h', path: '/_ping', agent}, () => resolve(new Error('answered')));
			request.on('error', resolve);
			request.end();
		});
		expect(error).toBeInstanceOf(SshError);
		expect(error.message).toBe('Host key verification failed.');
		expect(describeConnectionError({host: 'ssh://ops@h', source: 'DOCKER_HOST', tls: noTls}, error)).toEqual({
			error: 'SSH to ssh://ops@h (from DOCKER_HOST) failed: Host key verification failed.',
			hint: 'Try: ssh ops@h docker version (known_hosts, ~/.ssh/config, ssh-agent).',
		});
	});
});

test('API versions compare numerically', () => {
	expect(compareApiVersions('1.41', '1.45')).toBeLessThan(0);
	expect(compareApiVersions('1.52', '1.45')).toBeGreaterThan(0);
	expect(compareApiVersions('1.9', '1.10')).toBeLessThan(0);
});

test('connection errors become a sentence and a hint', () => {
	const target = {host: 'unix:///dead.sock', source: 'DOCKER_HOST', tls: noTls};
	expect(describeConnectionError(target, Object.assign(new Error('connect ENOENT'), {code: 'ENOENT'})).error).toBe('No engine socket at unix:///dead.sock (from DOCKER_HOST).');
	expect(describeConnectionError(target, Object.assign(new Error('x'), {code: 'EACCES'})).hint).toContain('docker group');
	expect(describeConnectionError(target, Object.assign(new Error('self-signed certificate in certificate chain'), {code: 'SELF_SIGNED_CERT_IN_CHAIN'})).hint).toContain('DOCKER_CERT_PATH');
	const context = {...target, tls: {...noTls, origin: 'context secure'}};
	expect(describeConnectionError(context, Object.assign(new Error('self-signed certificate in certificate chain'), {code: 'SELF_SIGNED_CERT_IN_CHAIN'})).hint).toContain(
		'the certificates of context secure',
	);
});

test('TLS without readable certificates says which file', () => {
	const target = {
		host: 'tcp://127.0.0.1:2376',
		source: 'DOCKER_HOST',
		tls: {...noTls, required: true, ca: '/nonexistent-certs/ca.pem', cert: '/nonexistent-certs/cert.pem', key: '/nonexistent-certs/key.pem'},
	};
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
	test("Podman's compat event lines re-list: a container's `remove`, a `build`, `cleanup` after an exit", () => {
		// As Podman 4.3's compat socket sends them.
		const podman = (type: string, action: string) =>
			JSON.stringify({
				status: action,
				id: 'e46b5ae11edf',
				Type: type,
				Action: action,
				Actor: {ID: 'e46b5ae11edf', Attributes: {containerExitCode: '0', image: 'localhost/dockswab/base:1'}},
				scope: 'local',
				time: 1796036676,
			});
		for (const [type, action] of [
			['container', 'remove'],
			['container', 'cleanup'],
			['container', 'init'],
			['container', 'stop'],
			['image', 'build'],
			['image', 'delete'],
			['image', 'tag'],
		] as const) {
			const event = parseEventLine(podman(type, action));
			expect(event).toEqual({type, action, id: 'e46b5ae11edf', time: 1796036676});
			expect(changesLists(event!), `${type} ${action}`).toBe(true);
		}
		for (const action of ['mount', 'unmount', 'exec', 'attach']) expect(changesLists(parseEventLine(podman('container', action))!), action).toBe(false);
	});
});

test('the event stream starts early enough for lists asked alongside /version: a second of margin plus their time, rounded up', () => {
	expect(listsTakenSince(1_700_000_000, 40)).toBe(1_699_999_998);
	expect(listsTakenSince(1_700_000_000, 1000)).toBe(1_699_999_998);
	expect(listsTakenSince(1_700_000_000, 2300)).toBe(1_699_999_996);
	// An answer without a Date header: no replay, the stream re-lists when it opens.
	expect(listsTakenSince(null, 40)).toBeUndefined();
});

test("the engine's own product name and version: Docker's `Engine` component, Podman's `Podman Engine`", () => {
	const docker = {
		Version: '20.10.24+dfsg1',
		ApiVersion: '1.41',
		Components: [
			{Name: 'Engine', Version: '20.10.24+dfsg1'},
			{Name: 'containerd', Version: '1.6.20'},
		],
	};
	expect(engineProduct(docker)).toEqual({product: 'Docker', version: '20.10.24+dfsg1'});
	// Podman 4.3.1's compat /version, trimmed.
	const podman = {
		Version: '4.3.1',
		ApiVersion: '1.41',
		Components: [
			{Name: 'Podman Engine', Version: '4.3.1'},
			{Name: 'Conmon', Version: 'conmon version 2.1.6'},
			{Name: 'OCI Runtime (runc)', Version: 'runc version 1.1.5'},
		],
	};
	expect(engineProduct(podman)).toEqual({product: 'Podman Engine', version: '4.3.1'});
	expect(engineProduct({Version: '1.2.3', ApiVersion: '1.41'})).toEqual({product: 'Docker', version: '1.2.3'});
});

test('registries from config.json: helpers take precedence over auths', () => {
	const auth = Buffer.from('alice:secret').toString('base64');
	expect(registriesFromConfig({auths: {'reg.local:5000': {auth}, 'https://index.docker.io/v1/': {}}, credHelpers: {'https://index.docker.io/v1/': 'pass'}})).toEqual([
		{server: 'https://index.docker.io/v1/', user: null, store: 'helper pass'},
		{server: 'reg.local:5000', user: 'alice', store: 'config.json'},
	]);
});
