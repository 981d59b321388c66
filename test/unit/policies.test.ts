import {expect, test} from 'vitest';
import {lastUseOf, parseDuration, parseSize, selectPolicyTargets, type PolicyOptions} from '../../source/domain/policies';
import {freedBytes, planRemoval, type LayerIndex} from '../../source/domain/removal-plan';
import {container, image, now} from '../fixtures/scene';

const day = 86_400;
const ago = (days: number) => now / 1000 - days * day;
const id = (short: string) => short.padEnd(64, '0');

// app: four versions plus dev and latest; web: one running, one not; a dangling image; a parent with a child.
const images = [
	image('a1', ['app:1.0.0'], {created: ago(40)}),
	image('a2', ['app:1.1.0'], {created: ago(30)}),
	image('a3', ['app:1.2.0'], {created: ago(20)}),
	image('a4', ['app:1.3.0', 'app:latest'], {created: ago(10)}),
	image('d1', ['app:dev'], {created: ago(50)}),
	image('w1', ['web:2.0.0'], {created: ago(60)}),
	image('w2', ['web:2.1.0'], {created: ago(5)}),
	image('n1', ['<none>:<none>'], {created: ago(45)}),
	image('p1', ['base/runtime:1.0'], {created: ago(70)}),
	image('k1', ['base/service:1.0'], {parentId: id('p1'), created: ago(70)}),
	image('s1', ['prod-db:9.0.0'], {created: ago(90)}),
];
const containers = [container('c1', 'web-1', 'w1', 'running'), container('c2', 'job-1', 'a2', 'exited', {created: ago(29)})];

const select = (options: PolicyOptions, facts = {}) => selectPolicyTargets(images, containers, options, now, facts).targets.map(target => target.reference ?? target.imageId.slice(0, 2));

test.each<[string, PolicyOptions, string[]]>([
	['keep 2 of app: older versions only, dev and latest survive', {keep: 2, repositories: ['app']}, ['app:1.1.0', 'app:1.0.0']],
	['keep 1 everywhere: a running image is never selected (web:2.0.0 runs)', {keep: 1}, ['app:1.2.0', 'app:1.1.0', 'app:1.0.0']],
	['keep 0 of web: still not the running one', {keep: 0, repositories: ['web']}, ['web:2.1.0']],
	['dangling: untagged leaves only', {dangling: true}, ['n1']],
	[
		'unused: no container at all, by tag; the parent and its child both',
		{unused: true},
		['app:1.0.0', 'app:1.2.0', 'app:1.3.0', 'app:latest', 'app:dev', 'web:2.1.0', 'n1', 'base/runtime:1.0', 'base/service:1.0', 'prod-db:9.0.0'],
	],
	['older than 45d', {olderThan: 45 * day}, ['app:dev', 'base/runtime:1.0', 'base/service:1.0', 'prod-db:9.0.0']],
	['rules combine: keep 1 and older than 35d', {keep: 1, olderThan: 35 * day}, ['app:1.0.0']],
	['rules combine: unused in repositories app only', {unused: true, repositories: ['app']}, ['app:1.0.0', 'app:1.2.0', 'app:1.3.0', 'app:latest', 'app:dev']],
	[
		'protect by tag glob and by repository:tag',
		{unused: true, protect: ['prod-*:*', 'latest', '1.0.?']},
		['app:1.2.0', 'app:1.3.0', 'app:dev', 'web:2.1.0', 'n1', 'base/runtime:1.0', 'base/service:1.0'],
	],
	['protect keeps a version out of keep-N', {keep: 1, repositories: ['app'], protect: ['app:1.1.0']}, ['app:1.2.0', 'app:1.0.0']],
])('%s', (_name, options, expected) => {
	expect(select(options)).toEqual(expected);
});

test('unused for 25d: a stopped container finished 3 days ago counts as use; its creation when its records are absent', () => {
	const finished = new Map([[id('c2'), ago(3)]]);
	expect(select({unusedFor: 25 * day}, {containerLastUse: finished})).not.toContain('app:1.1.0');
	// Without the engine's records the container's creation (29 days ago) is the last use known.
	expect(select({unusedFor: 25 * day})).toContain('app:1.1.0');
	expect(select({unusedFor: 25 * day})).not.toContain('app:1.2.0');
});

test('last use: newest start or finish of any container, else the creation of the image', () => {
	expect(lastUseOf(images[1]!, containers, {containerLastUse: new Map([[id('c2'), ago(2)]])})).toBe(ago(2));
	expect(lastUseOf(images[0]!, containers)).toBe(ago(40));
});

