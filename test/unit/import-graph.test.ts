// The folders of source/ depend one way (readme "How it is built"): ui → state, services, view →
// engine, registry → domain. This reads every import and export-from of every source file and
// names each arrow that goes against that direction, type-only imports included: a type a lower
// folder needs lives in domain/ (domain/types.ts, domain/registry-types.ts). No file reaches itself
// through its imports, type-only ones included. No service imports state/flows: a service runs a
// job on the values it is given and reports what it found; dialogs, effects and reports are the flows'.
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {dirname, join, relative} from 'node:path';
import {describe, expect, test} from 'vitest';

type Arrow = {readonly from: string; readonly to: string};

/** The folders each folder may import; folders not named here (ui, commands, start, terminal…) are not held. */
const allowed: Readonly<Record<string, readonly string[]>> = {
	domain: ['domain'],
	view: ['view', 'domain'],
	state: ['state', 'domain'],
	services: ['services', 'state', 'engine', 'registry', 'domain', 'source'],
	engine: ['engine', 'domain', 'source'],
	registry: ['registry', 'domain', 'source'],
};

/** `import … from`, `export … from`, `import '…'` and `import('…')` with a relative specifier. */
const importPattern = /\b(?:import|export)\s+(?:type\s+)?(?:(?:\{[^}]*\}|[\w*\s,{}]+?)\s+from\s+)?'(\.{1,2}\/[^']+)'|\bimport\(\s*'(\.{1,2}\/[^']+)'\s*\)/g;

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap(entry => (entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(dir, entry.name)] : []));
}

function resolveSpecifier(file: string, specifier: string): string {
	const base = join(dirname(file), specifier);
	const found = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'].map(ending => base + ending).find(candidate => /\.tsx?$/.test(candidate) && existsSync(candidate));
	if (!found) throw new Error(`${file} imports ${specifier}, which is no source file`);
	return found;
}

function importsOf(file: string, text: string): Arrow[] {
	return [...text.matchAll(importPattern)].map(([, specifier, dynamicSpecifier]) => ({from: file, to: resolveSpecifier(file, (specifier ?? dynamicSpecifier)!)}));
}

/** `source/state/flows/open.ts` → `state`; a file directly in source/ → `source`. */
function folderOf(file: string): string {
	const parts = relative('source', file).split('/');
	return parts.length > 1 ? parts[0]! : 'source';
}

const arrowName = (arrow: Arrow) => `${arrow.from} → ${arrow.to}`;

/** A service runs a job on the values it is given and reports what it found: it knows no dialog, so no flow. */
const intoFlows = (arrows: readonly Arrow[]): Arrow[] => arrows.filter(arrow => folderOf(arrow.from) === 'services' && relative(join('source', 'state', 'flows'), arrow.to).split('/')[0] !== '..');

function againstDirection(arrows: readonly Arrow[]): Arrow[] {
	return arrows.filter(arrow => {
		const may = allowed[folderOf(arrow.from)];
		return may !== undefined && !may.includes(folderOf(arrow.to));
	});
}

/**
 * Each import cycle among the files, type-only imports included, as the files around it from its
 * first file (in sorted order) back to that file; one cycle per strongly connected group.
 */
function cycles(arrows: readonly Arrow[]): string[][] {
	const next = new Map<string, string[]>();
	for (const {from, to} of arrows) next.set(from, [...(next.get(from) ?? []), to]);
	const found: string[][] = [];
	const settled = new Set<string>();
	for (const start of [...next.keys()].sort()) {
		if (settled.has(start)) continue;
		// A walk from `start` that comes back to it: the cycle through start, if any.
		const path: string[] = [];
		const visited = new Set<string>();
		const walk = (file: string): boolean => {
			path.push(file);
			visited.add(file);
			for (const target of next.get(file) ?? []) {
				if (target === start) return true;
				if (!visited.has(target) && !settled.has(target) && walk(target)) return true;
			}
			path.pop();
			return false;
		};
		if (walk(start)) {
			found.push([...path, start]);
			for (const file of path) settled.add(file);
		}
		settled.add(start);
	}
	return found;
}

