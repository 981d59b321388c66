import {describe, expect, test} from 'vitest';
import {checkTag, retagIntoNamespace, tagChange, tagSuggestions} from '../../source/domain/tagging';
import {groupByRepository} from '../../source/domain/versions';
import {image} from '../fixtures/scene';

const id = (short: string) => short.padEnd(64, '0');
const images = [
	image('a1', ['app:1.2.0', 'app:stable']),
	image('a2', ['app:1.3.0', 'app:latest']),
	image('a9', ['app:1.9.0']),
	image('b1', ['127.0.0.1:5000/web:v2.0.0']),
	image('d1', ['<none>:<none>']),
];

const groups = groupByRepository(images);

describe('tag suggestions', () => {
	test('count up from the highest version in semver order and offer the floating tags in use', () => {
		expect(tagSuggestions(groups, 'app')).toEqual([
			{label: 'patch', tag: '1.9.1'},
			{label: 'minor', tag: '1.10.0'},
			{label: 'major', tag: '2.0.0'},
			{label: 'move', tag: 'stable'},
			{label: 'move', tag: 'latest'},
		]);
	});
	test('keep a v prefix and registry ports in repository names', () => {
		expect(
			tagSuggestions(groups, '127.0.0.1:5000/web')
				.slice(0, 3)
				.map(s => s.tag),
		).toEqual(['v2.0.1', 'v2.1.0', 'v3.0.0']);
	});
});

describe('checkTag', () => {
	test.each([
		['app', '1.9.1', 'new'],
		['app', '1.3.0', 'unchanged'],
		['app', 'stable', 'move'],
	])('%s:%s on a2 → %s', (repository, tag, kind) => {
		const check = checkTag(groups, repository, tag, id('a2'));
		expect(check.ok && check.change.kind).toBe(kind);
	});
	test('moving stable shows old → new with version names and IDs', () => {
		expect(tagChange(groups, 'app', 'stable', id('a2'))).toEqual({kind: 'move', fromImageId: id('a1'), fromLabel: '1.2.0 (a10000000000)', toLabel: '1.3.0 (a20000000000)'});
	});
	test('latest warns which version it hides', () => {
		const check = checkTag(groups, 'app', 'latest', id('a9'));
		expect(check.ok && check.warning).toContain('latest now points at 1.3.0');
	});
	test.each([
		['Bad', 'Tag!!', 'repository names must be lowercase'],
		['app', '', 'enter a tag'],
		['app:1', '2', "':' must separate a repository from a tag (or a registry host from its port)"],
		['app', 'x'.repeat(129), 'a tag is at most 128 characters'],
		['app', 'sha256:'.padEnd(71, 'a'), 'a digest cannot be a tag target'],
	])('refuses %s : %s with the reason that names the fault', (repository, tag, reason) => {
		expect(checkTag(groups, repository, tag, id('a2'))).toEqual({ok: false, reason});
	});
});

test('retag into a registry namespace keeps repository names and tags', () => {
	expect(
		retagIntoNamespace(
			[
				{reference: 'app:1.2.0', imageId: id('a1')},
				{reference: '127.0.0.1:5000/web:v2.0.0', imageId: id('b1')},
			],
			'127.0.0.1:6000/team/',
		),
	).toEqual([
		{source: 'app:1.2.0', imageId: id('a1'), target: '127.0.0.1:6000/team/app:1.2.0', error: null},
		{source: '127.0.0.1:5000/web:v2.0.0', imageId: id('b1'), target: '127.0.0.1:6000/team/web:v2.0.0', error: null},
	]);
	expect(retagIntoNamespace([{reference: 'app:1.2.0', imageId: id('a1')}], 'Bad Namespace')[0]!.error).not.toBeNull();
});
