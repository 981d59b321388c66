// An edit to string-width 8's index.js, made when dist/cli.js is bundled (as ink-output.mjs edits
// Ink). string-width tests every non-ASCII grapheme it measures (a '…', a '●', a box line: every
// frame has some) against /^\p{RGI_Emoji}$/v, a set of about 3,900 emoji sequences. V8 compiles
// that test to about 0.7 MiB of machine code, kept for the whole session, although dockswab's own
// text rarely holds an emoji. Every RGI emoji holds an Extended_Pictographic or Emoji_Presentation
// character, U+FE0F or a keycap's U+20E3, so the big test now runs only on graphemes that hold one
// of those; test/unit/string-width-emoji.test.ts checks that against every emoji of the set. The
// build fails when string-width's text no longer holds the line this edit replaces.
import {readFile} from 'node:fs/promises';
import {dirname, join} from 'node:path';

/** What every RGI emoji holds; the cheap test that comes first. */
export const mayBeEmojiSource = '[\\p{Extended_Pictographic}\\p{Emoji_Presentation}\\uFE0F\\u20E3]';

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
			if (!source.includes(probe) || !source.includes(eager)) throw new Error(`string-width ${version} changed: its emoji test no longer matches; revisit scripts/string-width-emoji.mjs`);
			return {contents: `${source.replace(probe, guarded).replace(eager, () => lazy)}\nconst mayBeEmojiRegex = /${mayBeEmojiSource}/u;\n`, loader: 'js'};
		});
	},
};
