// ssh:// engines against a real sshd on loopback whose sessions reach the sandbox engine, as on a
// server. dockswab runs the system ssh, as the docker CLI does; a wrapper first on PATH points it
// at this test's ssh_config (known_hosts, identity, an alias), never at the user's ~/.ssh.
import {execFile, execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {join} from 'node:path';
import {afterAll, afterEach, beforeAll, expect, test} from 'vitest';
import {docker, sandboxEnv, seedSandbox, startTui, type Tui} from './harness';
import {tempDir} from '../fixtures/temp-dir';

let dir = '';
let port = 0;
let tui: Tui | null = null;

const freePort = () =>
	new Promise<number>(resolve => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const {port: free} = server.address() as {port: number};
			server.close(() => resolve(free));
		});
	});

/** The environment dockswab runs in: the test's ssh first on PATH, no agent of the user's. */
const sshEnv = (dockerHost: string) => ({DOCKER_HOST: dockerHost, PATH: `${join(dir, 'bin')}:${process.env.PATH}`, SSH_AUTH_SOCK: ''});

/** The TUI over SSH; PATH is set in the pane's command because tmux's shell would set its own. */
const startOverSsh = (dockerHost: string) => startTui({env: {DOCKER_HOST: dockerHost, SSH_AUTH_SOCK: ''}, shell: `PATH=${join(dir, 'bin')}:"$PATH" node dist/cli.js`, loopbackAliases: ['dsw-engine']});

const trustHostKey = (key = 'host_key.pub') => writeFileSync(join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${readFileSync(join(dir, key), 'utf8')}`);

/** `dockswab plan`, with its exit code; it must end on its own (no ssh left holding it open). */
function plan(dockerHost: string): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		execFile('node', ['dist/cli.js', 'plan', 'busybox:sandbox'], {env: {...sandboxEnv(), ...sshEnv(dockerHost)}, timeout: 30_000}, (error, stdout, stderr) =>
			resolve({code: error ? ((error as {code?: number}).code ?? -1) : 0, stdout, stderr}),
		);
	});
}

beforeAll(async () => {
	await seedSandbox();
	dir = tempDir('dsw-ssh-');
	port = await freePort();
	for (const key of ['host_key', 'other_host_key', 'client_key']) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, key)]);
	writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')), {mode: 0o600});
	writeFileSync(
		join(dir, 'sshd_config'),
		[
			`Port ${port}`,
			'ListenAddress 127.0.0.1',
			`HostKey ${join(dir, 'host_key')}`,
			`AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
			'PasswordAuthentication no',
			'PermitRootLogin prohibit-password',
			'StrictModes no',
			'UsePAM no',
			`PidFile ${join(dir, 'sshd.pid')}`,
			// Sessions reach the sandbox engine, as a server's own docker would.
			`SetEnv DOCKER_HOST=${sandboxEnv().DOCKER_HOST}`,
		].join('\n'),
	);
	writeFileSync(
		join(dir, 'ssh_config'),
		[
			'Host dsw-engine',
			'  HostName 127.0.0.1',
			`  Port ${port}`,
			'  User root',
			'Host *',
			`  UserKnownHostsFile ${join(dir, 'known_hosts')}`,
			'  GlobalKnownHostsFile /dev/null',
			'  CheckHostIP no',
			'  UpdateHostKeys no',
			`  IdentityFile ${join(dir, 'client_key')}`,
			'  IdentitiesOnly yes',
		].join('\n'),
	);
	writeFileSync(join(dir, 'known_hosts'), '');
	const realSsh = execFileSync('sh', ['-c', 'command -v ssh'], {encoding: 'utf8'}).trim();
	mkdirSync(join(dir, 'bin'));
	writeFileSync(join(dir, 'bin', 'ssh'), `#!/bin/sh\nexec ${realSsh} -F ${join(dir, 'ssh_config')} "$@"\n`, {mode: 0o755});
	mkdirSync('/run/sshd', {recursive: true});
	execFileSync('/usr/sbin/sshd', ['-f', join(dir, 'sshd_config'), '-E', join(dir, 'sshd.log')]);
});

afterEach(async () => {
	await tui?.stop();
	tui = null;
});

afterAll(() => {
	try {
		process.kill(Number(readFileSync(join(dir, 'sshd.pid'), 'utf8')));
	} catch {
		// Already gone.
	}
});

test("an engine whose host key is not in known_hosts is refused with ssh's reason, on screen and by plan", async () => {
	trustHostKey('other_host_key.pub');
	const changed = await plan(`ssh://root@127.0.0.1:${port}`);
	expect(changed.code).toBe(2);
	expect(changed.stderr).toContain('Host key verification failed.');
	expect(changed.stdout).toBe('');

	writeFileSync(join(dir, 'known_hosts'), '');
	const unknown = await plan(`ssh://root@127.0.0.1:${port}`);
	expect(unknown.code).toBe(2);
	expect(unknown.stderr).toBe(
		`dockswab: SSH to ssh://root@127.0.0.1:${port} (from DOCKER_HOST) failed: Host key verification failed. Try: ssh -p ${port} root@127.0.0.1 docker version (known_hosts, ~/.ssh/config, ssh-agent).\n`,
	);

	tui = await startOverSsh('ssh://dsw-engine');
	const screen = await tui.waitForText('Cannot connect', 20_000);
	expect(screen).toContain('Host key verification failed.');
	expect(screen).not.toMatch(/busybox\s+sandbox/);
});

test('once the host key is known, plan and the images pane with its live updates work over SSH', async () => {
	trustHostKey();
	const planned = await plan(`ssh://root@127.0.0.1:${port}`);
	expect(planned.stderr).toBe('');
	expect(planned.stdout).toContain('busybox:sandbox');

	// An alias from ssh_config: host name, port and user come from there.
	tui = await startOverSsh('ssh://dsw-engine');
	try {
		const screen = await tui.waitForText(/busybox\s+sandbox/, 20_000);
		expect(screen).toContain('ssh://dsw-engine');
		await tui.waitForText('● live', 20_000);
		await docker('tag', 'busybox:sandbox', 'over-ssh:1.0.0');
		await tui.waitForText(/over-ssh\s+1\.0\.0/, 20_000);
	} finally {
		await docker('rmi', 'over-ssh:1.0.0').catch(() => undefined);
	}
});

test('a socket path full of shell syntax in the URL runs nothing on the host: the remote docker gets it as one word', async () => {
	trustHostKey();
	const marker = join(dir, 'owned-by-url');
	const planned = await plan(`ssh://root@127.0.0.1:${port}/run/docker.sock;touch%20${encodeURIComponent(marker)};true`);
	expect(planned.code).toBe(2);
	// The remote docker was asked for that whole path as its socket, and said there is none.
	expect(planned.stderr).toMatch(/SSH to .* failed: .*docker\.sock;touch/);
	expect(existsSync(marker)).toBe(false);
});
