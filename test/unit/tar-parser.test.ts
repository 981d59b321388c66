import {expect, test} from 'vitest';
import {TarFormatError, TarParser, type TarEntry} from '../../source/domain/tar-parser';
import {paxRecord, tarArchive, type FixtureEntry} from '../fixtures/tar-writer';

/** The entries and the bodies the parser hands out, fed `chunkSize` bytes at a time. */
function read(archive: Buffer, chunkSize = archive.length): {entries: TarEntry[]; bodies: string[]} {
	const entries: TarEntry[] = [];
	const bodies: string[] = [];
	const parser = new TarParser(entry => {
		entries.push(entry);
		if (entry.type !== 'file') return null;
		const parts: Buffer[] = [];
		return {write: chunk => parts.push(Buffer.from(chunk)), end: () => bodies.push(Buffer.concat(parts).toString())};
	});
	for (let offset = 0; offset < archive.length; offset += chunkSize) parser.write(archive.subarray(offset, offset + chunkSize));
	parser.end();
	return {entries, bodies};
}

const longName = `${'deep/'.repeat(40)}file.txt`;

const formats: FixtureEntry[] = [
	{path: 'etc/', flag: '5'},
	{path: 'etc/hosts', body: 'localhost'},
	{path: 'hosts', prefix: 'usr/share/long/prefix', body: 'prefixed'},
	{path: 'PaxHeaders/x', flag: 'x', body: paxRecord('path', longName) + paxRecord('size', '3') + paxRecord('mtime', '1.5')},
	{path: 'short-name-replaced', body: 'pax', headerSize: 999},
	{path: 'PaxHeaders/l', flag: 'x', body: paxRecord('linkpath', `/target/${'t'.repeat(120)}`)},
	{path: 'link-by-pax', flag: '2', linkTarget: 'ignored'},
	{path: '././@LongLink', flag: 'L', body: `gnu/${'g'.repeat(150)}\0`, gnuMagic: true},
	{path: 'gnu-short', body: 'gnu', gnuMagic: true},
	{path: '././@LongLink', flag: 'K', body: `gnu-target/${'k'.repeat(150)}\0`, gnuMagic: true},
	{path: 'hard', flag: '1', linkTarget: 'short', gnuMagic: true},
	{path: 'big-base256', body: 'b256', base256Size: true},
	{path: 'fifo', flag: '6'},
];

test('ustar prefixes, pax path, size and linkpath, GNU long names and base-256 sizes are read as the entry they describe', () => {
	const {entries, bodies} = read(tarArchive(formats));
	expect(entries.map(({path, type, size, linkTarget}) => [path, type, size, linkTarget])).toEqual([
		['etc/', 'directory', 0, ''],
		['etc/hosts', 'file', 9, ''],
		['usr/share/long/prefix/hosts', 'file', 8, ''],
		[longName, 'file', 3, ''],
		['link-by-pax', 'symlink', 0, `/target/${'t'.repeat(120)}`],
		[`gnu/${'g'.repeat(150)}`, 'file', 3, ''],
		['hard', 'hardlink', 0, `gnu-target/${'k'.repeat(150)}`],
		['big-base256', 'file', 4, ''],
		['fifo', 'other', 0, ''],
	]);
	// The pax size (3) decides where the next header is, not the header's 999.
	expect(bodies).toEqual(['localhost', 'prefixed', 'pax', 'gnu', 'b256']);
});

test('chunks of any size give the same entries: headers and bodies split across chunks', () => {
	const archive = tarArchive(formats);
	const whole = read(archive);
	for (const size of [1, 7, 511, 512, 513, 4096]) {
		const split = read(archive, size);
		expect(split.entries).toEqual(whole.entries);
		expect(split.bodies).toEqual(whole.bodies);
	}
});

test('the archive ends at the first zero block: padding after it is not read as entries', () => {
	const archive = Buffer.concat([tarArchive([{path: 'a', body: 'x'}]), Buffer.from('garbage after the end of the archive')]);
	expect(read(archive).entries.map(entry => entry.path)).toEqual(['a']);
});

test('an archive cut inside a header, a body, or after a pax header says it ended early', () => {
	const archive = tarArchive([{path: 'a', body: 'x'.repeat(2000)}], {end: false});
	for (const cut of [300, 512 + 1000]) expect(() => read(archive.subarray(0, cut))).toThrow(/ends early, inside an entry/);
	const paxOnly = tarArchive([{path: 'p', flag: 'x', body: paxRecord('path', 'x')}], {end: false});
	expect(() => read(paxOnly)).toThrow(TarFormatError);
});

test('an archive that ends between entries without end blocks is read as complete', () => {
	expect(read(tarArchive([{path: 'a', body: 'x'}], {end: false})).entries).toHaveLength(1);
});

test('bytes that are not a tar are "not a tar archive"; a damaged later header names where it is', () => {
	expect(() => read(Buffer.from('{"this": "is JSON"}'.padEnd(1024)))).toThrow('not a tar archive');
	const archive = tarArchive([
		{path: 'a', body: 'x'},
		{path: 'b', body: 'y'},
	]);
	archive[1024 + 10] = 0x41;
	expect(() => read(archive)).toThrow('damaged tar header at byte 1024: header checksum mismatch');
});

test('a pax record whose length overruns its body is refused, not read past', () => {
	expect(() => read(tarArchive([{path: 'p', flag: 'x', body: '99 path=x\n'}, {path: 'a'}]))).toThrow('malformed pax record');
});
