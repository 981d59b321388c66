// `dockswab completion zsh` and `dockswab completion fish`, run in those shells as the bash script
// is in completion.test.ts. zsh: an interactive `zsh -f` in a pseudo-terminal (zpty) with
// compinit loaded; Tab is pressed on the line and the matches zsh's completion system accepted
// (compadd's own prefix matching included) are read back. fish: `complete -C LINE`, which is
// what fish computes on Tab. Image references come from a fake engine on loopback; context names
// from a temporary DOCKER_CONFIG. zsh and fish come from `scripts/sandbox install`.
import {execFile} from 'node:child_process';
import {mkdirSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {buildCli, isolatedEnv, runToPipe} from '../fixtures/built-cli';
import {dockerConfigWithContexts} from '../fixtures/contexts';
import {fakeImage, startFakeEngine, type FakeEngine} from '../fixtures/fake-engine';
import {tempDir} from '../fixtures/temp-dir';

const execFileAsync = promisify(execFile);

/**
 * $1: the zsh command that loads the script (after compinit or before it); $2…: lines, each typed
 * at the prompt of one interactive zsh, Tab pressed, then the line killed (^U) for the next one.
 * Each setup line waits for the next prompt; the prompt and the end mark are spelt so that the
 * terminal's echo of the command typed does not contain them. compadd is wrapped to record the
 * matches it kept (its -O form applies zsh's matching without adding them). Prints each line's
 * matches one a line, followed by a line "<end>".
 */
const pressTabInZsh = `zmodload zsh/zpty
capture=$(mktemp)
zpty shell zsh -f -i
step() { zpty -w shell "$1"; zpty -r shell _ '*<ready>*' }
step "PS1='<re''ady>'"
step "$1"
step "compadd() { local -a kept; if (( \\\${argv[(I)-[OAD]*]} )); then builtin compadd \\"\\$@\\"; return; fi; builtin compadd -O kept \\"\\$@\\"; print -rl -- \\$kept >> \${(q)capture}; builtin compadd \\"\\$@\\"; }"
step "tab() { zle complete-word; print \\"<tab-\\\${:-done}>\\"; }; zle -N tab; bindkey '^I' tab"
for line in "\${@:2}"; do
	: > $capture
	zpty -n -w shell "$line"$'\\t'
	zpty -r shell _ '*<tab-done>*'
	zpty -n -w shell $'\\x15'
	cat $capture
	print '<end>'
done
zpty -d shell
rm -f $capture`;

const images = [
	{...fakeImage, RepoTags: ['fake/app:1.0.0', 'fake/app:1.1.0']},
	{...fakeImage, Id: `sha256:${'b'.repeat(64)}`, RepoTags: ['fake/web:2']},
	{...fakeImage, Id: `sha256:${'c'.repeat(64)}`, RepoTags: ['<none>:<none>']},
];

let home = '';
let env: Record<string, string> = {};
let engine: FakeEngine;
let zshScript = '';
let fishScript = '';
let zshFunctions = '';

beforeAll(async () => {
	home = tempDir('dockswab-completion-');
	let cli = '';
	[cli, engine] = await Promise.all([buildCli(home), startFakeEngine({images, containers: []})]);
	// The scripts run `dockswab`, as users have it on PATH.
	const bin = join(home, 'bin');
	mkdirSync(bin);
	symlinkSync(cli, join(bin, 'dockswab'));
	const config = dockerConfigWithContexts([
		{name: 'prod', host: 'tcp://127.0.0.1:1'},
		{name: 'preview', host: 'tcp://127.0.0.1:1'},
		{name: 'other', host: 'tcp://127.0.0.1:1'},
	]);
	env = isolatedEnv(home, {DOCKER_CONFIG: config, PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, XDG_DATA_HOME: join(home, 'data')});
	for (const shell of ['zsh', 'fish']) {
		// A clear failure on a machine set up without `scripts/sandbox install`.
		await execFileAsync(shell, ['--version']).catch(() => expect.fail(`${shell} is not installed; install it with: bash scripts/sandbox install`));
	}
	const [zsh, fish] = await Promise.all([runToPipe(cli, ['completion', 'zsh'], env), runToPipe(cli, ['completion', 'fish'], env)]);
	expect([zsh.code, fish.code]).toEqual([0, 0]);
	zshScript = join(home, 'dockswab.zsh');
	writeFileSync(zshScript, zsh.stdout);
	fishScript = join(home, 'dockswab.fish');
	writeFileSync(fishScript, fish.stdout);
	// The other way to install it: as the file _dockswab in a directory of $fpath.
	zshFunctions = join(home, 'zsh-functions');
	mkdirSync(zshFunctions);
	writeFileSync(join(zshFunctions, '_dockswab'), zsh.stdout);
}, 60_000);
afterAll(() => engine?.close());

const lines = (text: string) => text.split('\n').filter(word => word !== '');

describe('dockswab completion zsh, run in zsh', {timeout: 30_000}, () => {
	const evalAfterCompinit = () => `autoload -Uz compinit; compinit -u -D; eval "$(<${zshScript})"`;

	/** What zsh offers on Tab after each line, in the order compadd was given them. */
	async function completions(typed: readonly string[], load = evalAfterCompinit()): Promise<string[][]> {
		const {stdout} = await execFileAsync('zsh', ['-f', '-c', pressTabInZsh, 'zsh', load, ...typed], {env, timeout: 20_000});
		return stdout.split('<end>\n').slice(0, -1).map(lines);
	}

	test('the script parses, and registers its function for dockswab', async () => {
		await execFileAsync('zsh', ['-n', zshScript]);
		const {stdout} = await execFileAsync('zsh', ['-f', '-c', `autoload -Uz compinit; compinit -u -D; eval "$(<${zshScript})"; print -r -- $_comps[dockswab]`], {env});
		expect(stdout.trim()).toBe('_dockswab');
	});

	test('subcommands', async () => {
		expect(await completions(['dockswab pl', 'dockswab ', 'dockswab -c prod cl', 'dockswab completion '])).toEqual([
			['plan', 'plugin'],
			['login', 'logout', 'plan', 'clean', 'layers', 'diff', 'plugin', 'completion'],
			['clean'],
			['bash', 'zsh', 'fish'],
		]);
	});

	test('options of the subcommand on the line, with option values skipped', async () => {
		const typed = ['dockswab clean --y', 'dockswab plan --keep 3 --re', 'dockswab --ver', 'dockswab plan --keep ', 'dockswab clean --registry 127.0.0.1:5000/app --order ', 'dockswab login --pa'];
		expect(await completions(typed)).toEqual([['--yes'], ['--remove-stopped', '--repo', '--registry'], ['--version'], [], ['semver', 'pushed'], ['--password-stdin']]);
	});

	test('context names from the stored contexts', async () => {
		expect(await completions(['dockswab --context p', 'dockswab plan -c '])).toEqual([
			['preview', 'prod'],
			['default', 'other', 'preview', 'prod'],
		]);
	});

	test('image references, asked of the engine given on the line', async () => {
		const before = engine.requests.length;
		expect(await completions([`dockswab -H ${engine.host} plan fake/app:1`, `dockswab clean --host ${engine.host} fake/`])).toEqual([
			['fake/app:1.0.0', 'fake/app:1.1.0'],
			['fake/app:1.0.0', 'fake/app:1.1.0', 'fake/web:2'],
		]);
		expect(engine.requests.slice(before).filter(request => request === '/images/json')).toHaveLength(2);
	});

	test('installed as _dockswab in $fpath, the first Tab already completes', async () => {
		const load = `fpath=(${zshFunctions} $fpath); autoload -Uz compinit; compinit -u -D`;
		expect(await completions(['dockswab pl', 'dockswab plan --keep 3 --re'], load)).toEqual([
			['plan', 'plugin'],
			['--remove-stopped', '--repo', '--registry'],
		]);
	});
});

describe('dockswab completion fish, run in fish', {timeout: 30_000}, () => {
	/** What fish offers on Tab, sorted as fish sorts them, descriptions (none here) left off. */
	async function completions(line: string): Promise<string[]> {
		const {stdout} = await execFileAsync('fish', ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', fishScript, line], {env, timeout: 20_000});
		return lines(stdout).map(candidate => candidate.split('\t')[0]!);
	}

	test('the script parses', async () => {
		await execFileAsync('fish', ['--no-config', '--no-execute', fishScript]);
	});

	test('subcommands', async () => {
		expect(await completions('dockswab pl')).toEqual(['plan', 'plugin']);
		expect(await completions('dockswab ')).toEqual(['clean', 'completion', 'diff', 'layers', 'login', 'logout', 'plan', 'plugin']);
		expect(await completions('dockswab -c prod cl')).toEqual(['clean']);
		expect(await completions('dockswab --host=tcp://127.0.0.1:1 completion ')).toEqual(['bash', 'fish', 'zsh']);
	});

	test('options of the subcommand on the line, with option values skipped', async () => {
		expect(await completions('dockswab clean --y')).toEqual(['--yes']);
		expect(await completions('dockswab plan --keep 3 --re')).toEqual(['--registry', '--remove-stopped', '--repo']);
		expect(await completions('dockswab --ver')).toEqual(['--version']);
		expect(await completions('dockswab plan --keep ')).toEqual([]);
		expect(await completions('dockswab clean --registry 127.0.0.1:5000/app --order ')).toEqual(['pushed', 'semver']);
		expect(await completions('dockswab login --pa')).toEqual(['--password-stdin']);
	});

	test('context names from the stored contexts', async () => {
		expect(await completions('dockswab --context p')).toEqual(['preview', 'prod']);
		expect(await completions('dockswab plan -c ')).toEqual(['default', 'other', 'preview', 'prod']);
	});

	test('image references, asked of the engine given on the line', async () => {
		const before = engine.requests.length;
		expect(await completions(`dockswab -H ${engine.host} plan fake/app:1`)).toEqual(['fake/app:1.0.0', 'fake/app:1.1.0']);
		expect(await completions(`dockswab clean --host ${engine.host} fake/`)).toEqual(['fake/app:1.0.0', 'fake/app:1.1.0', 'fake/web:2']);
		expect(engine.requests.slice(before).filter(request => request === '/images/json')).toHaveLength(2);
	});
});
