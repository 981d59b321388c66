// Starts (or reuses) the throwaway engine from scripts/sandbox and hands its environment to the
// test files, which seed it as they need. Tests never see the user's engine or ~/.docker.
import {execFileSync} from 'node:child_process';

export default function setup(): void {
	execFileSync('bash', ['scripts/sandbox', 'start'], {stdio: ['ignore', 'inherit', 'inherit']});
	const env = JSON.parse(execFileSync('bash', ['scripts/sandbox', 'env', '--json'], {encoding: 'utf8'})) as Record<string, string>;
	Object.assign(process.env, env);
	const labels = execFileSync('docker', ['info', '--format', '{{json .Labels}}'], {encoding: 'utf8', env: process.env});
	if (!labels.includes('dockswab.sandbox=true')) throw new Error(`refusing to test against ${env.DOCKER_HOST}: no dockswab.sandbox=true label`);
}