const sourceArrows = sourceFiles('source').flatMap(file => importsOf(file, readFileSync(file, 'utf8')));

describe('the import graph', () => {
	test('reads value, type-only, export-from and dynamic imports', () => {
		const text = [
			"import {a, type B} from '../domain/format';",
			"import type {C} from '../state/types';",
			"import {type D,\n\ttype E} from '../engine/errors';",
			"export {f} from './plan-text';",
			"const g = await import('../ui/app');",
		].join('\n');
		expect(importsOf('source/view/x.ts', text).map(arrow => arrow.to)).toEqual([
			'source/domain/format.ts',
			'source/state/types.ts',
			'source/engine/errors.ts',
			'source/view/plan-text.ts',
			'source/ui/app.tsx',
		]);
	});

	test('names an arrow against the direction', () => {
		const arrows: Arrow[] = [
			{from: 'source/domain/removal-plan.ts', to: 'source/view/plan-text.ts'},
			{from: 'source/view/plan-text.ts', to: 'source/domain/format.ts'},
			{from: 'source/state/reducer.ts', to: 'source/view/fit.ts'},
			{from: 'source/services/image-jobs.ts', to: 'source/view/build-cache-text.ts'},
			{from: 'source/engine/lists.ts', to: 'source/state/types.ts'},
			{from: 'source/ui/app.tsx', to: 'source/services/session.ts'},
		];
		expect(againstDirection(arrows).map(arrowName)).toEqual([
			'source/domain/removal-plan.ts → source/view/plan-text.ts',
			'source/state/reducer.ts → source/view/fit.ts',
			'source/services/image-jobs.ts → source/view/build-cache-text.ts',
			'source/engine/lists.ts → source/state/types.ts',
		]);
	});

	test('every import of domain, view, state, services, engine and registry goes down', () => {
		expect(againstDirection(sourceArrows).map(arrowName)).toEqual([]);
	});

	test('names an import of a flow by a service, and only that', () => {
		const arrows: Arrow[] = [
			{from: 'source/services/registries.ts', to: 'source/state/flows/registries-types.ts'},
			{from: 'source/services/registries.ts', to: 'source/state/types.ts'},
			{from: 'source/services/release.ts', to: 'source/state/flows-notes.ts'},
			{from: 'source/ui/app.tsx', to: 'source/state/flows/index.ts'},
		];
		expect(intoFlows(arrows).map(arrowName)).toEqual(['source/services/registries.ts → source/state/flows/registries-types.ts']);
	});

	test('no service imports a flow (dialogs, their effects or reports)', () => {
		expect(intoFlows(sourceArrows).map(arrowName)).toEqual([]);
	});

	test('names an import cycle, type-only imports included, once', () => {
		const arrows: Arrow[] = [
			{from: 'source/state/types.ts', to: 'source/state/flows/delete-types.ts'},
			{from: 'source/state/flows/delete-types.ts', to: 'source/state/step-result.ts'},
			{from: 'source/state/step-result.ts', to: 'source/state/types.ts'},
			{from: 'source/state/flows/delete.ts', to: 'source/state/types.ts'},
			{from: 'source/view/fit.ts', to: 'source/domain/format.ts'},
		];
		expect(cycles(arrows)).toEqual([['source/state/flows/delete-types.ts', 'source/state/step-result.ts', 'source/state/types.ts', 'source/state/flows/delete-types.ts']]);
		expect(cycles(arrows.slice(1))).toEqual([]);
	});

	test('no source file reaches itself through its imports', () => {
		expect(cycles(sourceArrows)).toEqual([]);
	});

	test('the source files do import across folders (the reader finds them)', () => {
		expect(sourceArrows.some(arrow => arrow.from === join('source', 'view', 'image-cells.ts') && arrow.to === join('source', 'domain', 'usage.ts'))).toBe(true);
	});
});