test('last use: the newest of creation, last tag time and container use', () => {
	const tagged = new Map([
		[id('a1'), ago(1)],
		[id('a2'), ago(50)],
	]);
	// Tagged (or pulled) a day ago: an image built 40 days ago is in use now.
	expect(lastUseOf(images[0]!, containers, {lastTagTime: tagged})).toBe(ago(1));
	// A tag time older than the container's finish does not hide the container's use.
	expect(lastUseOf(images[1]!, containers, {lastTagTime: tagged, containerLastUse: new Map([[id('c2'), ago(3)]])})).toBe(ago(3));
	// Nor one older than the image's creation.
	expect(lastUseOf(image('x1', ['x:1'], {created: ago(10)}), [], {lastTagTime: new Map([[id('x1'), ago(20)]])})).toBe(ago(10));
});

test('unused for 30d: an old image freshly tagged or pulled is not selected; one with no tag time still is', () => {
	expect(select({unusedFor: 30 * day})).toContain('app:dev');
	expect(select({unusedFor: 30 * day})).toContain('prod-db:9.0.0');
	const selected = select({unusedFor: 30 * day}, {lastTagTime: new Map([[id('d1'), ago(2)]])});
	expect(selected).not.toContain('app:dev');
	expect(selected).toContain('prod-db:9.0.0');
});

test('a running image survives every rule at once', () => {
	const all: PolicyOptions = {keep: 0, olderThan: 0, unusedFor: 0};
	expect(select(all)).not.toContain('web:2.0.0');
	expect(selectPolicyTargets(images, [container('r', 'r', 'n1', 'paused')], {dangling: true}, now).targets).toEqual([]);
});

// Each image its own layer of 100 bytes on one shared base layer of 1000.
const budgetImages = [
	image('b1', ['old:1'], {created: ago(30)}),
	image('b2', ['mid:1'], {created: ago(20)}),
	image('b3', ['new:1'], {created: ago(10)}),
	image('b4', ['used:1'], {created: ago(40)}),
	image('b5', ['keep:1', 'keep:prod'], {created: ago(50)}),
];
const budgetLayers: LayerIndex = new Map(
	budgetImages.map(entry => [
		entry.id,
		[
			{id: 'base', size: 1000},
			{id: `own-${entry.id}`, size: 100},
		],
	]),
);
const budgetFacts = {layers: budgetLayers, imagesBytes: 1500};
const budget = (bytes: number, options: PolicyOptions = {}) => selectPolicyTargets(budgetImages, [container('u', 'u', 'b4', 'exited')], {budget: bytes, ...options}, now, budgetFacts);

test.each<[number, string[], number]>([
	[1500, [], 1500],
	[1450, ['old:1'], 1400],
	[1400, ['old:1'], 1400],
	[1399, ['old:1', 'mid:1'], 1300],
	// Used images never go; so the budget cannot hold below what they and the protected keep.
	[0, ['old:1', 'mid:1', 'new:1'], 1200],
])('budget %i: least recently used unused images until it holds, no more', (bytes, expected, after) => {
	const result = budget(bytes, {protect: ['prod']});
	expect(result.targets.map(target => target.reference)).toEqual(expected);
	expect(result.budget?.after).toBe(after);
	expect(result.budget?.holds).toBe(after <= bytes);
});

test('budget: a freshly tagged old image is the most recently used, so it goes last', () => {
	// old:1 was created first of the unused ones, but tagged an hour ago.
	const result = budget(0, {protect: ['prod']});
	const tagged = selectPolicyTargets(budgetImages, [container('u', 'u', 'b4', 'exited')], {budget: 0, protect: ['prod']}, now, {...budgetFacts, lastTagTime: new Map([[id('b1'), now / 1000 - 3600]])});
	expect(result.targets.map(target => target.reference)).toEqual(['old:1', 'mid:1', 'new:1']);
	expect(tagged.targets.map(target => target.reference)).toEqual(['mid:1', 'new:1', 'old:1']);
});

test('budget takes an image only with all its tags; without protection keep:1 and keep:prod go together', () => {
	const result = budget(1200);
	expect(result.targets.map(target => target.reference)).toEqual(['keep:1', 'keep:prod', 'old:1', 'mid:1']);
	expect(result.budget?.after).toBe(1200);
});

