// A tmux pane driven through one control-mode client (`tmux -C`) for `npm run bench`.
//
// Why control mode rather than spawning `tmux capture-pane` in a polling loop: one spawn costs a
// few milliseconds of CPU on the same cores the program under test uses, and polling every 5 ms
// would both disturb and blur 16 ms measurements. The control client is told (`%output`) the
// moment the pane receives bytes, so the bench captures the screen only when it may have changed.
import {spawn, execFile} from 'node:child_process';
import {promisify} from 'node:util';

const execFileAsync = promisify(execFile);

/** Quotes one argument for tmux's command parser (control-mode input is tmux command syntax). */
function quote(arg) {
	const text = String(arg);
	if (/^[\w./:=,@%+-]+$/.test(text)) return text;
	if (!text.includes("'")) return `'${text}'`;
	return `"${text.replace(/[\\"$]/g, '\\$&')}"`;
}

/** Bytes the pane received, from a `%output` line's escaped data (`\ooo` for control characters and `\`). */
function outputBytes(escaped) {
	return escaped.length - 3 * (escaped.match(/\\[0-7]{3}/g)?.length ?? 0);
}

const delay = ms => new Promise(resolve => setTimeout(resolve, ms));

export class TmuxServer {
	/** `env` is the tmux server's own environment: sessions inherit it, so keep it minimal. */
	constructor(socket, env = process.env) {
		this.socket = socket;
		this.env = env;
	}

	/** Runs one tmux command as its own client process (only for setup, never while measuring). */
	async run(...args) {
		const {stdout} = await execFileAsync('tmux', ['-f', '/dev/null', '-L', this.socket, ...args], {env: this.env});
		return stdout;
	}

	/** One idle session for the server's lifetime: killing the last session would stop the server while the next one starts. */
	async start() {
		await this.run('new-session', '-d', '-s', 'keeper', 'sleep', '86400');
	}

	async kill() {
		await this.run('kill-server').catch(() => undefined);
	}

	/**
	 * A detached session of a fixed size whose pane idles until `start` respawns it with the program,
	 * so the clock can start at the very command that creates the process.
	 */
	async openPane({name, columns, rows, env = {}}) {
		const envArgs = Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
		await this.run('new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), ...envArgs, 'sleep', '86400');
		// `manual`: no client (not even ours) may resize the window away from the fixed size.
		await this.run('set-option', '-t', name, 'window-size', 'manual');
		await this.run('set-option', '-t', name, 'remain-on-exit', 'on');
		const pane = new ControlledPane(this, name);
		await pane.attach();
		return pane;
	}
}

class ControlledPane {
	constructor(server, name) {
		this.server = server;
		this.name = name;
		/** Total bytes the pane received and when the last of them came, from `%output`. */
		this.bytes = 0;
		this.outputSeq = 0;
		this.lastOutputAt = 0;
		this.outputWaiters = [];
		this.pending = [];
		this.block = null;
		this.buffered = '';
	}

	attach() {
		this.client = spawn('tmux', ['-f', '/dev/null', '-L', this.server.socket, '-C', 'attach-session', '-t', this.name], {env: this.server.env, stdio: ['pipe', 'pipe', 'ignore']});
		// latin1 keeps one character per byte, so `%output` lengths are byte counts.
		this.client.stdout.setEncoding('latin1');
		this.client.stdout.on('data', chunk => this.receive(chunk));
		this.closed = new Promise(resolve => this.client.on('close', resolve));
		// The first answer proves the client is attached.
		return this.command('display-message', '-p', 'attached');
	}

	receive(chunk) {
		const now = performance.now();
		this.buffered += chunk;
		let newline;
		while ((newline = this.buffered.indexOf('\n')) >= 0) {
			const line = this.buffered.slice(0, newline);
			this.buffered = this.buffered.slice(newline + 1);
			this.receiveLine(line, now);
		}
	}

