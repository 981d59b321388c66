// Remote plans: tags grouped by digest, what a delete also removes, what blocks it, keep-N by
// semver, and protect patterns that no rule may cross.
import {describe, expect, test} from 'vitest';
import {isProtected} from '../../source/domain/protect';
import {planRemoteDelete, planRemoteKeepNewest, type TagDigest} from '../../source/domain/remote-plan';
import {remotePlanLines, remotePlanTotals} from '../../source/view/remote-plan-text';

const digest = (n: number) => `sha256:${String(n).padStart(4, '0')}${'ab'.repeat(30)}`;

/** app:1.0.0 alone; 1.1.0 and stable share a digest; 1.2.0, latest and edge share another. */
const shared: TagDigest[] = [
	{tag: 'latest', digest: digest(3)},
	{tag: '1.0.0', digest: digest(1)},
	{tag: 'stable', digest: digest(2)},
	{tag: '1.2.0', digest: digest(3)},
	{tag: '1.1.0', digest: digest(2)},
	{tag: 'edge', digest: digest(3)},
];

describe('protect patterns', () => {
	test.each([
		[['latest'], 'app', 'latest', true],
		[['latest'], 'app', 'latest-1', false],
		[['v*-lts'], 'app', 'v1.2.0-lts', true],
		[['v*-lts'], 'app', 'v1.2.0', false],
		[['v*-lts'], 'app', '1.2.0-lts', false],
		[['1.?.0'], 'app', '1.4.0', true],
		[['1.?.0'], 'app', '1.10.0', false],
		[['app:stable'], 'app', 'stable', true],
		[['app:stable'], 'web', 'stable', false],
		[['*/app:prod'], 'team/app', 'prod', true],
		[['*:1.0'], 'base/runtime', '1.0', true],
		[['1.0'], 'app', '1x0', false],
		[[' ', ''], 'app', 'latest', false],
		[['dev', ' stable '], 'app', 'stable', true],
		[[], 'app', 'latest', false],
	])('%j protects %s:%s → %s', (patterns, repository, tag, expected) => {
		expect(isProtected(repository, tag, patterns)).toBe(expected);
	});
});

describe('planRemoteDelete', () => {
	test.each([
		{
			name: 'a digest of its own is deleted alone',
			selected: ['1.0.0'],
			items: [{digest: digest(1), tags: ['1.0.0'], outcome: {kind: 'delete', alsoRemoves: []}}],
			totals: {digests: 1, tags: 1, blocked: 0},
		},
		{
			name: 'one of two tags sharing a digest is blocked, naming the other',
			selected: ['1.1.0'],
			items: [{digest: digest(2), tags: ['1.1.0', 'stable'], outcome: {kind: 'blocked', reason: 'stable shares this digest: mark it too'}}],
			totals: {digests: 0, tags: 0, blocked: 1},
		},
		{
			name: 'both tags of a digest: one delete that also removes the other',
			selected: ['stable', '1.1.0'],
			items: [{digest: digest(2), tags: ['1.1.0', 'stable'], outcome: {kind: 'delete', alsoRemoves: ['stable']}}],
			totals: {digests: 1, tags: 2, blocked: 0},
		},
		{
			name: 'two tags outside the selection are both named',
			selected: ['edge'],
			items: [{digest: digest(3), tags: ['1.2.0', 'edge', 'latest'], outcome: {kind: 'blocked', reason: '1.2.0, latest share this digest: mark them too'}}],
			totals: {digests: 0, tags: 0, blocked: 1},
		},
		{
			name: 'blocked and deleted digests side by side, newest version first',
			selected: ['1.0.0', '1.1.0', '1.2.0', 'latest', 'edge'],
			items: [
				{digest: digest(3), tags: ['1.2.0', 'edge', 'latest'], outcome: {kind: 'delete', alsoRemoves: ['edge', 'latest']}},
				{digest: digest(2), tags: ['1.1.0', 'stable'], outcome: {kind: 'blocked', reason: 'stable shares this digest: mark it too'}},
				{digest: digest(1), tags: ['1.0.0'], outcome: {kind: 'delete', alsoRemoves: []}},
			],
			totals: {digests: 2, tags: 4, blocked: 1},
		},
	])('$name', ({selected, items, totals}) => {
		const plan = planRemoteDelete('app', shared, selected, []);
		expect(plan.items).toEqual(items);
		expect(plan.totals).toEqual(totals);
		expect(plan.kept).toEqual([]);
		expect(plan.repository).toBe('app');
	});

	test('a protected tag blocks its digest, selected or not', () => {
		const all = shared.map(entry => entry.tag);
		const plan = planRemoteDelete('app', shared, all, ['latest']);
		expect(plan.items.find(item => item.digest === digest(3))?.outcome).toEqual({kind: 'blocked', reason: 'latest is protected by latest'});
		expect(plan.totals).toEqual({digests: 2, tags: 3, blocked: 1});
		const unselected = planRemoteDelete('app', shared, ['1.2.0', 'edge'], ['app:latest']);
		expect(unselected.items).toEqual([{digest: digest(3), tags: ['1.2.0', 'edge', 'latest'], outcome: {kind: 'blocked', reason: 'latest shares this digest and is protected by app:latest'}}]);
	});
	test('a selected tag the registry no longer has is kept and said', () => {
		const plan = planRemoteDelete('app', shared, ['1.0.0', '9.9.9'], []);
		expect(plan.items.map(item => item.tags)).toEqual([['1.0.0']]);
		expect(plan.kept).toEqual([{tag: '9.9.9', reason: 'not in the registry'}]);
	});
});

