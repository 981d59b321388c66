// Every string Ink draws goes through source/ui/components/text.tsx, which shows control and
// bidi characters as escapes: no other module may draw with Ink's own Text.
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {expect, test} from 'vitest';

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap(entry => (entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(dir, entry.name)] : []));
}

test("only the screen-text component imports Ink's Text", () => {
	const importsInkText = /import\s*\{[^}]*\bText\b[^}]*\}\s*from\s*'ink'/;
	const offenders = [...sourceFiles('source'), 'cli.tsx'].filter(file => importsInkText.test(readFileSync(file, 'utf8')));
	expect(offenders).toEqual([join('source', 'ui', 'components', 'text.tsx')]);
});
