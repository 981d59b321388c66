import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {readSmallFile} from '../../source/small-file';

describe('readSmallFile', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'dsw-small-'));
	});
	afterEach(() => rmSync(dir, {recursive: true, force: true}));

	test('a file of exactly the cap is read whole, one byte more is refused', () => {
		const file = path.join(dir, 'config.json');
		writeFileSync(file, 'é'.repeat(8));
		expect(readSmallFile(file, 16)).toBe('é'.repeat(8));
		writeFileSync(file, `${'é'.repeat(8)}x`);
		expect(() => readSmallFile(file, 16)).toThrow(/is larger than 0 KiB/);
	});

	test('an empty file reads as empty text', () => {
		const file = path.join(dir, 'empty.json');
		writeFileSync(file, '');
		expect(readSmallFile(file)).toBe('');
	});
});
