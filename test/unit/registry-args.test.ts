// `dockswab plan|clean --registry …` as parsed: every mistake is one line (exit code 2 in the
// program), found before any registry is asked anything.
import {describe, expect, test} from 'vitest';
import {parseArgs} from '../../source/cli-args';

const errorOf = (argv: string[]) => {
	const options = parseArgs(argv);
	return options.kind === 'error' ? options.message : null;
};

describe('--registry', () => {
	test('HOST/REPO and HOST/* with a rule become a registry retention, engines untouched', () => {
		const options = parseArgs([
			'clean',
			'--registry',
			'127.0.0.1:5000/team/app',
			'--registry',
			'registry.example.com/*',
			'--keep',
			'3',
			'--match',
			'v?1\\..*',
			'--order',
			'pushed',
			'--older-than',
			'30d',
			'--protect',
			'latest',
			'--yes',
			'--json',
		]);
		expect(options).toMatchObject({
			kind: 'clean',
			yes: true,
			json: true,
			registry: {
				targets: [
					{server: '127.0.0.1:5000', repository: 'team/app'},
					{server: 'registry.example.com', repository: null},
				],
				keep: 3,
				match: 'v?1\\..*',
				order: 'pushed',
				olderThan: 30 * 86_400,
				protect: ['latest'],
			},
		});
	});
	test('the order is semver unless asked, and --older-than alone is a rule', () => {
		expect(parseArgs(['plan', '--registry', 'r.example/app', '--older-than', '2w'])).toMatchObject({kind: 'plan', registry: {order: 'semver', keep: 0, olderThan: 1_209_600, match: null}});
	});
	test.each<[string[], string]>([
		[['plan', '--registry', 'app', '--keep', '1'], '--registry needs HOST/REPO or HOST/*, such as 127.0.0.1:5000/app or registry.example.com/* (got "app")'],
		[
			['plan', '--registry', '127.0.0.1:5000/App', '--keep', '1'],
			'--registry: "App" is not a repository name (lowercase letters, digits, . _ - and /), such as 127.0.0.1:5000/app or registry.example.com/*',
		],
		[['plan', '--registry', 'r.example/app'], '--registry needs a rule: --keep N, --older-than AGE, or both (or --untag TAG)'],
		[['plan', '--registry', 'r.example/app', '--keep', 'all'], '--keep needs a whole number of tags, such as --keep 3'],
		[['plan', '--registry', 'r.example/app', '--older-than', 'old'], '--older-than needs an age such as 30d, 12h or 2w'],
		[['plan', '--registry', 'r.example/app', '--keep', '1', '--order', 'date'], '--order takes one of: semver, pushed'],
		[['plan', '--registry', 'r.example/app', '--keep', '1', '--unused'], '--registry plans registry tags: leave out --unused, which is for engines'],
		[['plan', '--registry', 'r.example/app', '--keep', '1', 'app:1.0'], '--registry plans registry tags: leave out the images (run them separately)'],
		[['plan', '--keep', '1', '--match', 'x'], '--match goes with --registry'],
		[['clean', '--unused', '--order', 'pushed'], '--order goes with --registry'],
		[['clean', '--untag', '1.0'], '--untag goes with --registry'],
		[['clean', '--registry', 'r.example/app', '--untag', '1.0', '--keep', '2'], '--untag names the tags itself: leave out --keep'],
		[['clean', '--registry', 'r.example/*', '--untag', '1.0'], '--untag works on one repository: give one --registry HOST/REPO'],
		[['clean', '--registry', 'r.example/a', '--registry', 'r.example/b', '--untag', '1.0'], '--untag works on one repository: give one --registry HOST/REPO'],
		[['clean', '--registry', 'r.example/a', '--untag', 'bad tag'], '--untag: "bad tag" is not a tag'],
	])('%j is refused: %s', (argv, message) => {
		expect(errorOf(argv)).toBe(message);
	});
	test('--untag TAG... on one repository, without a rule', () => {
		expect(parseArgs(['clean', '--registry', 'r.example/app', '--untag', '1.0', '--untag', 'rc', '--untag', '1.0', '--yes'])).toMatchObject({
			kind: 'clean',
			yes: true,
			registry: {untag: ['1.0', 'rc'], targets: [{server: 'r.example', repository: 'app'}]},
		});
	});
	test('a REGEX that does not compile is named with what is wrong with it', () => {
		expect(errorOf(['plan', '--registry', 'r.example/app', '--keep', '1', '--match', '[a-'])).toMatch(/^--match: "\[a-" is not a regular expression \(.+\)$/);
	});
});
