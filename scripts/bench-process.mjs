// Timing and running commands, shared by the bench scripts.
import {execFile, spawn} from 'node:child_process';
import {promisify} from 'node:util';

const execFileAsync = promisify(execFile);

/** Wall time of one command from spawn to exit, in ms; its output is discarded. */
export function timeCommand(command, args, env) {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(command, args, {env, stdio: ['ignore', 'ignore', 'pipe']});
		let stderr = '';
		child.stderr.on('data', chunk => (stderr += chunk));
		child.on('error', reject);
		child.on('close', code => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${command} ${args.join(' ')}: exit ${code} ${stderr.trim()}`))));
	});
}

export async function docker(env, ...args) {
	const {stdout} = await execFileAsync('docker', args, {env, maxBuffer: 256 * 1024 * 1024});
	return stdout.trim();
}
