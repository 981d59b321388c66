// DOCKER_HOST=ssh://… against a real sshd on loopback whose sessions reach the sandbox engine,
// as on a server: dockerode opens SSH connections with the agent and runs `docker system dial-stdio`.
import {execFileSync, spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {docker, sandboxEnv, startTui, waitFor} from './harness';

let dir = '';
let port = 0;
let agentSocket = '';
let agentPid = 0;

const freePort = () =>
	new Promise<number>(resolve => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const {port: free} = server.address() as {port: number};
			server.close(() => resolve(free));
		});
	});

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'dsw-ssh-'));
	port = await freePort();
	for (const key of ['host_key', 'client_key']) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, key)]);
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
	mkdirSync('/run/sshd', {recursive: true});
	execFileSync('/usr/sbin/sshd', ['-f', join(dir, 'sshd_config'), '-E', join(dir, 'sshd.log')]);
	agentSocket = join(dir, 'agent.sock');
	const agent = spawn('ssh-agent', ['-D', '-a', agentSocket], {stdio: 'ignore'});
	agentPid = agent.pid!;
	await waitFor(() => {
		try {
			execFileSync('ssh-add', [join(dir, 'client_key')], {env: {...process.env, SSH_AUTH_SOCK: agentSocket}, stdio: 'ignore'});
			return true;
		} catch {
			return false;
		}
	}, 'the ssh agent to take the key');
});

afterAll(() => {
	for (const pid of [Number(readFileSync(join(dir, 'sshd.pid'), 'utf8')), agentPid]) {
		try {
			process.kill(pid);
		} catch {
			// Already gone.
		}
	}
});

test('an ssh:// engine: the images pane and its live updates work over SSH', async () => {
	const tui = await startTui({env: {DOCKER_HOST: `ssh://root@127.0.0.1:${port}`, SSH_AUTH_SOCK: agentSocket}});
	try {
		const screen = await tui.waitForText(/busybox\s+sandbox/, 20_000);
		expect(screen).toContain(`ssh://root@127.0.0.1:${port}`);
		await tui.waitForText('● live', 20_000);
		await docker('tag', 'busybox:sandbox', 'over-ssh:1.0.0');
		await tui.waitForText(/over-ssh\s+1\.0\.0/, 20_000);
	} finally {
		await tui.stop();
		await docker('rmi', 'over-ssh:1.0.0').catch(() => undefined);
	}
});