test('budget: a parent goes only after its children; the shared base goes with the last image holding it', () => {
	const family = [image('pp', ['parent:1'], {created: ago(90)}), image('cc', ['child:1'], {parentId: id('pp'), created: ago(10)})];
	const layers: LayerIndex = new Map([
		[id('pp'), [{id: 'L1', size: 500}]],
		[
			id('cc'),
			[
				{id: 'L1', size: 500},
				{id: 'L2', size: 50},
			],
		],
	]);
	const result = selectPolicyTargets(family, [], {budget: 0}, now, {layers, imagesBytes: 550});
	expect(result.targets.map(target => target.reference)).toEqual(['child:1', 'parent:1']);
	expect(result.budget).toEqual({before: 550, after: 0, holds: true});
});

test.each<[string, number | null]>([
	['30d', 30 * day],
	['12h', 12 * 3600],
	['2w', 14 * day],
	['90m', 5400],
	['45s', 45],
	['0d', 0],
	['30', null],
	['d', null],
	['1.5d', null],
	['-3d', null],
	['3y', null],
])('duration %s', (text, seconds) => {
	expect(parseDuration(text)).toBe(seconds);
});

test.each<[string, number | null]>([
	['20GB', 20e9],
	['500MB', 500e6],
	['1.5gb', 1.5e9],
	['10kB', 10_000],
	['2048', 2048],
	['7B', 7],
	['1TB', 1e12],
	['20GiB', 20 * 2 ** 30],
	['1GiB', 2 ** 30],
	['512mib', 512 * 2 ** 20],
	['4KiB', 4096],
	['20Gi', null],
	['20 gigs', null],
	['GB', null],
	['-1GB', null],
])('size %s', (text, bytes) => {
	expect(parseSize(text)).toBe(bytes);
});

// Exact bytes from layers: a layer is freed only when every image holding it goes.
const layered = [image('l1', ['lay:1'], {size: 1110}), image('l2', ['lay:2'], {size: 1220}), image('l3', ['other:1'], {size: 3000}), image('l4', ['dup:1', 'dup:2'], {size: 1220})];
const layerIndex: LayerIndex = new Map([
	[
		id('l1'),
		[
			{id: 'base', size: 1000},
			{id: 'x', size: 110},
		],
	],
	[
		id('l2'),
		[
			{id: 'base', size: 1000},
			{id: 'x', size: 110},
			{id: 'y', size: 110},
		],
	],
	[id('l3'), [{id: 'other', size: 3000}]],
	[
		id('l4'),
		[
			{id: 'base', size: 1000},
			{id: 'z', size: 220},
		],
	],
]);

test.each<[string[], number]>([
	[['l1'], 0],
	[['l2'], 110],
	[['l1', 'l2'], 220],
	[['l1', 'l2', 'l4'], 1440],
	[['l3'], 3000],
	[[], 0],
])('freed bytes of %j from shared layers', (gone, bytes) => {
	expect(freedBytes(layered, new Set(gone.map(id)), layerIndex)).toBe(bytes);
});

test('the plan counts a shared layer once, on the item that frees it, and totals what the deletes free', () => {
	const plan = planRemoval({
		targets: [
			{imageId: id('l1'), reference: 'lay:1'},
			{imageId: id('l2'), reference: 'lay:2'},
			{imageId: id('l4'), reference: 'dup:1'},
		],
		images: layered,
		containers: [],
		layers: layerIndex,
		options: {removeStoppedContainers: false, forced: new Set()},
	});
	// dup:1 only untags (dup:2 stays), so the base layer stays with it.
	expect(plan.items.map(item => (item.outcome.kind === 'delete' ? item.outcome.bytes : item.outcome.kind))).toEqual([110, 110, 'untag']);
	// x and y (110 each) go with lay:1 and lay:2; base stays for dup:2.
	expect(plan.totals.bytesReclaimed).toBe(220);
});

test('a forced image stays for its stopped container: its layers are not counted as freed', () => {
	const plan = planRemoval({
		targets: [{imageId: id('l3'), reference: 'other:1'}],
		images: layered,
		containers: [container('s', 's', 'l3', 'exited')],
		layers: layerIndex,
		options: {removeStoppedContainers: false, forced: new Set([id('l3')])},
	});
	expect(plan.totals.bytesReclaimed).toBe(0);
});

test('images missing from the layer index fall back to size minus parent', () => {
	expect(freedBytes(layered, new Set([id('l3')]), new Map())).toBe(3000);
});