	receiveLine(line, now) {
		if (this.block) {
			const end = /^%(end|error) \d+ (\d+) \d+$/.exec(line);
			if (end && end[2] === this.block.number) {
				const {lines, ours} = this.block;
				this.block = null;
				if (!ours) return;
				const waiter = this.pending.shift();
				const text = Buffer.from(lines.join('\n'), 'latin1').toString('utf8');
				if (end[1] === 'end') waiter?.resolve(text);
				else waiter?.reject(new Error(`tmux: ${text}`));
				return;
			}
			this.block.lines.push(line);
			return;
		}
		const begin = /^%begin \d+ (\d+) (\d+)$/.exec(line);
		if (begin) {
			// Flag 1 marks the answer to a command this client sent; 0 is the attach itself.
			this.block = {number: begin[1], ours: begin[2] !== '0', lines: []};
			return;
		}
		const output = /^%output %\d+ (.*)$/.exec(line);
		if (output) {
			this.bytes += outputBytes(output[1]);
			this.outputSeq++;
			this.lastOutputAt = now;
			for (const wake of this.outputWaiters.splice(0)) wake();
		}
	}

	/** Sends one tmux command through the control client; resolves with its output. */
	command(...args) {
		return new Promise((resolve, reject) => {
			this.pending.push({resolve, reject});
			this.client.stdin.write(`${args.map(quote).join(' ')}\n`);
		});
	}

	/** Replaces the idle placeholder with `argv`; resolves with the clock reading taken just before. */
	async start(argv) {
		const startedAt = performance.now();
		await this.command('respawn-pane', '-k', '-t', this.name, ...argv);
		return startedAt;
	}

	screen({escapes = false} = {}) {
		return this.command('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', this.name);
	}

	keys(...keys) {
		return this.command('send-keys', '-t', this.name, ...keys);
	}

	type(text) {
		return this.command('send-keys', '-t', this.name, '-l', text);
	}

	async info(format) {
		return (await this.command('display-message', '-p', '-t', this.name, format)).trim();
	}

	async pid() {
		return Number(await this.info('#{pane_pid}'));
	}

	/** Appends everything the pane receives to `file`, as an SSH link would carry it. */
	pipeTo(file) {
		return this.command('pipe-pane', '-o', '-t', this.name, `cat >> ${quote(file)}`);
	}

	nextOutput(timeoutMs) {
		return new Promise(resolve => {
			const timer = setTimeout(resolve, Math.max(0, timeoutMs));
			this.outputWaiters.push(() => {
				clearTimeout(timer);
				resolve();
			});
		});
	}

	/**
	 * Captures the screen whenever output arrived until `predicate(screen)` holds. `at` is when the
	 * pane last received bytes before the matching capture (the frame that made it true), or the
	 * capture itself when nothing arrived after `since`.
	 */
	async waitFor(predicate, {timeoutMs = 10_000, escapes = false, since = performance.now(), what = 'screen condition'} = {}) {
		const deadline = performance.now() + timeoutMs;
		for (;;) {
			const seq = this.outputSeq;
			const screen = await this.screen({escapes});
			const found = predicate(screen);
			if (found) return {at: this.lastOutputAt >= since ? this.lastOutputAt : performance.now(), screen, found};
			const left = deadline - performance.now();
			if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} in tmux session ${this.name}; screen:\n${screen}`);
			// Output after our capture was sent may not be in it: capture again at once.
			if (this.outputSeq === seq) await this.nextOutput(Math.min(left, 100));
		}
	}

	/** Resolves once the pane received no bytes for `quietMs` (and at least `minMs` passed). */
	async quiet({quietMs, minMs = 0, timeoutMs = 30_000}) {
		const started = performance.now();
		for (;;) {
			const now = performance.now();
			if (now - started > timeoutMs) return false;
			const silentFor = now - Math.max(this.lastOutputAt, started);
			if (silentFor >= quietMs && now - started >= minMs) return true;
			await delay(Math.max(quietMs - silentFor, minMs - (now - started), 10));
		}
	}

	async close() {
		await this.server.run('kill-session', '-t', this.name).catch(() => undefined);
		this.client.stdin.end();
		const timeout = delay(2000).then(() => this.client.kill());
		await Promise.race([this.closed, timeout]);
	}
}
