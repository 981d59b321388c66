import {expect, test} from 'vitest';
import {treeRows, type TreeFile, type TreeRow} from '../../source/domain/file-tree';

const file = (path: string, size: number, mark: TreeFile['mark'] = '+'): TreeFile => ({path, size, type: 'file', mark});
/** Rows as `indent fold name bytes mark`: ▾ open, ▸ folded, - nothing under it. */
const shown = (rows: readonly TreeRow[]) => rows.map(row => `${'  '.repeat(row.depth)}${row.folds ? (row.folded ? '▸' : '▾') : '-'} ${row.name} ${row.size}${row.mark === ' ' ? '' : ` ${row.mark}`}`);

const files = [
	file('usr/bin/tool', 2000),
	file('usr/share/doc/a', 10),
	file('etc/conf', 20, '~'),
	file('usr/share/doc/b', 5),
	file('zz', 3000),
	{path: 'var/cache', size: 500, type: 'directory', mark: '-'} as const,
];

test('directories are rows with the bytes under them; siblings by size, biggest first', () => {
	expect(shown(treeRows(files, new Set(), 'size'))).toEqual([
		'- zz 3000 +',
		'▾ usr 2015',
		'  ▾ bin 2000',
		'    - tool 2000 +',
		'  ▾ share 15',
		'    ▾ doc 15',
		'      - a 10 +',
		'      - b 5 +',
		'▾ var 500',
		'  - cache 500 -',
		'▾ etc 20',
		'  - conf 20 ~',
	]);
});

test('by name, and a folded directory hides what is under it', () => {
	expect(shown(treeRows(files, new Set(['usr/share', 'etc']), 'path'))).toEqual([
		'▸ etc 20',
		'▾ usr 2015',
		'  ▾ bin 2000',
		'    - tool 2000 +',
		'  ▸ share 15',
		'▾ var 500',
		'  - cache 500 -',
		'- zz 3000 +',
	]);
});

test('a path nested deeper than calls can go makes rows, not a stack overflow', () => {
	expect(treeRows([file(`${'d/'.repeat(100_000)}f`, 1)], new Set(), 'size')).toHaveLength(100_001);
});
