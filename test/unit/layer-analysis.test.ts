import {expect, test} from 'vitest';
import {analyseImage, layerChanges} from '../../source/domain/layer-analysis';
import {diffImages, finalFiles} from '../../source/domain/image-diff';
import type {ImageFiles, LayerEntry} from '../../source/domain/layer-files';

const f = (path: string, size: number): LayerEntry => ({path, type: 'file', size});
const d = (path: string): LayerEntry => ({path: `${path}/`, type: 'directory', size: 0});
const wh = (path: string): LayerEntry => ({path: path.replace(/([^/]+)$/, '.wh.$1'), type: 'file', size: 0});
const opq = (path: string): LayerEntry => ({path: `${path}/.wh..wh..opq`, type: 'file', size: 0});
const hard = (path: string, target: string): LayerEntry => ({path, type: 'hardlink', size: 0, linkTarget: target});
const sym = (path: string, target: string): LayerEntry => ({path, type: 'symlink', size: 0, linkTarget: target});

function image(...layers: LayerEntry[][]): ImageFiles {
	return {
		cutOffAt: null,
		layers: layers.map((entries, index) => ({
			diffId: `sha256:${String(index).repeat(64).slice(0, 64)}`,
			createdBy: `step ${index}`,
			entries,
			entryCount: entries.length,
			fileBytes: entries.reduce((sum, entry) => sum + (entry.type === 'file' ? entry.size : 0), 0),
		})),
	};
}

test('a file overwritten by a later layer wastes its first copy; the overwrite counts as a change', () => {
	const analysis = analyseImage(image([d('app'), f('app/data.bin', 1000), f('app/keep', 10)], [f('app/data.bin', 400)]));
	expect(analysis.totalBytes).toBe(1410);
	expect(analysis.wastedBytes).toBe(1000);
	expect(analysis.efficiency).toBeCloseTo(1 - 1000 / 1410);
	expect(analysis.wastedPaths).toEqual([{path: 'app/data.bin', bytes: 1000, storedIn: [0], supersededIn: [1]}]);
	expect(analysis.layers.map(layer => [layer.bytes, layer.share, layer.wastedBytes, layer.changes])).toEqual([
		[1010, 1010 / 1410, 1000, {added: {count: 3, bytes: 1010}, changed: {count: 0, bytes: 0}, removed: {count: 0, bytes: 0}}],
		[400, 400 / 1410, 0, {added: {count: 0, bytes: 0}, changed: {count: 1, bytes: 400}, removed: {count: 0, bytes: 0}}],
	]);
});

test('a package cache removed by a later RUN (directory whiteout) wastes everything under it', () => {
	const analysis = analyseImage(
		image([d('var'), d('var/cache'), d('var/cache/apt'), f('var/cache/apt/a.deb', 5000), f('var/cache/apt/b.deb', 3000), f('bin/tool', 700)], [d('var/cache'), wh('var/cache/apt')]),
	);
	expect(analysis.wastedBytes).toBe(8000);
	expect(analysis.wastedPaths.map(path => [path.path, path.bytes])).toEqual([
		['var/cache/apt/a.deb', 5000],
		['var/cache/apt/b.deb', 3000],
	]);
	expect(analysis.layers[1]!.changes.removed).toEqual({count: 1, bytes: 8000});
	expect(layerChanges(image([f('var/cache/apt/a.deb', 5000)], [wh('var/cache/apt')]), 1)).toEqual([{path: 'var/cache/apt', kind: 'removed', type: 'directory', size: 5000}]);
});

test('an opaque directory hides what lower layers put there, but not what its own layer adds', () => {
	const files = image([f('opt/old/a', 100), f('opt/old/b', 50), f('opt/other', 1)], [opq('opt/old'), f('opt/old/c', 20)]);
	const analysis = analyseImage(files);
	expect(analysis.wastedBytes).toBe(150);
	expect(layerChanges(files, 1)).toEqual([
		{path: 'opt/old/a', kind: 'removed', type: 'file', size: 100},
		{path: 'opt/old/b', kind: 'removed', type: 'file', size: 50},
		{path: 'opt/old/c', kind: 'added', type: 'file', size: 20},
	]);
});

test("the order of whiteouts in a layer does not matter: they remove lower files, not the layer's own", () => {
	const analysis = analyseImage(image([f('etc/x', 10)], [f('etc/y', 5), opq('etc'), wh('etc/x')]));
	expect(analysis.wastedBytes).toBe(10);
	expect(analysis.layers[1]!.changes.added).toEqual({count: 1, bytes: 5});
});

test("a hard link shares its target's bytes: deleting one name wastes nothing while the other remains", () => {
	const kept = analyseImage(image([f('bin/a', 900), hard('bin/b', 'bin/a')], [wh('bin/a')]));
	expect(kept.wastedBytes).toBe(0);
	expect(kept.totalBytes).toBe(900);
	const both = analyseImage(image([f('bin/a', 900), hard('bin/b', 'bin/a')], [wh('bin/a'), wh('bin/b')]));
	expect(both.wastedBytes).toBe(900);
	expect(both.wastedPaths).toEqual([{path: 'bin/a', bytes: 900, storedIn: [0], supersededIn: [1]}]);
});

