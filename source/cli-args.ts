// Command-line arguments: small enough that a parser library would be the bigger part.
export type CliOptions =
	| {kind: 'help'}
	| {kind: 'version'}
	| {kind: 'run'; context?: string; host?: string}
	| {kind: 'plan'; context?: string; host?: string; references: string[]; removeStoppedContainers: boolean; json: boolean}
	| {kind: 'error'; message: string};

export const usage = `Usage: dockswab [options]
       dockswab plan [--remove-stopped] [--json] [options] IMAGE...

A full-screen terminal UI for Docker image housekeeping.
\`plan\` prints what deleting the given images (repo:tag, or ID) would do, and changes nothing:
exit code 0 when all of it can run, 1 when something is blocked, 2 on bad input.

Options:
  -H, --host <url>      engine to use (unix://, tcp://, ssh://); default DOCKER_HOST, then the docker context
  -c, --context <name>  docker context to use
  -h, --help            show this help
  -v, --version         show the version

Environment: DOCKER_HOST, DOCKER_CONTEXT, DOCKER_CONFIG, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, NO_COLOR.
Keys: press ? inside dockswab.`;

export function parseArgs(argv: readonly string[]): CliOptions {
	const options: {context?: string; host?: string} = {};
	const plan = argv[0] === 'plan';
	const references: string[] = [];
	const flags = {removeStoppedContainers: false, json: false};
	for (let i = plan ? 1 : 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (plan && arg === '--remove-stopped') {
			flags.removeStoppedContainers = true;
			continue;
		}
		if (plan && arg === '--json') {
			flags.json = true;
			continue;
		}
		if (plan && !arg.startsWith('-')) {
			references.push(arg);
			continue;
		}
		if (arg === '-h' || arg === '--help') return {kind: 'help'};
		if (arg === '-v' || arg === '--version') return {kind: 'version'};
		const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
		if (flag === '-c' || flag === '--context' || flag === '-H' || flag === '--host') {
			const value = inline ?? argv[++i];
			if (!value) return {kind: 'error', message: `${flag} needs a value`};
			if (flag === '-c' || flag === '--context') options.context = value;
			else options.host = value;
			continue;
		}
		return {kind: 'error', message: `unknown argument "${arg}"`};
	}
	if (plan) return references.length > 0 ? {kind: 'plan', ...options, references, ...flags} : {kind: 'error', message: 'plan needs at least one image'};
	return {kind: 'run', ...options};
}
