// dist/cli.js bundles Ink's Output with two edits (scripts/ink-output.mjs): its line cache lives
// across frames, and rows written once skip the cell grid. The edited Output must give exactly
// the frames Ink's own gives, for any mix of styles, wide characters, offsets, overlaps, clips and
// transformers. Both are fed the same seeded random frames.
import {mkdtempSync, rmSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {Chalk} from 'chalk';
import {build} from 'esbuild';
import {afterAll, beforeAll, expect, test} from 'vitest';
// @ts-expect-error: a plain .mjs build script without types
import {editInkOutput, inkOutputEdits} from '../../scripts/ink-output.mjs';

type Clip = {x1?: number; x2?: number; y1?: number; y2?: number};
type OutputInstance = {
	write(x: number, y: number, text: string, options: {transformers: ((line: string, index: number) => string)[]}): void;
	clip(clip: Clip): void;
	unclip(): void;
	get(): {output: string; height: number};
};
type OutputClass = new (options: {width: number; height: number}) => OutputInstance;

const inkOutputFile = path.resolve('node_modules/ink/build/output.js');
let workDir = '';
let InkOutput: OutputClass;
let EditedOutput: OutputClass;

beforeAll(async () => {
	workDir = mkdtempSync(path.join(os.tmpdir(), 'dsw-ink-output-'));
	const bundled = (file: string, plugins: Parameters<typeof build>[0]['plugins']) =>
		build({entryPoints: [inkOutputFile], outfile: path.join(workDir, file), bundle: true, format: 'esm', platform: 'node', plugins, logLevel: 'silent'});
	await bundled('ink.mjs', []);
	await bundled('edited.mjs', [inkOutputEdits]);
	InkOutput = ((await import(pathToFileURL(path.join(workDir, 'ink.mjs')).href)) as {default: OutputClass}).default;
	EditedOutput = ((await import(pathToFileURL(path.join(workDir, 'edited.mjs')).href)) as {default: OutputClass}).default;
});

afterAll(() => rmSync(workDir, {recursive: true, force: true}));

/** A small seeded generator (mulberry32): the same frames on every run. */
function random(seed: number) {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {int: (low: number, high: number) => low + Math.floor(next() * (high - low + 1)), pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!};
}

const chalk = new Chalk({level: 3});
const styles = [
	(text: string) => text,
	chalk.bold,
	chalk.dim,
	chalk.inverse,
	chalk.red,
	chalk.cyan,
	chalk.bgBlue,
	(text: string) => chalk.bold(chalk.inverse(text)),
	(text: string) => chalk.dim(chalk.green(text)),
];
const pieces = ['app', ' ', 'web:1.0.0', '4b1e0c6f8a2d', '日本', '🐳', 'e\u0301', '…', '·', '   ', 'sha256:29daa4ee', '-'];

type Operation = {kind: 'write'; x: number; y: number; text: string; transform: boolean} | {kind: 'clip'; clip: Clip} | {kind: 'unclip'};

function frame(rng: ReturnType<typeof random>, width: number, height: number): Operation[] {
	const operations: Operation[] = [];
	let clips = 0;
	for (let count = rng.int(0, 14); count > 0; count--) {
		const roll = rng.int(0, 9);
		if (roll === 0) {
			operations.push({
				kind: 'clip',
				clip: rng.pick([
					{x1: rng.int(0, 5), x2: rng.int(5, width)},
					{y1: rng.int(0, 2), y2: rng.int(2, height)},
					{x1: 2, x2: width - 3, y1: 1, y2: height - 1},
				]),
			});
			clips++;
			continue;
		}
		if (roll === 1 && clips > 0) {
			operations.push({kind: 'unclip'});
			clips--;
			continue;
		}
		const lines = Array.from({length: rng.int(1, 3)}, () => Array.from({length: rng.int(0, 6)}, () => rng.pick(styles)(rng.pick(pieces))).join(''));
		// Most rows of a real screen are one Text at column 0 or 2, inside the screen.
		const x = rng.pick([0, 0, 2, rng.int(-2, width + 2)]);
		operations.push({kind: 'write', x, y: rng.int(-1, height), text: lines.join('\n'), transform: rng.int(0, 4) === 0});
	}
	return operations;
}

function render(Output: OutputClass, width: number, height: number, operations: readonly Operation[]) {
	const output = new Output({width, height});
	for (const operation of operations) {
		if (operation.kind === 'clip') output.clip(operation.clip);
		else if (operation.kind === 'unclip') output.unclip();
		else output.write(operation.x, operation.y, operation.text, {transformers: operation.transform ? [(line, index) => (index === 0 ? chalk.yellow(line) : line.toUpperCase())] : []});
	}
	return output.get();
}

test('the edited Output draws every frame exactly as Ink draws it', () => {
	const rng = random(0x5eed);
	let singleWriteRows = 0;
	for (let index = 0; index < 600; index++) {
		const width = rng.int(8, 60);
		const height = rng.int(1, 10);
		const operations = frame(rng, width, height);
		const ink = render(InkOutput, width, height, operations);
		const edited = render(EditedOutput, width, height, operations);
		// The frame's recipe is named only when it differs (building it for every frame is slow).
		if (edited.output !== ink.output || edited.height !== ink.height) expect(edited, JSON.stringify({width, height, operations})).toEqual(ink);
		singleWriteRows += operations.filter(operation => operation.kind === 'write' && !operation.text.includes('\n')).length;
	}
	// The fast path (one write in a row) and the grid were both taken many times.
	expect(singleWriteRows).toBeGreaterThan(300);
}, 60_000);

test('a screen redrawn frame after frame (caches kept across frames) stays exact', () => {
	const rows = Array.from({length: 46}, (_, index) => `  app/svc-${index}   1.0.${index}   ${(index * 7919).toString(16).padStart(12, '0')}   3d   12.3MB -`);
	for (let cursor = 0; cursor < 46; cursor++) {
		const operations: Operation[] = [
			{kind: 'write', x: 0, y: 0, text: `${chalk.bold.cyan('dockswab ')}unix:///run/docker.sock · Docker 26.1.5${chalk.green(' ● live')}`, transform: false},
			...['1 Images 46', '2 Containers 3', '3 Registries 1'].map((tab, index): Operation => ({
				kind: 'write',
				x: index * 16,
				y: 1,
				text: index === 0 ? chalk.bold.inverse(tab) : tab,
				transform: false,
			})),
			...rows.map((row, index): Operation => ({kind: 'write', x: 0, y: index + 2, text: index === cursor ? chalk.inverse(row) : row, transform: false})),
		];
		expect(render(EditedOutput, 160, 48, operations)).toEqual(render(InkOutput, 160, 48, operations));
	}
});

test('an Ink whose output.js no longer holds the edited text fails the build with the edit named', async () => {
	const source = await readFile(inkOutputFile, 'utf8');
	expect(() => editInkOutput(source)).not.toThrow();
	expect(() => editInkOutput(source.replace("type: 'char',", "kind: 'char',"))).toThrow(/ink changed: .* not found in output\.js/);
});
