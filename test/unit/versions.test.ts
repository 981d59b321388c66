import {describe, expect, test} from 'vitest';
import type {ImageInfo} from '../../source/domain/types';
import {shortId} from '../../source/domain/format';
import {
	floatingTags,
	groupByRepository,
	isFloatingTag,
	latestWarning,
	parseVersionTag,
	planKeepNewest,
	sortTagsNewestFirst,
	suggestNextVersions,
	type VersionedImage,
} from '../../source/domain/versions';

const idOf = (seed: string): string => seed.repeat(64).slice(0, 64);

function versioned(tag: string, created = 0, seed = tag.replace(/[^0-9a-f]/g, '') || 'f'): VersionedImage {
	return {tag, imageId: idOf(seed), created};
}

function image(seed: string, repoTags: readonly string[], created: number): ImageInfo {
	return {id: idOf(seed), parentId: '', repoTags, repoDigests: [], created, size: 0, labels: {}};
}

const tagsOf = (entries: readonly VersionedImage[]): string[] => entries.map(entry => entry.tag);

describe('parseVersionTag', () => {
	test.each([
		['1.4.2', '1.4.2', ''],
		['v1.4.2', '1.4.2', 'v'],
		['1.4.0-rc.1', '1.4.0-rc.1', ''],
		['v2.0.0-beta', '2.0.0-beta', 'v'],
		['0.0.0', '0.0.0', ''],
		['10.20.30', '10.20.30', ''],
	])('%s → %s with prefix %j', (tag, version, prefix) => {
		expect(parseVersionTag(tag)).toMatchObject({version: {version}, prefix});
	});

	test.each(['latest', '1.4', '1', 'v1', 'vv1.0.0', 'V1.0.0', '01.0.0', '1.0.0.0', ' 1.0.0', '1.0.0 ', '=1.0.0', 'v', '', 'dev-1.0.0', '1.0.0-'])('%j is not a version', tag => {
		expect(parseVersionTag(tag)).toBeNull();
	});
});

describe('suggestNextVersions', () => {
	test.each<[string, readonly string[], {patch: string; minor: string; major: string; basedOn: string | null}]>([
		['counts up from a release', ['1.3.0', '1.2.0', 'latest'], {patch: '1.3.1', minor: '1.4.0', major: '2.0.0', basedOn: '1.3.0'}],
		['uses semver order, not string order', ['1.9.0', '1.10.0', '1.2.0'], {patch: '1.10.1', minor: '1.11.0', major: '2.0.0', basedOn: '1.10.0'}],
		['keeps the v prefix of the highest', ['v1.0.0', 'v1.2.3'], {patch: 'v1.2.4', minor: 'v1.3.0', major: 'v2.0.0', basedOn: 'v1.2.3'}],
		['follows the highest when styles are mixed', ['v1.0.0', 'v1.1.0', '1.2.0'], {patch: '1.2.1', minor: '1.3.0', major: '2.0.0', basedOn: '1.2.0'}],
		['lets the majority decide when the highest has both styles', ['v1.0.0', 'v1.1.0', '1.1.0', 'v1.1.0-rc.1'], {patch: 'v1.1.1', minor: 'v1.2.0', major: 'v2.0.0', basedOn: '1.1.0'}],
		['drops the prefix on a tie', ['v1.1.0', '1.1.0'], {patch: '1.1.1', minor: '1.2.0', major: '2.0.0', basedOn: '1.1.0'}],
		['offers the next prerelease, the release and the next major after a prerelease', ['1.3.0', '1.4.0-rc.1'], {patch: '1.4.0-rc.2', minor: '1.4.0', major: '2.0.0', basedOn: '1.4.0-rc.1'}],
		['ranks a release above its prereleases', ['1.4.0-rc.2', '1.4.0'], {patch: '1.4.1', minor: '1.5.0', major: '2.0.0', basedOn: '1.4.0'}],
		['numbers an unnumbered prerelease', ['v2.0.0-beta'], {patch: 'v2.0.0-beta.0', minor: 'v2.0.0', major: 'v3.0.0', basedOn: 'v2.0.0-beta'}],
		['starts at 0.1.0 without semver tags', ['latest', 'dev', '1.4'], {patch: '0.1.0', minor: '0.1.0', major: '1.0.0', basedOn: null}],
		['starts at 0.1.0 without any tags', [], {patch: '0.1.0', minor: '0.1.0', major: '1.0.0', basedOn: null}],
		['counts up from zero majors', ['0.2.9'], {patch: '0.2.10', minor: '0.3.0', major: '1.0.0', basedOn: '0.2.9'}],
	])('%s', (_, tags, suggestions) => expect(suggestNextVersions(tags)).toEqual(suggestions));
});