describe('platform manifests of an index', () => {
	/** 1.0 is an index of digests 11 (also tagged 1.0-amd64) and 12 (1.0-arm64); stable is a second tag on it; 0.9 is a single manifest. */
	const multi: TagDigest[] = [
		{tag: '1.0', digest: digest(10), children: [digest(11), digest(12)]},
		{tag: 'stable', digest: digest(10), children: [digest(11), digest(12)]},
		{tag: '1.0-amd64', digest: digest(11)},
		{tag: '1.0-arm64', digest: digest(12)},
		{tag: '0.9', digest: digest(9)},
	];
	const outcomes = (plan: ReturnType<typeof planRemoteDelete>) => plan.items.map(item => [item.tags.join(','), item.outcome.kind === 'blocked' ? item.outcome.reason : 'delete']);

	test.each([
		{name: 'a platform manifest of an index that stays is blocked, naming its tags', selected: ['1.0-amd64'], protect: [], outcomes: [['1.0-amd64', 'a platform of 1.0, stable (index), which stay']]},
		{
			name: 'each platform manifest is blocked on its own',
			selected: ['1.0-arm64', '1.0-amd64', '0.9'],
			protect: [],
			outcomes: [
				['0.9', 'delete'],
				['1.0-amd64', 'a platform of 1.0, stable (index), which stay'],
				['1.0-arm64', 'a platform of 1.0, stable (index), which stay'],
			],
		},
		{
			name: 'the index goes too: its platforms go, the index first',
			selected: ['1.0-amd64', 'stable', '1.0'],
			protect: [],
			outcomes: [
				['1.0,stable', 'delete'],
				['1.0-amd64', 'delete'],
			],
		},
		{
			name: 'an index tag left out of the selection keeps both the index and its platform',
			selected: ['1.0-amd64', '1.0'],
			protect: [],
			outcomes: [
				['1.0,stable', 'stable shares this digest: mark it too'],
				['1.0-amd64', 'a platform of 1.0, stable (index), which stay'],
			],
		},
		{
			name: 'a protected index keeps its platforms',
			selected: ['1.0', 'stable', '1.0-amd64'],
			protect: ['stable'],
			outcomes: [
				['1.0,stable', 'stable is protected by stable'],
				['1.0-amd64', 'a platform of 1.0, stable (index), which stay'],
			],
		},
	])('$name', ({selected, protect, outcomes: expected}) => {
		const plan = planRemoteDelete('app', multi, selected, protect);
		expect(outcomes(plan)).toEqual(expected);
		expect(plan.totals.blocked).toBe(expected.filter(([, outcome]) => outcome !== 'delete').length);
	});
	test('an index listed by an outer index that stays: both levels are kept', () => {
		const nested: TagDigest[] = [...multi, {tag: 'all', digest: digest(20), children: [digest(10)]}];
		expect(outcomes(planRemoteDelete('app', nested, ['1.0', 'stable', '1.0-amd64'], []))).toEqual([
			['1.0,stable', 'a platform of all (index), which stays'],
			['1.0-amd64', 'a platform of 1.0, stable (index), which stay'],
		]);
	});
	test('the plan text names the index tags', () => {
		expect(remotePlanLines(planRemoteDelete('app', multi, ['1.0-amd64'], []), 100)).toEqual([
			{text: 'blocked sha256:0011abab… 1.0-amd64 — a platform of 1.0, stable (index), which stay', tone: 'warn'},
		]);
	});
	test('keep the newest N keeps a platform manifest of a kept index, and says why', () => {
		const versions: TagDigest[] = [
			{tag: '2.0.0', digest: digest(20), children: [digest(21), digest(22)]},
			{tag: '2.0.0-amd64', digest: digest(21)},
			{tag: '1.0.0', digest: digest(1)},
		];
		const plan = planRemoteKeepNewest('app', versions, 1, []);
		expect(plan.items.map(item => item.tags)).toEqual([['1.0.0']]);
		expect(plan.kept).toContainEqual({tag: '2.0.0-amd64', reason: 'a platform of 2.0.0 (index), which stays'});
		expect(plan.totals).toEqual({digests: 1, tags: 1, blocked: 0});
		// When the index itself goes, its platform manifest goes with it, after it.
		expect(planRemoteKeepNewest('app', [...versions, {tag: '3.0.0', digest: digest(30)}], 1, []).items.map(item => item.tags)).toEqual([['2.0.0'], ['2.0.0-amd64'], ['1.0.0']]);
	});
});

