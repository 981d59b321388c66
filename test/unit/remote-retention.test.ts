// Retention rules for registry repositories (dockswab plan|clean --registry): which tags a rule
// selects, ordered by semver or by when the image was made, narrowed by --match and --older-than,
// and how a plan made again from the registry's answer tells which planned deletes still hold.
import {describe, expect, test} from 'vitest';
import {planRemoteKeepNewest, planRemoteRetention, stillPlanned, type TagDigest} from '../../source/domain/remote-plan';
import {ageText, matchPattern} from '../../source/domain/remote-retention';

const digest = (n: number) => `sha256:${n.toString(16).padStart(4, '0').repeat(16)}`;
const day = 86_400_000;
const now = Date.UTC(2026, 5, 1);
const removed = (plan: ReturnType<typeof planRemoteRetention>) => plan.items.flatMap(item => item.tags);

describe('retention by the time the image was made', () => {
	// build-1 … build-4, made one day apart (build-4 newest); latest names build-4's digest.
	const builds: TagDigest[] = [1, 2, 3, 4].map(n => ({tag: `build-${n}`, digest: digest(n), createdMs: now - (5 - n) * day}));
	const repository: TagDigest[] = [...builds, {tag: 'latest', digest: digest(4), createdMs: now - day}];

	test('--order pushed keeps the newest N images, whatever their tags look like', () => {
		const plan = planRemoteRetention('app', repository, {keep: 2, protect: [], order: 'pushed', match: 'build-.*'});
		expect(removed(plan)).toEqual(['build-2', 'build-1']);
		expect(plan.kept).toEqual(
			expect.arrayContaining([
				{tag: 'build-4', reason: 'one of the newest 2 images'},
				{tag: 'build-3', reason: 'one of the newest 2 images'},
				{tag: 'latest', reason: 'does not match build-.*'},
			]),
		);
	});
	test('semver order never selects a tag that is not a version, whatever its age', () => {
		const plan = planRemoteRetention('app', repository, {keep: 0, protect: [], olderThan: {seconds: 3600, now}});
		expect(plan.items).toEqual([]);
		expect(plan.kept.map(entry => entry.reason)).toEqual(Array(5).fill('not a version'));
	});
	test('--older-than spares what was made within the age, and an image whose time is unknown', () => {
		const withUnknown: TagDigest[] = [...builds, {tag: 'build-0', digest: digest(9), createdMs: null}];
		const plan = planRemoteRetention('app', withUnknown, {keep: 1, protect: [], order: 'pushed', olderThan: {seconds: 2 * 86_400 + 1, now}});
		// build-4 is kept as the newest; build-3 (2 days old) is within the age; build-2 and build-1 are older.
		expect(removed(plan)).toEqual(['build-2', 'build-1']);
		expect(plan.kept).toContainEqual({tag: 'build-3', reason: `made within ${ageText(2 * 86_400 + 1)}`});
		expect(plan.kept).toContainEqual({tag: 'build-0', reason: "its image's creation time is unknown"});
	});
	test('a digest a tag outside --match still names is kept, and the plan names that tag', () => {
		const plan = planRemoteRetention('app', repository, {keep: 0, protect: [], order: 'pushed', match: 'build-.*'});
		expect(removed(plan)).toEqual(['build-3', 'build-2', 'build-1']);
		expect(plan.kept).toContainEqual({tag: 'build-4', reason: 'shares its digest with kept latest'});
	});
	test('a protected tag is out of the rule and holds its digest', () => {
		const plan = planRemoteRetention('app', repository, {keep: 0, protect: ['build-2'], order: 'pushed', match: 'build-.*|latest'});
		expect(removed(plan)).toEqual(['build-4', 'latest', 'build-3', 'build-1']);
		expect(plan.kept).toEqual([{tag: 'build-2', reason: 'protected by build-2'}]);
	});
	test('an index that stays holds its platform manifests, under any order', () => {
		const tags: TagDigest[] = [
			{tag: 'multi', digest: digest(20), children: [digest(21)], createdMs: now},
			{tag: 'multi-amd64', digest: digest(21), createdMs: now - 3 * day},
			{tag: 'old', digest: digest(1), createdMs: now - 4 * day},
		];
		const plan = planRemoteRetention('app', tags, {keep: 1, protect: [], order: 'pushed'});
		expect(removed(plan)).toEqual(['old']);
		expect(plan.kept).toContainEqual({tag: 'multi-amd64', reason: 'a platform of multi (index), which stays'});
	});
});

describe('--match', () => {
	test('the whole tag must match', () => {
		expect(matchPattern('1\\..*').test('1.2.0')).toBe(true);
		expect(matchPattern('1\\..*').test('11.0.0')).toBe(false);
		expect(matchPattern('a|b').test('ab')).toBe(false);
	});
	test('with semver order it narrows the versions the rule counts', () => {
		const tags: TagDigest[] = ['1.0.0', '1.1.0', '2.0.0', '2.1.0'].map((tag, n) => ({tag, digest: digest(n)}));
		const plan = planRemoteRetention('app', tags, {keep: 1, protect: [], match: '1\\..*'});
		expect(removed(plan)).toEqual(['1.0.0']);
		expect(plan.kept).toContainEqual({tag: '2.1.0', reason: 'does not match 1\\..*'});
	});
	test("without the new options the rule is the registries pane's keep-newest, unchanged", () => {
		const tags: TagDigest[] = ['1.0.0', '1.1.0', 'latest'].map((tag, n) => ({tag, digest: digest(n)}));
		expect(planRemoteRetention('app', tags, {keep: 1, protect: []})).toEqual(planRemoteKeepNewest('app', tags, 1, []));
	});
});

describe('the plan made again right before the deletes', () => {
	const tags: TagDigest[] = ['1.0.0', '1.1.0', '1.2.0', '2.0.0'].map((tag, n) => ({tag, digest: digest(n)}));
	const rule = {keep: 1, protect: []};

	test('an unchanged registry runs every planned delete', () => {
		const plan = planRemoteRetention('app', tags, rule);
		expect(stillPlanned(plan, planRemoteRetention('app', tags, rule))).toEqual({run: plan.items, moved: []});
	});
	test('a tag moved onto a planned digest skips that digest and says why; the others still run', () => {
		const plan = planRemoteRetention('app', tags, rule);
		const moved = [...tags, {tag: 'stable', digest: digest(0)}];
		const again = stillPlanned(plan, planRemoteRetention('app', moved, rule));
		expect(again.run.map(item => item.tags)).toEqual([['1.2.0'], ['1.1.0']]);
		expect(again.moved).toEqual([{item: plan.items.find(item => item.digest === digest(0)), reason: 'changed since the plan: 1.0.0 shares its digest with kept stable'}]);
	});
	test('a digest a new version now also names is skipped: its tags differ from the plan', () => {
		const plan = planRemoteRetention('app', tags, rule);
		const again = stillPlanned(plan, planRemoteRetention('app', [...tags, {tag: '1.0.1', digest: digest(0)}], rule));
		expect(again.moved.map(entry => entry.reason)).toEqual(['changed since the plan: now 1.0.1, 1.0.0 name this digest']);
		expect(again.run.map(item => item.digest)).not.toContain(digest(0));
	});
	test('a digest selected only by the new read is not run: nobody saw it planned', () => {
		const plan = planRemoteRetention('app', tags, rule);
		const again = stillPlanned(plan, planRemoteRetention('app', [...tags, {tag: '3.0.0', digest: digest(7)}], rule));
		expect(again.run.map(item => item.digest)).not.toContain(digest(3));
		expect(again.moved).toEqual([]);
	});
});
