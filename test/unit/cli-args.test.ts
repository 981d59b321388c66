import {describe, expect, test} from 'vitest';
import {parseArgs, type CliOptions} from '../../source/cli-args';

const mainUsage = /^Usage: dockswab \[options\]\n/;
const planUsage = /^Usage: dockswab plan /;
const cleanUsage = /^Usage: dockswab clean /;

/** The help and error texts are checked by which usage they show, not copied into the table. */
function shape(options: CliOptions): unknown {
	if (options.kind === 'help') return {kind: 'help', text: planUsage.test(options.text) ? 'plan' : mainUsage.test(options.text) ? 'main' : options.text};
	if (options.kind === 'error')
		return {kind: 'error', message: options.message, usage: planUsage.test(options.usage) ? 'plan' : cleanUsage.test(options.usage) ? 'clean' : mainUsage.test(options.usage) ? 'main' : options.usage};
	return options;
}

const plan = (references: string[], extra: object = {}) => ({kind: 'plan', references, policy: {}, removeStoppedContainers: false, json: false, hosts: [], allContexts: false, ...extra});
const clean = (policy: object, extra: object = {}) => ({...plan([], {policy}), kind: 'clean', yes: false, ...extra});
const day = 86_400;

describe('parseArgs', () => {
	test.each<[string[], unknown]>([
		// The UI and its connection options.
		[[], {kind: 'run'}],
		[['--context', 'prod'], {kind: 'run', context: 'prod'}],
		[['-c', 'prod'], {kind: 'run', context: 'prod'}],
		[['-cprod'], {kind: 'run', context: 'prod'}],
		[['--host=ssh://a@b'], {kind: 'run', host: 'ssh://a@b'}],

		[['-H', 'unix:///a.sock', 'plan', '--unused', '-H', 'unix:///b.sock'], plan([], {policy: {unused: true}, host: 'unix:///b.sock', hosts: ['unix:///a.sock', 'unix:///b.sock']})],
		[['-H', 'unix:///a.sock', '-H', 'unix:///b.sock'], {kind: 'run', host: 'unix:///b.sock'}],
		[['--host=-odd'], {kind: 'run', host: '-odd'}],
		// Help and version, wherever they stand; the first of help, version or a mistake decides.
		[['--help'], {kind: 'help', text: 'main'}],
		[['-h'], {kind: 'help', text: 'main'}],
		[['-c', 'prod', '-h'], {kind: 'help', text: 'main'}],
		[['-v'], {kind: 'version'}],
		[['--version'], {kind: 'version'}],
		[['-vh'], {kind: 'version'}],
		[['-hv'], {kind: 'help', text: 'main'}],
		[['-h', '--bogus'], {kind: 'help', text: 'main'}],
		[['--bogus', '-h'], {kind: 'error', message: 'unknown option "--bogus"', usage: 'main'}],
		// Mistakes: one line, and the usage they concern.
		[['--bogus'], {kind: 'error', message: 'unknown option "--bogus"', usage: 'main'}],
		[['-x'], {kind: 'error', message: 'unknown option "-x"', usage: 'main'}],
		[['-vx'], {kind: 'version'}],
		[['-xv'], {kind: 'error', message: 'unknown option "-x" in "-xv"', usage: 'main'}],
		[['--bogus=1'], {kind: 'error', message: 'unknown option "--bogus"', usage: 'main'}],
		[['--json'], {kind: 'error', message: 'unknown option "--json"', usage: 'main'}],
		[['--context'], {kind: 'error', message: '--context needs a value', usage: 'main'}],
		[['-H', 'tcp://10.0.0.5:2376', '-c', 'x'], {kind: 'error', message: 'conflicting options: cannot specify both --host and --context', usage: 'main'}],
		[['-c', 'x', 'plan', '-H', 'unix:///d.sock', 'app:1'], {kind: 'error', message: 'conflicting options: cannot specify both --host and --context', usage: 'plan'}],
		[['--context='], {kind: 'error', message: '--context needs a value', usage: 'main'}],
		[['-H'], {kind: 'error', message: '-H needs a value', usage: 'main'}],
		[['-H', '--help'], {kind: 'error', message: '-H needs a value', usage: 'main'}],
		[['-H', '--', 'x'], {kind: 'error', message: '-H needs a value', usage: 'main'}],
		[['--help=yes'], {kind: 'error', message: '--help takes no value', usage: 'main'}],
		[['prune'], {kind: 'error', message: 'unknown command "prune"', usage: 'main'}],
		// The docker CLI plugin, completions, and what programs ask (docker, completion scripts).
		[['plugin', 'install'], {kind: 'plugin', action: 'install'}],
		[['plugin', 'uninstall'], {kind: 'plugin', action: 'uninstall'}],
		[['plugin'], {kind: 'error', message: 'plugin takes one of: install, uninstall', usage: 'Usage: dockswab plugin install|uninstall\nSee `dockswab plugin --help`.'}],
		[['plugin', 'install', 'x'], {kind: 'error', message: 'plugin takes one of: install, uninstall', usage: 'Usage: dockswab plugin install|uninstall\nSee `dockswab plugin --help`.'}],
		[['completion', 'fish'], {kind: 'completion', shell: 'fish'}],
		[['completion', 'tcsh'], {kind: 'error', message: 'completion takes one of: bash, zsh, fish', usage: 'Usage: dockswab completion bash|zsh|fish\nSee `dockswab completion --help`.'}],
		[['-H', 'tcp://127.0.0.1:1', '__complete', 'images', 'app:'], {kind: 'complete', what: 'images', prefix: 'app:', host: 'tcp://127.0.0.1:1'}],
		[['__complete', 'contexts'], {kind: 'complete', what: 'contexts', prefix: ''}],
		[['docker-cli-plugin-metadata'], {kind: 'plugin-metadata'}],
		[['--', 'plan', 'app:1'], {kind: 'error', message: 'unexpected argument "plan"', usage: 'main'}],
		// layers and diff: one image, two images; the CI limits as sizes and fractions.
		[['layers', 'app:1'], {kind: 'layers', reference: 'app:1', json: false, top: 10, maxWastedBytes: null, minEfficiency: null}],
		[
			['-c', 'prod', 'layers', '--json', '--top', '3', '--max-wasted', '10MB', '--min-efficiency', '0.95', 'app:1'],
			{kind: 'layers', context: 'prod', reference: 'app:1', json: true, top: 3, maxWastedBytes: 10_000_000, minEfficiency: 0.95},
		],
		[['layers', '--min-efficiency', '90%', 'app:1'], {kind: 'layers', reference: 'app:1', json: false, top: 10, maxWastedBytes: null, minEfficiency: 0.9}],
		[
			['layers', '--min-efficiency', '1.5', 'app:1'],
			{
				kind: 'error',
				message: '--min-efficiency needs a fraction from 0 to 1 (0.95) or a percentage (95%)',
				usage: 'Usage: dockswab layers [--json] [--top N] [--max-wasted SIZE] [--min-efficiency 0.95] [options] IMAGE\nSee `dockswab layers --help`.',
			},
		],
		[
			['layers', '--max-wasted', 'lots', 'app:1'],
			{
				kind: 'error',
				message: '--max-wasted needs a size such as 10MB or 1GiB',
				usage: 'Usage: dockswab layers [--json] [--top N] [--max-wasted SIZE] [--min-efficiency 0.95] [options] IMAGE\nSee `dockswab layers --help`.',
			},
		],
		[
			['layers', '--top', '-1', 'app:1'],
			{kind: 'error', message: '--top needs a value', usage: 'Usage: dockswab layers [--json] [--top N] [--max-wasted SIZE] [--min-efficiency 0.95] [options] IMAGE\nSee `dockswab layers --help`.'},
		],
		[
			['layers', 'a', 'b'],
			{kind: 'error', message: 'layers takes one image', usage: 'Usage: dockswab layers [--json] [--top N] [--max-wasted SIZE] [--min-efficiency 0.95] [options] IMAGE\nSee `dockswab layers --help`.'},
		],
		[['diff', 'app:1', 'app:2', '--json'], {kind: 'diff', before: 'app:1', after: 'app:2', json: true}],
		[['diff', 'app:1'], {kind: 'error', message: 'diff takes two images: before, then after', usage: 'Usage: dockswab diff [--json] [options] IMAGE IMAGE\nSee `dockswab diff --help`.'}],
		// plan: its own options, operands in any order, `--` ends the options.
		[['plan', 'app:1'], plan(['app:1'])],
		[
			['plan', '--remove-stopped', 'app:1', '--json', '-H', 'unix:///x.sock', 'web'],
			plan(['app:1', 'web'], {host: 'unix:///x.sock', hosts: ['unix:///x.sock'], removeStoppedContainers: true, json: true}),
		],
		[['--context', 'prod', 'plan', 'app:1'], plan(['app:1'], {context: 'prod'})],
		[['-c', 'a', 'plan', '-c', 'b', 'app:1'], plan(['app:1'], {context: 'b'})],
		[['plan', '--', '-weird-name'], plan(['-weird-name'])],
		[['plan', 'app:1', '--', '--json', '--', 'plan'], plan(['app:1', '--json', '--', 'plan'])],
		[['plan', '--json', '--', 'app:1'], plan(['app:1'], {json: true})],
		[['plan', 'plan'], plan(['plan'])],
		[['plan', '--help'], {kind: 'help', text: 'plan'}],
		[['plan', 'app:1', '-h'], {kind: 'help', text: 'plan'}],
		[['-h', 'plan'], {kind: 'help', text: 'main'}],
		[['plan', '--', '--help'], plan(['--help'])],
		[['plan', '-v'], {kind: 'version'}],
		[['plan'], {kind: 'error', message: 'plan needs images or a rule (--keep, --dangling, --unused, --older-than, --unused-for, --budget)', usage: 'plan'}],
		[['plan', '--json'], {kind: 'error', message: 'plan needs images or a rule (--keep, --dangling, --unused, --older-than, --unused-for, --budget)', usage: 'plan'}],
		// Policy rules for plan and clean.
		[['plan', '--keep', '2', '--repo', 'app', '--json'], plan([], {policy: {keep: 2, repositories: ['app']}, json: true})],
		[['plan', '--keep=0', '--repo', 'app', '--repo', 'web'], plan([], {policy: {keep: 0, repositories: ['app', 'web']}})],
		[['plan', '--dangling', '--unused', '--older-than', '30d', '--unused-for', '2w'], plan([], {policy: {dangling: true, unused: true, olderThan: 30 * day, unusedFor: 14 * day}})],
		[['plan', '--budget', '20GB', '--protect', 'prod-*', '--protect', 'app:1.0.0'], plan([], {policy: {budget: 20e9, protect: ['prod-*', 'app:1.0.0']}})],
		[['plan', '--unused', '-H', 'unix:///a.sock', '--host', 'ssh://u@b'], plan([], {policy: {unused: true}, host: 'ssh://u@b', hosts: ['unix:///a.sock', 'ssh://u@b']})],
		[['plan', '--unused', '--all-contexts'], plan([], {policy: {unused: true}, allContexts: true})],
		[['plan', '--keep', 'two'], {kind: 'error', message: '--keep needs a whole number of versions, such as --keep 3', usage: 'plan'}],
		[['plan', '--keep', '-1'], {kind: 'error', message: '--keep needs a value', usage: 'plan'}],
		[['plan', '--older-than', '30'], {kind: 'error', message: '--older-than needs an age such as 30d, 12h or 2w', usage: 'plan'}],
		[['plan', '--unused-for', '1y'], {kind: 'error', message: '--unused-for needs an age such as 30d, 12h or 2w', usage: 'plan'}],
		[['plan', '--budget', '20 gigs'], {kind: 'error', message: '--budget needs a size such as 20GB or 500MB', usage: 'plan'}],
		[['plan', '--keep', '2', 'app:1.0.0'], {kind: 'error', message: 'plan takes images or rules, not both', usage: 'plan'}],
		[['plan', '--protect', 'x', 'app:1.0.0'], {kind: 'error', message: 'plan takes images or rules, not both', usage: 'plan'}],
		[['plan', '--repo', 'app'], {kind: 'error', message: '--repo and --protect narrow a rule: add --keep, --dangling, --unused, --older-than, --unused-for or --budget', usage: 'plan'}],
		[['plan', '--unused', '--all-contexts', '-c', 'prod'], {kind: 'error', message: '--all-contexts names every engine already; leave out --context and --host', usage: 'plan'}],
		[['--all-contexts'], {kind: 'error', message: 'unknown option "--all-contexts"', usage: 'main'}],
		[['plan', '--build-cache'], plan([], {buildCache: {keepBytes: null, unusedFor: null}})],
		[['plan', '--build-cache', '--keep-storage', '500MB', '--unused-for', '24h', '--json'], plan([], {buildCache: {keepBytes: 500e6, unusedFor: day}, json: true})],
		[['clean', '--build-cache', '--keep-storage=1GiB', '-y'], clean({}, {buildCache: {keepBytes: 2 ** 30, unusedFor: null}, yes: true})],
		[['plan', '--build-cache', '--keep-storage', 'lots'], {kind: 'error', message: '--keep-storage needs a size such as 500MB or 1GiB', usage: 'plan'}],
		[['plan', '--keep-storage', '1GB', '--unused'], {kind: 'error', message: '--keep-storage goes with --build-cache', usage: 'plan'}],
		[['plan', '--build-cache', '--budget', '1GB'], {kind: 'error', message: '--build-cache plans the build cache alone: leave out --budget (run it separately)', usage: 'plan'}],
		[['clean', '--build-cache', 'app:1.0.0'], {kind: 'error', message: '--build-cache plans the build cache alone: leave out the images (run it separately)', usage: 'clean'}],
		[['clean', '--keep', '2', '--repo', 'app', '--yes'], clean({keep: 2, repositories: ['app']}, {yes: true})],
		[['clean', '-y', '--unused', '--remove-stopped'], clean({unused: true}, {yes: true, removeStoppedContainers: true})],
		[['clean', '--unused'], clean({unused: true})],
		[['clean', 'app:1.0.0', '--yes'], {...clean({}, {yes: true}), references: ['app:1.0.0']}],
		[['clean'], {kind: 'error', message: 'clean needs images or a rule (--keep, --dangling, --unused, --older-than, --unused-for, --budget)', usage: 'clean'}],
		[['clean', '--yes=1', '--unused'], {kind: 'error', message: '--yes takes no value', usage: 'clean'}],
		[['plan', '--yes', '--unused'], {kind: 'error', message: 'unknown option "--yes"', usage: 'plan'}],
		[['plan', '--force', 'app:1'], {kind: 'error', message: 'unknown option "--force"', usage: 'plan'}],
		[['plan', '-weird-name'], {kind: 'error', message: 'unknown option "-w" in "-weird-name"', usage: 'plan'}],
		[['plan', '--json=false', 'app:1'], {kind: 'error', message: '--json takes no value', usage: 'plan'}],
		[['plan', 'app:1', '--context'], {kind: 'error', message: '--context needs a value', usage: 'plan'}],
		[['--json', 'plan', 'app:1'], {kind: 'error', message: 'unknown option "--json"', usage: 'main'}],
		// login and logout: the password only ever on stdin.
		[['login', '127.0.0.1:5000', '-u', 'me', '--password-stdin'], {kind: 'login', server: '127.0.0.1:5000', username: 'me'}],
		[['login', '--username=me', '--password-stdin'], {kind: 'login', server: 'https://index.docker.io/v1/', username: 'me'}],
		[
			['login', 'r', '-u', 'me', '-p', 'secret'],
			{
				kind: 'error',
				message: 'a password is never taken on the command line (other users can read it in ps); use --password-stdin',
				usage: 'Usage: dockswab login [SERVER] --username USER --password-stdin\nSee `dockswab login --help`.',
			},
		],
		[
			['login', 'r', '-u', 'me'],
			{
				kind: 'error',
				message: 'login needs --password-stdin (or press l in the registries pane)',
				usage: 'Usage: dockswab login [SERVER] --username USER --password-stdin\nSee `dockswab login --help`.',
			},
		],
		[['login', 'r', '--password-stdin'], {kind: 'error', message: 'login needs --username', usage: 'Usage: dockswab login [SERVER] --username USER --password-stdin\nSee `dockswab login --help`.'}],
		[['logout', '127.0.0.1:5000'], {kind: 'logout', server: '127.0.0.1:5000'}],
		[['logout'], {kind: 'logout', server: 'https://index.docker.io/v1/'}],
		[['logout', 'a', 'b'], {kind: 'error', message: 'logout takes one server', usage: 'Usage: dockswab logout [SERVER]\nSee `dockswab logout --help`.'}],
	])('%j', (argv, expected) => expect(shape(parseArgs(argv))).toEqual(expected));
});