describe('planRemoteKeepNewest', () => {
	/** 0.9.0, 1.0.0 … 1.10.0 each with a digest of its own; latest shares 1.10.0's; dev has its own. */
	const versions = ['0.9.0', ...Array.from({length: 11}, (_, minor) => `1.${minor}.0`)];
	const repository: TagDigest[] = [{tag: 'dev', digest: digest(99)}, ...versions.map((tag, index) => ({tag, digest: digest(index)})), {tag: 'latest', digest: digest(versions.indexOf('1.10.0'))}];
	const removedTags = (plan: ReturnType<typeof planRemoteKeepNewest>) => plan.items.flatMap(item => item.tags);

	test('keeps the newest N by semver (1.10.0 above 1.9.0), latest with its digest, and dev', () => {
		const plan = planRemoteKeepNewest('app', repository, 3, []);
		expect(plan.kept).toEqual([
			{tag: '1.10.0', reason: 'one of the newest 3 versions'},
			{tag: '1.9.0', reason: 'one of the newest 3 versions'},
			{tag: '1.8.0', reason: 'one of the newest 3 versions'},
			{tag: 'dev', reason: 'not a version'},
			{tag: 'latest', reason: 'not a version'},
		]);
		expect(removedTags(plan)).toEqual(['1.7.0', '1.6.0', '1.5.0', '1.4.0', '1.3.0', '1.2.0', '1.1.0', '1.0.0', '0.9.0']);
		expect(plan.items.every(item => item.outcome.kind === 'delete' && item.outcome.alsoRemoves.length === 0)).toBe(true);
		expect(plan.totals).toEqual({digests: 9, tags: 9, blocked: 0});
	});
	test("a version sharing latest's digest stays, and the plan says why", () => {
		const plan = planRemoteKeepNewest('app', repository, 0, []);
		expect(plan.kept).toContainEqual({tag: '1.10.0', reason: 'shares its digest with kept latest'});
		expect(removedTags(plan)).not.toContain('1.10.0');
		expect(removedTags(plan)).toHaveLength(versions.length - 1);
		expect(removedTags(plan)).not.toContain('dev');
	});
	test('digests whose every tag goes are one item that names the others', () => {
		const plan = planRemoteKeepNewest('app', [...repository, {tag: '1.0.1', digest: digest(1)}], 2, []);
		const item = plan.items.find(entry => entry.digest === digest(1));
		expect(item).toEqual({digest: digest(1), tags: ['1.0.1', '1.0.0'], outcome: {kind: 'delete', alsoRemoves: ['1.0.0']}});
	});
	test('keeping 1 reads as the newest version; more than there are removes nothing', () => {
		expect(planRemoteKeepNewest('app', repository, 1, []).kept[0]).toEqual({tag: '1.10.0', reason: 'the newest version'});
		const all = planRemoteKeepNewest('app', repository, 50, []);
		expect(all.items).toEqual([]);
		expect(all.totals).toEqual({digests: 0, tags: 0, blocked: 0});
	});
	test('protected tags survive every rule and do not count towards N', () => {
		const protect = ['1.0.0', 'v*-lts', 'app:1.1.0'];
		const withLts = [...repository, {tag: 'v1.2.0-lts', digest: digest(50)}];
		for (const keep of [0, 1, 3]) {
			const plan = planRemoteKeepNewest('app', withLts, keep, protect);
			expect(removedTags(plan)).not.toContain('1.0.0');
			expect(removedTags(plan)).not.toContain('1.1.0');
			expect(removedTags(plan)).not.toContain('v1.2.0-lts');
			expect(plan.kept).toContainEqual({tag: '1.0.0', reason: 'protected by 1.0.0'});
			expect(plan.kept).toContainEqual({tag: 'v1.2.0-lts', reason: 'protected by v*-lts'});
			expect(plan.kept).toContainEqual({tag: '1.1.0', reason: 'protected by app:1.1.0'});
			expect(plan.kept.filter(entry => entry.reason.startsWith('one of the newest') || entry.reason === 'the newest version')).toHaveLength(keep);
		}
		const delPlan = planRemoteDelete('app', withLts, ['v1.2.0-lts', '1.0.0', '1.2.0'], protect);
		// v1.2.0-lts is a prerelease of 1.2.0, so it sorts just below it.
		expect(delPlan.items.map(item => [item.tags, item.outcome])).toEqual([
			[['1.2.0'], {kind: 'delete', alsoRemoves: []}],
			[['v1.2.0-lts'], {kind: 'blocked', reason: 'v1.2.0-lts is protected by v*-lts'}],
			[['1.0.0'], {kind: 'blocked', reason: '1.0.0 is protected by 1.0.0'}],
		]);
	});
	test("a version sharing a protected tag's digest is kept and says so", () => {
		const plan = planRemoteKeepNewest(
			'app',
			[
				{tag: '1.0.0', digest: digest(1)},
				{tag: '2.0.0', digest: digest(2)},
				{tag: 'stable', digest: digest(1)},
				{tag: '1.5.0', digest: digest(3)},
			],
			1,
			['app:stable'],
		);
		expect(plan.kept).toContainEqual({tag: '1.0.0', reason: 'shares its digest with protected stable'});
		expect(removedTags(plan)).toEqual(['1.5.0']);
	});
});

