// Edits to Ink's build/output.js (Ink 6.8), made when dist/cli.js is bundled. Each edit names the
// exact text it replaces, and the build fails when Ink's file no longer holds it: an Ink upgrade
// must revisit them (source/terminal/README.md). test/unit/ink-output.test.ts holds the edited
// Output to Ink's own, frame for frame.
//
// 1. Ink caches the parsed (tokenised, styled) form of each line, but in a cache it makes anew for
//    every frame, so each keystroke re-parses the whole screen: about a third of a frame's time at
//    160x48. The cache now lives across frames, emptied when it grows past a few screens' worth.
// 2. Ink's Output.get() builds the whole screen as a grid of cell objects (7,680 at 160x48), writes
//    each line into it cell by cell and turns every row back into text: with the garbage
//    collections those allocations cause, the largest part of a frame's time. Most rows of a
//    screen are one Text written at one column; such a row's text is its line's cells turned back
//    into text (cached per line) after that many spaces, which is what the grid gives for it. Rows
//    written more than once (side by side, or overlapping) still go through a grid, one row long.
import {readFile} from 'node:fs/promises';

const cacheEdits = [
	['caches = new OutputCaches();', 'caches = sharedCaches;'],
	['export default class Output {', 'const sharedCaches = new OutputCaches();\nexport default class Output {'],
	['        let cached = this.styledChars.get(line);', '        if (this.styledChars.size > 4000) this.styledChars.clear();\n        let cached = this.styledChars.get(line);'],
	['        let cached = this.widths.get(text);', '        if (this.widths.size > 8000) this.widths.clear();\n        let cached = this.widths.get(text);'],
	['        let cached = this.blockWidths.get(text);', '        if (this.blockWidths.size > 4000) this.blockWidths.clear();\n        let cached = this.blockWidths.get(text);'],
	[
		'    getStyledChars(line) {',
		`    lineTexts = new Map();
    getLineText(line) {
        if (this.lineTexts.size > 4000) this.lineTexts.clear();
        let cached = this.lineTexts.get(line);
        if (cached === undefined) {
            cached = styledCharsToString(this.getStyledChars(line));
            this.lineTexts.set(line, cached);
        }
        return cached;
    }
    getStyledChars(line) {`,
	],
];

// Ink's grid: rows initialised, then every write placed into them. Replaced by rows of writes.
const gridStart = `        const output = [];
        for (let y = 0; y < this.height; y++) {
            const row = [];
            for (let x = 0; x < this.width; x++) {
                row.push({
                    type: 'char',
                    value: ' ',
                    fullWidth: false,
                    styles: [],
                });
            }
            output.push(row);
        }`;
const gridStartEdited = `        const output = [];
        for (let y = 0; y < this.height; y++) {
            output.push([]);
        }`;

// Where a line lands in its row: kept as a write, placed in a grid only when the row needs one.
const placeLine = `                    for (const transformer of transformers) {
                        line = transformer(line, index);
                    }
                    const characters = this.caches.getStyledChars(line);
                    let offsetX = x;
                    for (const character of characters) {`;
const placeLineEdited = `                    for (const transformer of transformers) {
                        line = transformer(line, index);
                    }
                    currentLine.push({ x, line });
                    offsetY++;
                }
            }
        }
        const generatedOutput = output
            .map(writes => {
            if (writes.length === 0) {
                return '';
            }
            const [first] = writes;
            if (writes.length === 1 && Number.isInteger(first.x) && first.x >= 0 && first.x <= this.width) {
                return (' '.repeat(first.x) + this.caches.getLineText(first.line)).trimEnd();
            }
            const currentLine = [];
            for (let x = 0; x < this.width; x++) {
                currentLine.push({
                    type: 'char',
                    value: ' ',
                    fullWidth: false,
                    styles: [],
                });
            }
            for (const { x, line } of writes) {
                    const characters = this.caches.getStyledChars(line);
                    let offsetX = x;
                    for (const character of characters) {`;

// The end of Ink's placing loop and its serialisation of the grid: now the end of one row's grid.
const gridEnd = `                        offsetX += characterWidth;
                    }
                    offsetY++;
                }
            }
        }
        const generatedOutput = output
            .map(line => {
            // See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742
            const lineWithoutEmptyItems = line.filter(item => item !== undefined);
            return styledCharsToString(lineWithoutEmptyItems).trimEnd();
        })
            .join('\\n');`;
const gridEndEdited = `                        offsetX += characterWidth;
                    }
            }
            // See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742
            const lineWithoutEmptyItems = currentLine.filter(item => item !== undefined);
            return styledCharsToString(lineWithoutEmptyItems).trimEnd();
        })
            .join('\\n');`;

const rowEdits = [
	[gridStart, gridStartEdited],
	[placeLine, placeLineEdited],
	[gridEnd, gridEndEdited],
];

/** Ink's output.js with both edits; throws when Ink's text is not what they expect. */
export function editInkOutput(source) {
	let edited = source;
	for (const [from, to] of [...cacheEdits, ...rowEdits]) {
		if (!edited.includes(from)) throw new Error(`ink changed: "${from.trim().split('\n')[0]}" not found in output.js; revisit scripts/ink-output.mjs`);
		edited = edited.replace(from, to);
	}
	return edited;
}

/** The esbuild plugin that bundles the edited output.js in place of Ink's. */
export const inkOutputEdits = {
	name: 'ink-output-edits',
	setup(builder) {
		builder.onLoad({filter: /ink[\\/]build[\\/]output\.js$/}, async ({path}) => ({contents: editInkOutput(await readFile(path, 'utf8')), loader: 'js'}));
	},
};