test('a symlink holds no bytes; replacing a file by one wastes the file', () => {
	const analysis = analyseImage(image([f('lib/x.so', 64), sym('lib/y.so', 'x.so')], [sym('lib/x.so', '/elsewhere')]));
	expect(analysis.wastedBytes).toBe(64);
	expect(analysis.layers[1]!.changes.changed).toEqual({count: 1, bytes: 0});
});

test('a path stored in three layers wastes all copies but the last, listed once with every layer', () => {
	const analysis = analyseImage(image([f('data', 10)], [f('data', 20)], [f('data', 30)], [f('other', 1)]));
	expect(analysis.wastedBytes).toBe(30);
	expect(analysis.wastedPaths).toEqual([{path: 'data', bytes: 30, storedIn: [0, 1], supersededIn: [1, 2]}]);
});

test('a file replaced by a directory (and the reverse) goes with everything under it', () => {
	expect(analyseImage(image([f('thing', 10)], [f('thing/inside', 3)])).wastedBytes).toBe(10);
	expect(analyseImage(image([f('thing/a', 10), f('thing/b/c', 5)], [f('thing', 1)])).wastedBytes).toBe(15);
});

test('within one layer, a directory replaced by a file and made again holds only what came after', () => {
	// Each entry after the first finds its parent as the entry before left it: a stale one would lose dir/y.
	const files = image([f('p/dir/x', 1), f('p/dir', 5), f('p/dir/y', 7), f('./p/dir//z', 2), f('top', 3)]);
	expect([...finalFiles(files).keys()].sort()).toEqual(['p/dir/y', 'p/dir/z', 'top']);
	expect(analyseImage(files).wastedBytes).toBe(6);
});

test('an image without bytes is fully efficient; the top offenders come most bytes first, then by path', () => {
	expect(analyseImage(image([d('empty')])).efficiency).toBe(1);
	const analysis = analyseImage(image([f('b', 5), f('a', 5), f('c', 9)], [wh('a'), wh('b'), wh('c')]));
	expect(analysis.wastedPaths.map(path => path.path)).toEqual(['c', 'a', 'b']);
});

test('paths are data: leading ./ and / are dropped, .. is a name, never followed', () => {
	const analysis = analyseImage(image([f('./etc/passwd', 10), f('/etc/../etc/passwd', 20)], [f('etc/passwd', 1)]));
	// etc/../etc/passwd stays a path of its own: only ./etc/passwd is overwritten.
	expect(analysis.wastedPaths.map(path => path.path)).toEqual(['etc/passwd']);
	expect(analysis.wastedBytes).toBe(10);
});

test('the diff of two versions: files added, removed and changed, and the layers only one has', () => {
	const base = [f('bin/sh', 100), f('etc/os', 5)];
	const before = image(base, [f('app/main.js', 50), f('app/old.js', 7), sym('app/current', 'main.js')]);
	const after: ImageFiles = {...image(base, [f('app/main.js', 60), f('app/new.js', 8), sym('app/current', 'new.js'), f('etc/os', 5)])};
	// The base layer is the same layer (same diff ID); the app layer differs.
	const renamed: ImageFiles = {...after, layers: [before.layers[0]!, {...after.layers[1]!, diffId: 'sha256:new'}]};
	const diff = diffImages(before, renamed);
	expect(diff.added.map(file => [file.path, file.size])).toEqual([['app/new.js', 8]]);
	expect(diff.removed.map(file => [file.path, file.size])).toEqual([['app/old.js', 7]]);
	expect(diff.changed.map(change => [change.path, change.reasons])).toEqual([
		['app/current', ['link', 'layer']],
		['app/main.js', ['size', 'layer']],
		['etc/os', ['layer']],
	]);
	expect(diff.layersOnlyBefore).toEqual([{index: 1, diffId: before.layers[1]!.diffId}]);
	expect(diff.layersOnlyAfter).toEqual([{index: 1, diffId: 'sha256:new'}]);
	expect(diff.sharedLayers).toBe(1);
	expect(diffImages(before, before)).toMatchObject({added: [], removed: [], changed: [], layersOnlyBefore: [], layersOnlyAfter: []});
});

test('a path nested deeper than calls can go (a hostile layer) is analysed and compared, not a stack overflow', () => {
	const deep = `${'d/'.repeat(200_000)}file`;
	const files = image([f(deep, 10), f('top', 1)], [wh('d')]);
	expect(analyseImage(files).wastedBytes).toBe(10);
	expect(diffImages(files, image([f(deep, 10)])).removed.map(file => file.path)).toEqual(['top']);
});