test('plan --help explains plan and its options, not the main usage', () => {
	const result = parseArgs(['plan', '--help']);
	if (result.kind !== 'help') throw new Error(`expected help, got ${result.kind}`);
	expect(result.text).toMatch(/--remove-stopped\s+\S/);
	expect(result.text).toMatch(/--json\s+\S/);
	expect(result.text).toMatch(/-H, --host/);
	expect(result.text).toMatch(/after `--`/);
	expect(result.text).not.toMatch(/full-screen/);
});

test('a mistake shows the usage lines and where the help is, not the whole help', () => {
	const planMistake = parseArgs(['plan', '--bogus']);
	const mainMistake = parseArgs(['--bogus']);
	if (planMistake.kind !== 'error' || mainMistake.kind !== 'error') throw new Error('expected errors');
	expect(planMistake.usage).toMatch(
		/^Usage: dockswab plan \[--remove-stopped\] \[--json\] \[options\] IMAGE\.\.\.\n\s+dockswab plan \[--keep N\].*\n\s+dockswab plan --build-cache .*\n\s+dockswab plan --registry .*\n\s+dockswab plan --registry .* --untag .*\nSee `dockswab plan --help`\.$/,
	);
	expect(mainMistake.usage).toMatch(/^Usage: dockswab \[options\]\n\s+dockswab plan .*\n(\s+dockswab \S+ .*\n)+See `dockswab --help`\.$/);
});

test('the main usage names the plan command and points at its help', () => {
	const result = parseArgs(['--help']);
	if (result.kind !== 'help') throw new Error(`expected help, got ${result.kind}`);
	expect(result.text).toMatch(/^\s+plan\s.*dockswab plan --help/m);
	expect(result.text).toMatch(/-v, --version/);
});