describe('plan text', () => {
	test('lines name the digest, the tags a delete also removes, why a digest is blocked, and what is kept', () => {
		const plan = planRemoteDelete('app', shared, ['1.2.0', 'latest', 'edge', '1.1.0', '1.0.0', 'gone'], []);
		expect(remotePlanLines(plan, 100)).toEqual([
			{text: 'delete  sha256:0003abab… 1.2.0 — also removes edge, latest (same digest)', tone: 'warn'},
			{text: 'blocked sha256:0002abab… 1.1.0, stable — stable shares this digest: mark it too', tone: 'warn'},
			{text: 'delete  sha256:0001abab… 1.0.0', tone: 'ok'},
			{text: 'keep    gone             not in the registry', tone: 'muted'},
		]);
		expect(remotePlanTotals(plan)).toBe('app: 2 digests deleted · 4 tags removed · 1 blocked · 1 tag kept');
	});
	test('narrow widths wrap under the detail column', () => {
		const plan = planRemoteDelete('app', shared, ['1.2.0', 'latest', 'edge'], []);
		const lines = remotePlanLines(plan, 50);
		expect(lines.length).toBeGreaterThan(1);
		expect(lines.every(line => line.text.length <= 50)).toBe(true);
		expect(lines[1]!.text.startsWith(' '.repeat(25))).toBe(true);
		expect(lines.map(line => line.text.trim()).join(' ')).toContain('also removes edge, latest (same digest)');
	});
	test('an empty plan says nothing is deleted', () => {
		expect(remotePlanTotals(planRemoteDelete('app', shared, [], []))).toBe('app: 0 digests deleted · 0 tags removed');
	});
});
