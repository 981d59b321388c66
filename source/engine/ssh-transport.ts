// ssh:// engines are reached as the docker CLI reaches them: the system `ssh` runs
// `docker system dial-stdio` on the far side and its stdin/stdout carry the HTTP. So known_hosts,
// ~/.ssh/config (aliases, ProxyJump, IdentityFile) and the agent apply, and a host key that ssh
// does not trust stops the connection with ssh's own reason.
import type {ChildProcessByStdio} from 'node:child_process';
import {childProcess} from '../lazy-require';
import {visibleText} from '../domain/visible-text';
import {Agent} from 'node:http';
import {Duplex, type Readable, type Writable} from 'node:stream';
import {parseSshHost, sshArguments} from './ssh-endpoint';

/** An ssh failure, carrying ssh's own last line of complaint (e.g. "Host key verification failed."). */
export class SshError extends Error {
	override readonly name = 'SshError';
	readonly code = 'ESSH';
}

/** ssh's last line of complaint, with anything a terminal would interpret shown as an escape. */
export function sshReason(stderr: string): string {
	const lines = stderr
		.split(/\r?\n/)
		.map(line => visibleText(line.trim()))
		.filter(line => line !== '' && !line.startsWith('Warning: Permanently added'));
	const last = lines.at(-1);
	if (!last) return 'ssh closed the connection';
	return last.length > 300 ? `${last.slice(0, 299)}…` : last;
}

type SshChild = ChildProcessByStdio<Writable, Readable, Readable>;

/** One ssh process as the socket of one HTTP connection. */
class SshConnection extends Duplex {
	private readonly child: SshChild;
	private stderr = '';
	private finished = false;

	constructor(command: string, args: readonly string[]) {
		super({allowHalfOpen: false});
		// Detached: a session of its own, so ssh has no controlling terminal to prompt on.
		this.child = childProcess().spawn(command, args, {stdio: ['pipe', 'pipe', 'pipe'], detached: true});
		this.child.stdout.on('data', (chunk: Buffer) => {
			if (!this.push(chunk)) this.child.stdout.pause();
		});
		this.child.stderr.on('data', (chunk: Buffer) => {
			this.stderr = (this.stderr + chunk.toString('utf8')).slice(-4096);
		});
		// Write errors (EPIPE once ssh gave up) are reported by the exit below, with ssh's reason.
		this.child.stdin.on('error', () => undefined);
		this.child.on('error', (error: NodeJS.ErrnoException) =>
			this.fail(new SshError(error.code === 'ENOENT' ? `cannot run ${command}: not found (ssh:// engines need the ssh client)` : `cannot run ${command}: ${error.message}`)),
		);
		this.child.on('close', code => {
			if (code !== 0 && code !== null) this.fail(new SshError(sshReason(this.stderr)));
			else if (!this.finished) {
				this.finished = true;
				this.push(null);
			}
		});
	}

	private fail(error: SshError): void {
		if (this.finished) return;
		this.finished = true;
		this.destroy(error);
	}

	override _read(): void {
		this.child.stdout.resume();
	}

	override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		this.child.stdin.write(chunk, () => callback());
	}

	override _final(callback: (error?: Error | null) => void): void {
		this.child.stdin.end(() => callback());
	}

	override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
		this.finished = true;
		if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
		callback(error);
	}

	// What node's HTTP agent asks of a socket. An idle kept-alive connection must not keep
	// dockswab running (`dockswab plan` ends when its work is done).
	ref(): this {
		this.child.ref();
		for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) (stream as Partial<{ref: () => void}>).ref?.();
		return this;
	}

	unref(): this {
		this.child.unref();
		for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) (stream as Partial<{unref: () => void}>).unref?.();
		return this;
	}

	setKeepAlive(): this {
		return this;
	}

	setNoDelay(): this {
		return this;
	}

	setTimeout(): this {
		return this;
	}
}

/**
 * An HTTP agent whose connections are ssh processes. Connections are kept alive and reused, so a
 * re-list after an event does not pay for a new SSH handshake; the event stream holds its own.
 */
export function sshAgent(host: string, command = 'ssh'): Agent {
	const args = sshArguments(parseSshHost(host));
	const agent = new Agent({keepAlive: true});
	(agent as unknown as {createConnection: () => Duplex}).createConnection = () => new SshConnection(command, args);
	return agent;
}
