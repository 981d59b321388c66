// Edits to string-width 8's index.js, made when dist/cli.js is bundled (as ink-output.mjs edits
// Ink). The build fails when string-width's text no longer holds a line an edit replaces;
// test/unit/string-width-emoji.test.ts holds the edited string-width to the original.
//
// 1. string-width tests every non-ASCII grapheme it measures (a '…', a '●', a box line: every
//    frame has some) against /^\p{RGI_Emoji}$/v, a set of about 3,900 emoji sequences. V8
//    compiles that test to about 0.7 MiB of machine code, kept for the whole session, although
//    dockswab's own text rarely holds an emoji. Every RGI emoji holds an Extended_Pictographic or
//    Emoji_Presentation character, U+FE0F or a keycap's U+20E3, so the big test now runs only on
//    graphemes that hold one of those (the test checks that against every emoji of the set), and
//    the expression is built the first time it is needed: building it cost every start ~10 ms.
// 2. Its Intl.Segmenter was made when the module loaded (~9 ms: ICU's break rules), which the
//    first frame waited for, and then split every non-ASCII string into graphemes. A string made
//    only of characters that never join a neighbour into one grapheme (the test checks each one
//    against Intl.Segmenter) is split by code point instead; the segmenter is made on first use.
import {readFile} from 'node:fs/promises';
import {dirname, join} from 'node:path';

/** What every RGI emoji holds; the cheap test that comes first. */
export const mayBeEmojiSource = '[\\p{Extended_Pictographic}\\p{Emoji_Presentation}\\uFE0F\\u20E3]';

/**
 * Characters that are each a grapheme of their own beside any other of them: printable ASCII,
 * Latin-1 to the spacing modifiers, general punctuation without the zero-width and direction
 * controls, super- and subscripts and currency signs, and U+2100-U+2BFF (letterlike symbols,
 * arrows, technical and geometric shapes, box drawing, dingbats).
 */
export const singleCharactersSource = '^[\\u0020-\\u007E\\u00A0-\\u02FF\\u2010-\\u2027\\u2030-\\u205E\\u2070-\\u20CF\\u2100-\\u2BFF]*$';

const eagerSegmenter = 'const segmenter = new Intl.Segmenter();';
const lazySegmenter = 'let segmenterBuilt; const segmenter = {segment: text => (segmenterBuilt ??= new Intl.Segmenter()).segment(text)};';
const segmentLoop = 'for (const {segment} of segmenter.segment(string)) {';
const splitLoop = 'for (const {segment} of (singleCharactersRegex.test(string) ? Array.from(string, character => ({segment: character})) : segmenter.segment(string))) {';

const probe = 'if (rgiEmojiRegex.test(segment) ||';
const guarded = 'if ((mayBeEmojiRegex.test(segment) && rgiEmojiRegex.test(segment)) ||';
// Building that expression is as dear as testing it (~20 ms at every start, a --version too, and
// ~0.6 MiB of RSS): it is built the first time the cheap test lets a grapheme through.
const eager = 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;';
const lazy = 'let rgiEmojiBuilt; const rgiEmojiRegex = {test: text => (rgiEmojiBuilt ??= /^\\p{RGI_Emoji}$/v).test(text)};';

export const stringWidthEmojiGuard = {
	name: 'string-width-emoji-guard',
	setup(builder) {
		builder.onLoad({filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/}, async ({path}) => {
			const {version} = JSON.parse(await readFile(join(dirname(path), 'package.json'), 'utf8'));
			// Older copies some dependencies keep (7.x, under wrap-ansi) have no such test.
			if (Number(version.split('.')[0]) < 8) return undefined;
			const source = await readFile(path, 'utf8');
			for (const text of [probe, eager, eagerSegmenter, segmentLoop]) {
				if (!source.includes(text)) throw new Error(`string-width ${version} changed: it no longer holds "${text}"; revisit scripts/string-width-emoji.mjs`);
			}
			const edited = source
				.replace(probe, guarded)
				.replace(eager, () => lazy)
				.replace(eagerSegmenter, () => lazySegmenter)
				.replace(segmentLoop, () => splitLoop);
			return {contents: `${edited}\nconst mayBeEmojiRegex = /${mayBeEmojiSource}/u;\nconst singleCharactersRegex = /${singleCharactersSource}/;\n`, loader: 'js'};
		});
	},
};
