// `dockswab completion bash|zsh|fish` and the `__complete` answers its scripts ask for. The bash
// script is run for real: sourced in bash, the line set as bash sets it on Tab (COMP_LINE,
// COMP_POINT, COMP_WORDS, COMP_CWORD), its function called, COMPREPLY read back. Image references
// come from a fake engine on loopback; context names from a temporary DOCKER_CONFIG.
import {execFile} from 'node:child_process';
import {mkdirSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {completionCommands} from '../../source/cli-args';
import {fishScript} from '../../source/completion/fish';
import {completionNeed, type CompletionNeed} from '../../source/completion/need';
import {zshScript} from '../../source/completion/zsh';
import {buildCli, isolatedEnv, runToPipe} from '../fixtures/built-cli';
import {dockerConfigWithContexts} from '../fixtures/contexts';
import {fakeImage, startFakeEngine, type FakeEngine} from '../fixtures/fake-engine';
import {tempDir} from '../fixtures/temp-dir';

const execFileAsync = promisify(execFile);

/** What bash does on Tab, up to calling the function `complete -F` named; COMPREPLY, one a line. */
const pressTab = `source "$1"
line="$2"
COMP_LINE="$line"
COMP_POINT=\${#line}
read -ra COMP_WORDS <<< "$line"
[[ $line == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((\${#COMP_WORDS[@]} - 1))
_dockswab dockswab "\${COMP_WORDS[COMP_CWORD]}"
printf '%s\\n' "\${COMPREPLY[@]}"`;

const images = [
	{...fakeImage, RepoTags: ['fake/app:1.0.0', 'fake/app:1.1.0']},
	{...fakeImage, Id: `sha256:${'b'.repeat(64)}`, RepoTags: ['fake/web:2']},
	{...fakeImage, Id: `sha256:${'c'.repeat(64)}`, RepoTags: ['<none>:<none>']},
];

describe('dockswab completion bash, run in bash', {timeout: 30_000}, () => {
	let home = '';
	let cli = '';
	let script = '';
	let env: Record<string, string> = {};
	let engine: FakeEngine;
	beforeAll(async () => {
		home = tempDir('dockswab-completion-');
		[cli, engine] = await Promise.all([buildCli(home), startFakeEngine({images, containers: []})]);
		// The script runs `dockswab`, as users have it on PATH.
		const bin = join(home, 'bin');
		mkdirSync(bin);
		symlinkSync(cli, join(bin, 'dockswab'));
		const config = dockerConfigWithContexts([
			{name: 'prod', host: 'tcp://127.0.0.1:1'},
			{name: 'preview', host: 'tcp://127.0.0.1:1'},
			{name: 'other', host: 'tcp://127.0.0.1:1'},
		]);
		env = isolatedEnv(home, {DOCKER_CONFIG: config, PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`});
		const printed = await runToPipe(cli, ['completion', 'bash'], env);
		expect(printed.code).toBe(0);
		script = join(home, 'dockswab.bash');
		writeFileSync(script, printed.stdout);
	}, 60_000);
	afterAll(() => engine?.close());

	async function completions(line: string): Promise<string[]> {
		const {stdout} = await execFileAsync('bash', ['-c', pressTab, 'bash', script, line], {env});
		return stdout.split('\n').filter(word => word !== '');
	}

	test('the script parses, and registers its function for dockswab', async () => {
		await execFileAsync('bash', ['-n', script]);
		const {stdout} = await execFileAsync('bash', ['-c', 'source "$1"; complete -p dockswab', 'bash', script], {env});
		expect(stdout.trim()).toBe('complete -F _dockswab dockswab');
	});

	test('subcommands', async () => {
		expect(await completions('dockswab pl')).toEqual(['plan', 'plugin']);
		expect(await completions('dockswab ')).toEqual(['login', 'logout', 'plan', 'clean', 'layers', 'diff', 'plugin', 'completion']);
		expect(await completions('dockswab -c prod cl')).toEqual(['clean']);
		expect(await completions('dockswab completion ')).toEqual(['bash', 'zsh', 'fish']);
	});

	test('options of the subcommand on the line, with option values skipped', async () => {
		expect(await completions('dockswab clean --y')).toEqual(['--yes']);
		expect(await completions('dockswab plan --keep 3 --re')).toEqual(['--remove-stopped', '--repo', '--registry']);
		expect(await completions('dockswab --ver')).toEqual(['--version']);
		expect(await completions('dockswab plan --keep ')).toEqual([]);
		expect(await completions('dockswab clean --registry 127.0.0.1:5000/app --ma')).toEqual(['--match']);
		expect(await completions('dockswab clean --registry 127.0.0.1:5000/app --order ')).toEqual(['semver', 'pushed']);
		expect(await completions('dockswab plan --order p')).toEqual(['pushed']);
		// --password exists only to be refused (a password never goes in argv): it is not offered.
		expect(await completions('dockswab login --pa')).toEqual(['--password-stdin']);
	});

	test('context names from the stored contexts', async () => {
		expect(await completions('dockswab --context p')).toEqual(['preview', 'prod']);
		expect(await completions('dockswab plan -c ')).toEqual(['default', 'other', 'preview', 'prod']);
	});

	test('image references, asked of the engine given on the line; the part before ":" is what bash keeps', async () => {
		const before = engine.requests.length;
		expect(await completions(`dockswab -H ${engine.host} plan fake/app:1`)).toEqual(['1.0.0', '1.1.0']);
		expect(await completions(`dockswab clean --host ${engine.host} fake/`)).toEqual(['fake/app:1.0.0', 'fake/app:1.1.0', 'fake/web:2']);
		expect(engine.requests.slice(before).filter(request => request === '/images/json')).toHaveLength(2);
	});

	test('without COMP_LINE, the words bash split are used', async () => {
		const {stdout} = await execFileAsync('bash', ['-c', 'source "$1"; COMP_WORDS=(dockswab plugin un); COMP_CWORD=2; _dockswab; printf "%s\\n" "${COMPREPLY[@]}"', 'bash', script], {env});
		expect(stdout).toBe('uninstall\n');
	});
});

describe('dockswab __complete', {timeout: 30_000}, () => {
	let home = '';
	let cli = '';
	let engine: FakeEngine;
	let silent: FakeEngine;
	beforeAll(async () => {
		home = tempDir('dockswab-complete-');
		// The silent engine holds the image list for ever: completion must give up on it.
		[cli, engine, silent] = await Promise.all([buildCli(home), startFakeEngine({images, containers: []}), startFakeEngine({route: (_request, path) => path === '/images/json'})]);
	}, 60_000);
	afterAll(async () => {
		await engine?.close();
		await silent?.close();
	});

	test('images lists the tagged references starting with the prefix, one a line', async () => {
		const answer = await runToPipe(cli, ['__complete', 'images', 'fake/a', '-H', engine.host], isolatedEnv(home, {}));
		expect(answer).toEqual({stdout: 'fake/app:1.0.0\nfake/app:1.1.0\n', stderr: '', code: 0});
		expect((await runToPipe(cli, ['__complete', 'images', '', '-H', engine.host], isolatedEnv(home, {}))).stdout).toBe('fake/app:1.0.0\nfake/app:1.1.0\nfake/web:2\n');
	});

	test('an engine that does not answer, or is not there, gives an empty answer and no error', async () => {
		const held = await runToPipe(cli, ['__complete', 'images', '', '-H', silent.host], isolatedEnv(home, {}));
		expect(held).toEqual({stdout: '', stderr: '', code: 0});
		expect(silent.requests).toContain('/images/json');
		const refused = await runToPipe(cli, ['__complete', 'images', 'x', '--context', 'missing'], isolatedEnv(home, {}));
		expect(refused).toEqual({stdout: '', stderr: '', code: 0});
	});
});

describe('zsh and fish scripts', () => {
	// Every command and option of the parser's table is offered (completion-zsh-fish.test.ts runs
	// the scripts in those shells).
	const commands = completionCommands();

	test.each(commands.filter(command => command.name !== ''))('zsh offers $name and its options', command => {
		const line = zshScript(commands)
			.split('\n')
			.find(text => text.trim().startsWith(`${command.name})`));
		for (const option of command.options) expect(line).toMatch(new RegExp(`[( ]${option.long}[ )]`));
	});

	test.each(commands.filter(command => command.name !== ''))('fish offers $name and its options', command => {
		const script = fishScript(commands);
		expect(script).toMatch(new RegExp(`^complete -c dockswab -n "__dockswab_command_is ''" -a '.*\\b${command.name}\\b`, 'm'));
		for (const option of command.options) expect(script).toMatch(new RegExp(`^complete -c dockswab(?: -n '__dockswab_command_is ${command.name}')?(?: -s \\w)? -l ${option.long.slice(2)}\\b`, 'm'));
	});
});

describe('completionNeed: what the word under the cursor wants', () => {
	const commands = completionCommands();
	const words = (...list: string[]): CompletionNeed => ({kind: 'words', words: list});
	test.each<[string[], CompletionNeed | 'options']>([
		[[''], words('login', 'logout', 'plan', 'clean', 'layers', 'diff', 'plugin', 'completion')],
		[['-c', 'prod', 'completion', ''], words('bash', 'zsh', 'fish')],
		[['plan', '--keep', ''], {kind: 'none'}],
		[['plan', '-c', ''], {kind: 'contexts'}],
		[['--context', 'p'], {kind: 'contexts'}],
		[['plan', '--keep', '3', 'fake/'], {kind: 'images'}],
		[['-H', 'tcp://127.0.0.1:2375', 'plan', 'a'], {kind: 'images', host: 'tcp://127.0.0.1:2375'}],
		[['clean', '--context=prod', '--yes', ''], {kind: 'images', context: 'prod'}],
		[['bogus', ''], {kind: 'none'}],
		[['clean', '--y'], 'options'],
	])('%j', (typed, expected) => {
		const need = completionNeed(commands, typed);
		if (expected === 'options')
			expect(need).toEqual(words(...commands.find(command => command.name === 'clean')!.options.flatMap(option => (option.short ? [option.long, option.short] : [option.long]))));
		else expect(need).toEqual(expected);
	});
});