describe('sortTagsNewestFirst', () => {
	test.each<[string, VersionedImage[], string[]]>([
		['semver order, 1.10.0 above 1.9.0', [versioned('1.9.0'), versioned('1.10.0'), versioned('1.2.0')], ['1.10.0', '1.9.0', '1.2.0']],
		['a release above its prereleases', [versioned('1.4.0-rc.1'), versioned('1.4.0'), versioned('1.4.0-rc.10'), versioned('1.4.0-rc.2')], ['1.4.0', '1.4.0-rc.10', '1.4.0-rc.2', '1.4.0-rc.1']],
		['v prefix compares by version', [versioned('v1.0.0'), versioned('1.1.0'), versioned('v1.2.0')], ['v1.2.0', '1.1.0', 'v1.0.0']],
		[
			'other tags after every version, newest image first, ties by name',
			[versioned('dev', 300), versioned('1.0.0', 100), versioned('feature-x', 500), versioned('beta', 300), versioned('0.1.0', 900)],
			['1.0.0', '0.1.0', 'feature-x', 'beta', 'dev'],
		],
		['equal versions by name', [versioned('v1.0.0'), versioned('1.0.0')], ['1.0.0', 'v1.0.0']],
	])('%s', (_, entries, order) => expect(tagsOf(sortTagsNewestFirst(entries))).toEqual(order));
});

describe('planKeepNewest', () => {
	const releases = ['1.0.0', '1.1.0', '1.2.0', '1.3.0', '1.10.0'].map(tag => versioned(tag));

	test.each<[string, VersionedImage[], number, string[], string[]]>([
		['keeps the two highest in semver order', releases, 2, ['1.10.0', '1.3.0'], ['1.2.0', '1.1.0', '1.0.0']],
		['keeps everything when keep exceeds the count', releases, 10, ['1.10.0', '1.3.0', '1.2.0', '1.1.0', '1.0.0'], []],
		['removes every version with keep 0', releases, 0, [], ['1.10.0', '1.3.0', '1.2.0', '1.1.0', '1.0.0']],
		['treats a negative keep as 0', releases.slice(0, 2), -1, [], ['1.1.0', '1.0.0']],
		[
			'never removes floating tags nor counts them',
			[...releases, versioned('latest'), versioned('stable'), versioned('nightly')],
			1,
			['1.10.0', 'latest', 'stable', 'nightly'],
			['1.3.0', '1.2.0', '1.1.0', '1.0.0'],
		],
		[
			'never selects tags that are not versions, nor counts them',
			[versioned('dev', 900), versioned('1.0.0', 100), versioned('feature-x', 500), versioned('2.0.0', 50)],
			1,
			['2.0.0', 'dev', 'feature-x'],
			['1.0.0'],
		],
		['leaves a repository without versions alone, even with keep 0', [versioned('dev'), versioned('1.4'), versioned('v1')], 0, ['dev', '1.4', 'v1'], []],
		['handles a repository with only floating tags', [versioned('latest'), versioned('main')], 0, ['latest', 'main'], []],
	])('%s', (_, entries, keep, kept, removed) => {
		const plan = planKeepNewest(entries, keep);
		expect(tagsOf(plan.keep)).toEqual(kept);
		expect(tagsOf(plan.remove)).toEqual(removed);
	});

	test('an image kept through one tag is still listed for its other tags', () => {
		const shared = idOf('a');
		const plan = planKeepNewest([{tag: '2.0.0', imageId: shared, created: 2}, {tag: '1.9.0', imageId: shared, created: 2}, versioned('1.0.0', 1)], 1);
		expect(plan.keep).toEqual([{tag: '2.0.0', imageId: shared, created: 2}]);
		expect(plan.remove).toContainEqual({tag: '1.9.0', imageId: shared, created: 2});
	});
});

