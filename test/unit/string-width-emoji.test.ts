// The bundle's edit to string-width (scripts/string-width-emoji.mjs): its emoji test runs only on
// graphemes that may be an emoji. The cheap test must find every RGI emoji, or a wide emoji would
// be measured as narrow; and string-width as bundled must measure as string-width does.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {build} from 'esbuild';
import stringWidth from 'string-width';
import {afterAll, beforeAll, expect, test} from 'vitest';
// @ts-expect-error: a plain .mjs build script without types
import {mayBeEmojiSource, singleCharactersSource, stringWidthEmojiGuard} from '../../scripts/string-width-emoji.mjs';

// The `v` flag, built at run time: the type check targets ES2022.
const rgiEmoji = new RegExp('^\\p{RGI_Emoji}$', 'v');
const mayBeEmoji = new RegExp(mayBeEmojiSource as string, 'u');
const extendedPictographic = /\p{Extended_Pictographic}/u;

/**
 * Every RGI emoji built from one code point: alone, with U+FE0F, with a skin tone; the keycaps; the
 * flag pairs. The ZWJ and tag sequences join such emoji, and a few of them come along as examples.
 */
function rgiCandidates(): string[] {
	const candidates: string[] = [];
	for (let point = 0; point <= 0x10ffff; point++) {
		if (point >= 0xd800 && point <= 0xdfff) continue;
		const character = String.fromCodePoint(point);
		candidates.push(character, `${character}\uFE0F`);
		if (extendedPictographic.test(character)) for (let tone = 0x1f3fb; tone <= 0x1f3ff; tone++) candidates.push(character + String.fromCodePoint(tone));
	}
	for (const key of '0123456789#*') candidates.push(`${key}\uFE0F\u20E3`, `${key}\u20E3`);
	for (let first = 0x1f1e6; first <= 0x1f1ff; first++) for (let second = 0x1f1e6; second <= 0x1f1ff; second++) candidates.push(String.fromCodePoint(first, second));
	candidates.push('👨‍👩‍👧', '🏳️‍🌈', '🧑🏽‍💻', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '❤️‍🔥');
	return candidates;
}

const emojis = rgiCandidates().filter(candidate => rgiEmoji.test(candidate));

test('every RGI emoji holds a character the cheap test finds', () => {
	// About 2,300 of the set's 3,900 (the rest are ZWJ sequences of these): enough to mean something.
	expect(emojis.length).toBeGreaterThan(2000);
	expect(emojis.filter(emoji => !mayBeEmoji.test(emoji))).toEqual([]);
});

const singleCharacters = new RegExp(singleCharactersSource as string);
const graphemes = new Intl.Segmenter();
const graphemeCount = (text: string) => [...graphemes.segment(text)].length;

test('every character the edit splits by code point is a grapheme of its own beside any other of them', () => {
	const taken: string[] = [];
	for (let point = 0; point <= 0x10ffff; point++) {
		if (point >= 0xd800 && point <= 0xdfff) continue;
		const character = String.fromCodePoint(point);
		if (singleCharacters.test(character)) taken.push(character);
	}
	// Grapheme breaks are decided pair by pair: a character that joins neither 'a' on either side
	// nor itself has none of the joining kinds (extend, spacing mark, prepend, Hangul jamo,
	// regional indicator, CR), and characters without them never join one another.
	const joining = taken.filter(character => graphemeCount(`a${character}a`) !== 3 || graphemeCount(character + character) !== 2 || graphemeCount(`${character}\n`) !== 2);
	expect(taken.length).toBe(3686);
	expect(joining).toEqual([]);
	// And mixed at random, as frames mix them: one grapheme per code point, every time.
	let seed = 7;
	const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
	for (let round = 0; round < 2000; round++) {
		const text = Array.from({length: 1 + (next() % 24)}, () => taken[next() % taken.length]!).join('');
		expect(graphemeCount(text)).toBe([...text].length);
	}
	// What it leaves to the segmenter: combining marks, joiners, variation selectors, CJK, emoji.
	for (const text of ['a\u0301', 'x\u200Dy', '\u2764\uFE0F', 'ビルド', '한글', '\u1100\u1161', '🐳', 'a\r\nb']) expect(singleCharacters.test(text), text).toBe(false);
});

test('the characters every frame holds skip the emoji test', () => {
	for (const character of ['…', '●', '·', '─', '╭', '│', '✓', '✗', '↑', '↓']) expect(mayBeEmoji.test(character), character).toBe(false);
});

let workDir = '';
let editedWidth: typeof stringWidth;

beforeAll(async () => {
	workDir = mkdtempSync(path.join(os.tmpdir(), 'dsw-string-width-'));
	const entry = path.join(workDir, 'entry.mjs');
	const outfile = path.join(workDir, 'edited.mjs');
	writeFileSync(entry, "export {default} from 'string-width';\n");
	await build({entryPoints: [entry], outfile, bundle: true, format: 'esm', platform: 'node', nodePaths: [path.resolve('node_modules')], plugins: [stringWidthEmojiGuard], logLevel: 'silent'});
	const edited = readFileSync(outfile, 'utf8');
	expect(edited).toContain('mayBeEmojiRegex.test(segment) && rgiEmojiRegex.test(segment)');
	// The big expression and the segmenter are made on first use, not when the module loads.
	expect(edited).toContain('rgiEmojiBuilt ??= /^\\p{RGI_Emoji}$/v');
	expect(edited).toContain('segmenterBuilt ??= new Intl.Segmenter()');
	expect(edited).toContain('singleCharactersRegex.test(string) ? Array.from(string');
	expect(edited).not.toContain('rgiEmojiRegex = /^\\p{RGI_Emoji}$/v');
	editedWidth = ((await import(pathToFileURL(outfile).href)) as {default: typeof stringWidth}).default;
});

afterAll(() => rmSync(workDir, {recursive: true, force: true}));

test('string-width as bundled measures every emoji, and a spread of other text, as string-width does', () => {
	const samples = [...emojis, 'web:2.1.0 … ● 1.98MB', 'ビルド', 'a\u0301', '한글', '\u1100\u1161', 'ｶﾞ', '⚠ ✓ ✗', '\u200B', 'x\uFE0Fy', '╭─ é · ½ ™ → ⌘ ▲ ░ ✓ ⏎ ─╮', '\u00AD\u2011\u2026\u20AC\u2122'];
	// Every character the edit splits by code point, alone and in runs.
	for (let point = 0xa0; point <= 0x2bff; point++) {
		const character = String.fromCodePoint(point);
		if (singleCharacters.test(character)) samples.push(character, `${character}x${character}`);
	}
	for (let point = 0xa0; point <= 0x10ffff; point += 37) if (point < 0xd800 || point > 0xdfff) samples.push(String.fromCodePoint(point));
	const differ = samples.filter(sample => editedWidth(sample) !== stringWidth(sample));
	expect(differ).toEqual([]);
	// Wide emoji stay wide: the edit did not turn the emoji test off.
	expect(editedWidth('🐳')).toBe(2);
	expect(editedWidth('👨‍👩‍👧')).toBe(2);
}, 60_000);
