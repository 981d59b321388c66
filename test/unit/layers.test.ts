import {createHash} from 'node:crypto';
import {expect, test} from 'vitest';
import {chainIds, imageLayerSizes, layerSizes} from '../../source/engine/layers';

const row = (createdBy: string, size: number) => ({createdBy, size});

test('chain IDs: the first is its diff ID, each next one hashes the chain so far with its diff', () => {
	const next = `sha256:${createHash('sha256').update('sha256:a sha256:b').digest('hex')}`;
	expect(chainIds(['sha256:a', 'sha256:b'])).toEqual(['sha256:a', next]);
	// The same diff on another base is another layer.
	expect(chainIds(['sha256:c', 'sha256:b'])[1]).not.toBe(next);
});

test.each<[string, string[], {createdBy: string; size: number}[], number, number[] | null]>([
	[
		'classic build: config rows have no layer',
		['a', 'b', 'c'],
		[
			row('', 1000),
			row('/bin/sh -c #(nop)  LABEL x=1', 0),
			row('/bin/sh -c #(nop) COPY file:1 in /a', 51),
			row('/bin/sh -c #(nop)  ENV A=1', 0),
			row('/bin/sh -c #(nop) COPY file:2 in /b', 6),
			row('/bin/sh -c #(nop)  CMD ["sh"]', 0),
		],
		1057,
		[1000, 51, 6],
	],
	['a RUN that changed nothing is a 0-byte layer', ['a', 'b', 'c'], [row('', 1000), row('/bin/sh -c true', 0), row('ENV A=1', 0), row('COPY x /x # buildkit', 9)], 1009, [1000, 0, 9]],
	['more layers than rows can account for', ['a', 'b'], [row('', 1000)], 1000, null],
	['more sized rows than layers', ['a'], [row('', 1000), row('COPY', 5)], 1005, null],
	['sizes that do not add up to the image size', ['a'], [row('', 1000)], 1001, null],
])('%s', (_name, diffIds, history, size, expected) => {
	expect(layerSizes(diffIds, history, size)).toEqual(expected);
});

test.each<[string, number, number, number | null]>([
	['classic store: the rows add up to the inspected size', 1057, 1057, 1057],
	['containerd store, one manifest: the rows are the listed size less the content blobs', 9027, 835, 8192],
	['containerd store, named by its index: inspect also counts the index blob the list leaves out', 9027, 1326, 8192],
	['rows larger than the whole listed size', 8192, 100, null],
	['rows smaller than the snapshots the sizes leave', 20_000, 835, null],
])('%s', (_name, listed, inspected, expected) => {
	const rows = expected === 1057 ? [row('', 1000), row('COPY a /a', 57)] : [row('dockswab fixture linux/amd64', 8192)];
	const diffIds = rows.map((_, index) => `sha256:${index}`);
	const sizes = imageLayerSizes(diffIds, rows, listed, inspected);
	expect(sizes === null ? null : sizes.reduce((sum, size) => sum + size, 0)).toBe(expected);
});