describe('floating tags', () => {
	test('the list', () => expect(floatingTags).toEqual(['latest', 'stable', 'edge', 'main', 'master', 'nightly']));

	test.each([
		['latest', true],
		['stable', true],
		['edge', true],
		['main', true],
		['master', true],
		['nightly', true],
		['Latest', false],
		['dev', false],
		['1.0.0', false],
		['latest-1', false],
	])('%s → %s', (tag, floating) => expect(isFloatingTag(tag)).toBe(floating));
});

describe('groupByRepository', () => {
	test('splits registry ports from tags and skips untagged images', () => {
		const grouped = groupByRepository([
			image('a', ['app:1.3.0', 'app:latest', '127.0.0.1:5000/app:1.3.0'], 300),
			image('b', ['127.0.0.1:5000/app:1.2.0', 'localhost:5000/team/app:v1'], 200),
			image('c', ['<none>:<none>'], 100),
			image('d', [], 50),
		]);
		expect([...grouped.keys()]).toEqual(['app', '127.0.0.1:5000/app', 'localhost:5000/team/app']);
		expect(grouped.get('app')).toEqual([
			{tag: '1.3.0', imageId: idOf('a'), created: 300},
			{tag: 'latest', imageId: idOf('a'), created: 300},
		]);
		expect(grouped.get('127.0.0.1:5000/app')).toEqual([
			{tag: '1.3.0', imageId: idOf('a'), created: 300},
			{tag: '1.2.0', imageId: idOf('b'), created: 200},
		]);
		expect(grouped.get('localhost:5000/team/app')).toEqual([{tag: 'v1', imageId: idOf('b'), created: 200}]);
	});
});

describe('latestWarning', () => {
	const current = idOf('ac9099b48283');
	const next = idOf('b');
	const repository: VersionedImage[] = [
		{tag: '1.2.0', imageId: idOf('1'), created: 1},
		{tag: '1.3.0', imageId: current, created: 2},
		{tag: 'v1.3', imageId: current, created: 2},
		{tag: 'stable', imageId: current, created: 2},
		{tag: 'latest', imageId: current, created: 2},
		{tag: '1.4.0', imageId: next, created: 3},
	];

	test.each<[string, VersionedImage[], string, string | null]>([
		['names the version latest points at', repository, next, 'latest now points at 1.3.0 (ac9099b48283); moving it hides which version runs'],
		['is silent when latest already points at the target', repository, current, null],
		['accepts an ID with its algorithm', repository, `sha256:${current}`, null],
		[
			'names the version a new latest will stand for',
			repository.filter(entry => entry.tag !== 'latest'),
			next,
			`latest will stand for 1.4.0 (${shortId(next)}) and hide which version runs; prefer a version tag`,
		],
		[
			'names the newest version of a target with several',
			repository.filter(entry => entry.tag !== 'latest'),
			`sha256:${current}`,
			'latest will stand for 1.3.0 (ac9099b48283) and hide which version runs; prefer a version tag',
		],
		['names a new latest by short ID when the target has no version tag', [], next, `latest will stand for ${shortId(next)} and hide which version runs; prefer a version tag`],
		[
			'falls back to another tag of the same image',
			[
				{tag: 'dev', imageId: current, created: 2},
				{tag: 'latest', imageId: current, created: 2},
			],
			next,
			'latest now points at dev (ac9099b48283); moving it hides which version runs',
		],
		['falls back to the short ID', [{tag: 'latest', imageId: current, created: 2}], next, 'latest now points at ac9099b48283; moving it hides which version runs'],
	])('%s', (_, entries, target, warning) => expect(latestWarning(entries, target)).toBe(warning));
});
