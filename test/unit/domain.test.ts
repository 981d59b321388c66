import {describe, expect, test} from 'vitest';
import {formatBytes, shortId} from '../../source/domain/format';
import {fit} from '../../source/view/fit';
import {formatAge} from '../../source/view/age';
import {buildImageRows, filterImageRows, sortImageRows, splitRepoTag} from '../../source/domain/image-rows';
import {buildUsageIndex, usageOf} from '../../source/domain/usage';
import {formatUsage, imageColumns} from '../../source/view/image-cells';
import {containers, image, images, now} from '../fixtures/scene';

describe('formatBytes prints decimal units like the docker CLI', () => {
	test.each([
		[0, '0B'],
		[999, '999B'],
		[1000, '1kB'],
		[1_980_000, '1.98MB'],
		[12_345_678, '12.3MB'],
		[1_500_000_000, '1.5GB'],
		[-1, '-'],
	])('%d → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});

describe('formatAge', () => {
	test.each([
		[30, '30s'],
		[90, '1m'],
		[3 * 3600, '3h'],
		[3 * 86_400, '3d'],
		[20 * 86_400, '2w'],
		[90 * 86_400, '3mo'],
		[800 * 86_400, '2y'],
	])('%d seconds old → %s', (age, text) => expect(formatAge(now / 1000 - age, now)).toBe(text));
});

test('shortId drops the algorithm and keeps 12 characters', () => {
	expect(shortId('sha256:0123456789abcdef0123')).toBe('0123456789ab');
});

test('fit cuts with an ellipsis and pads', () => {
	expect(fit('abcdef', 4)).toBe('abc…');
	expect(fit('ab', 4)).toBe('ab  ');
	expect(fit('ab', 4, true)).toBe('  ab');
});

describe('splitRepoTag', () => {
	test.each([
		['app:1.0', 'app', '1.0'],
		['127.0.0.1:5000/app:2', '127.0.0.1:5000/app', '2'],
		['127.0.0.1:5000/app', '127.0.0.1:5000/app', 'latest'],
		['app@sha256:abc', 'app', '<none>'],
	])('%s', (reference, repository, tag) => expect(splitRepoTag(reference)).toEqual({repository, tag}));
});

describe('usage index', () => {
	const usage = buildUsageIndex(images, containers);
	test('counts running and stopped containers by image ID', () => {
		expect(usageOf(usage, images[3]!.id).running.map(c => c.name)).toEqual(['web-1']);
		expect(usageOf(usage, images[1]!.id).stopped.map(c => c.name)).toEqual(['worker-old-1', 'worker-old-2']);
		expect(formatUsage(usageOf(usage, images[1]!.id), false)).toBe('2 stopped');
		expect(formatUsage(usageOf(usage, images[0]!.id), false)).toBe('-');
	});
	test('links children to parents', () => {
		expect(usageOf(usage, images[5]!.id).children).toEqual([images[6]!.id]);
	});
});

describe('image rows', () => {
	const usage = buildUsageIndex(images, containers);
	test('one row per repository:tag, dangling as <none>, intermediate hidden unless asked', () => {
		const rows = buildImageRows(images, usage, false);
		expect(rows.map(row => `${row.repository}:${row.tag}`)).toEqual(['app:1.0.0', 'app:1.1.0', 'app:1.3.0', 'app:latest', 'web:2.1.0', '<none>:<none>', 'base/runtime:1.0', 'base/service:1.0']);
		expect(rows.find(row => row.tag === '<none>')?.dangling).toBe(true);
		const all = buildImageRows(images, usage, true);
		expect(all).toHaveLength(rows.length + 1);
		expect(all.find(row => row.intermediate)?.image.id).toBe(images[6]!.id);
	});
	test('sorts by created, size and name with stable ties', () => {
		const rows = buildImageRows(images, usage, false);
		expect(sortImageRows(rows, 'created')[0]!.reference).toBe('app:1.3.0');
		expect(sortImageRows(rows, 'size')[0]!.reference).toBe('web:2.1.0');
		expect(sortImageRows(rows, 'name').map(row => row.repository)[0]).toBe('<none>');
		expect(sortImageRows(rows, 'name').at(-1)!.reference).toBe('web:2.1.0');
	});
	test('filters on repository:tag and ID prefix', () => {
		const rows = buildImageRows(images, usage, false);
		expect(filterImageRows(rows, 'APP:1.').map(row => row.reference)).toEqual(['app:1.0.0', 'app:1.1.0', 'app:1.3.0']);
		expect(filterImageRows(rows, 'b1').map(row => row.reference)).toEqual(['web:2.1.0']);
		expect(filterImageRows(rows, 'runtime').map(row => row.reference)).toEqual(['base/runtime:1.0']);
		expect(filterImageRows(rows, '^runtime')).toEqual([]);
		expect(filterImageRows(rows, '^base/').map(row => row.reference)).toEqual(['base/runtime:1.0', 'base/service:1.0']);
	});
	test("a `^` anchor also finds the short name under Podman's localhost/ and docker.io/library/ prefixes, not under another registry", () => {
		const podman = [
			image('a1'.padEnd(64, '0'), ['localhost/demo/app:1.0.0']),
			image('a2'.padEnd(64, '0'), ['docker.io/library/alpine:3.18']),
			image('a3'.padEnd(64, '0'), ['registry.local:5000/demo/app:1.0.0']),
		];
		const rows = buildImageRows(podman, buildUsageIndex(podman, []), false);
		expect(filterImageRows(rows, '^demo/app').map(row => row.reference)).toEqual(['localhost/demo/app:1.0.0']);
		expect(filterImageRows(rows, '^alpine:').map(row => row.reference)).toEqual(['docker.io/library/alpine:3.18']);
		expect(filterImageRows(rows, '^localhost/').map(row => row.reference)).toEqual(['localhost/demo/app:1.0.0']);
	});
	test('columns fit an 80-column terminal with room for a repository', () => {
		const columns = imageColumns(80);
		const total = 2 + columns.repository + columns.tag + columns.sync + columns.id + columns.created + columns.size + columns.usedBy + 6;
		expect(total).toBe(80);
		expect(columns.repository).toBeGreaterThanOrEqual(20);
		expect(columns.id).toBe(12);
	});
});
