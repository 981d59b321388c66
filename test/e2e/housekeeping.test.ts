import {afterEach, beforeAll, describe, expect, test} from 'vitest';
import {docker, seedSandbox, startTui, waitFor, type Tui} from './harness';

let tui: Tui | null = null;

// This file deletes seeded images: it starts from a fresh scene so the order of files does not matter.
beforeAll(seedSandbox);

afterEach(async () => {
	await tui?.stop();
	tui = null;
});

const exists = async (reference: string) =>
	docker('image', 'inspect', '--format', '{{.Id}}', reference).then(
		() => true,
		() => false,
	);
const containerNames = async (...args: string[]) => (await docker('ps', '-a', '--format', '{{.Names}}', ...args)).split('\n').filter(Boolean).sort();
const engineState = async () => {
	const images = (await docker('images', '-a', '--no-trunc', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}')).split('\n').sort();
	return [...images, ...(await containerNames())].join('\n');
};

/** Marks one row by filtering down to it, as a user would with many images. */
async function markReference(session: Tui, reference: string) {
	await session.filterTo(reference);
	await session.keys('Space');
	await session.keys('Escape');
	await session.waitForNoText(`filter: ${reference}`);
}

async function open(columns = 120, rows = 40): Promise<Tui> {
	tui = await startTui({columns, rows});
	await tui.waitForText(/app\s+1\.3\.0/);
	return tui;
}

describe('delete with a plan', () => {
	test('cancel at the plan changes nothing', async () => {
		const before = await engineState();
		const session = await open();
		await markReference(session, 'app:1.1.0');
		await session.keys('d');
		await session.waitForText('Delete 1 reference');
		await session.keys('n');
		await session.waitForNoText('Delete 1 reference');
		expect(await engineState()).toBe(before);
	});

	test('a filtered mark-all deletes only the matching rows', async () => {
		for (const tag of ['bulk-a:1', 'bulk-a:2', 'bulk-b:1']) await docker('tag', 'app:1.0.0', tag);
		const session = await open();
		await session.waitForText('bulk-b');
		await session.keys('/');
		await session.type('bulk-a');
		await session.waitForText('/bulk-a');
		await session.keys('Enter', '*');
		await session.waitForText('2 marked');
		await session.keys('d');
		await session.waitForText('Delete 2 references');
		await session.keys('y');
		await session.waitForText('2 done · 0 failed');
		expect(await exists('bulk-a:1')).toBe(false);
		expect(await exists('bulk-a:2')).toBe(false);
		expect(await exists('bulk-b:1')).toBe(true);
		expect(await exists('app:1.0.0')).toBe(true);
		await docker('rmi', 'bulk-b:1');
	});

	test('keep the newest 2 versions keeps 1.10.0 and 1.3.0', async () => {
		const sources: Record<string, string> = {'1.0.0': 'app:1.0.0', '1.1.0': 'app:1.1.0', '1.2.0': 'app:1.2.0', '1.3.0': 'app:1.3.0', '1.10.0': 'web:2.0.0'};
		for (const [version, source] of Object.entries(sources)) await docker('tag', source, `keeptest:${version}`);
		const session = await open();
		await session.waitForText('keeptest');
		await session.keys('/');
		await session.type('keeptest');
		await session.waitForText('/keeptest');
		await session.keys('Enter', 'h');
		await session.waitForText('Housekeeping');
		await session.keys('3', 'Enter');
		const plan = await session.waitForText(/untag\s+keeptest/);
		expect(plan).not.toContain('Housekeeping');
		expect(plan).toMatch(/untag\s+keeptest:1\.0\.0/);
		expect(plan).not.toContain('keeptest:1.10.0');
		await session.keys('y');
		await session.waitForText('3 done · 0 failed');
		const left = (await docker('images', 'keeptest', '--format', '{{.Tag}}')).split('\n').sort();
		expect(left).toEqual(['1.10.0', '1.3.0']);
		await docker('rmi', 'keeptest:1.10.0', 'keeptest:1.3.0');
	});
});

describe('dependency view', () => {
	test('lists exactly the containers the engine reports for an image', async () => {
		const session = await open();
		for (const reference of ['worker:0.9.0', 'web:2.1.0']) {
			await session.keys('/');
			await session.type(reference);
			await session.waitForText(`/${reference}`);
			await session.keys('Enter', 'Enter');
			const screen = await session.waitForText('Layer history');
			const id = await docker('image', 'inspect', '--format', '{{.Id}}', reference);
			const engineNames = await containerNames('--filter', `ancestor=${id}`);
			const section = screen.slice(screen.indexOf('Containers ('), screen.indexOf('Child images'));
			const shown = [...section.matchAll(/│\s+(\S+)\s+(running|exited|created)/g)].map(match => match[1]).sort();
			expect(shown).toEqual(engineNames);
			expect(section).toContain(`Containers (${engineNames.length})`);
			await session.keys('Escape');
			await session.waitForNoText('Layer history');
			await session.keys('Escape');
		}
	});

	test('a parent image shows its child, and the child its parent chain', async () => {
		const session = await open();
		await session.keys('/');
		await session.type('base/runtime');
		await session.waitForText('/base/runtime');
		await session.keys('Enter', 'Enter');
		const screen = await session.waitForText(/Layer history[\s\S]*(ADD|COPY|LABEL|import)/);
		// The engine's own record of children: images whose Parent is this one.
		const id = await docker('image', 'inspect', '--format', '{{.Id}}', 'base/runtime:1.0');
		const all = (await docker('images', '-aq', '--no-trunc')).split('\n');
		const parents = (await docker('image', 'inspect', '--format', '{{.Parent}}', ...all)).split('\n');
		const children = parents.filter(parent => parent === id).length;
		expect(children).toBeGreaterThan(0);
		expect(screen).toContain(`Child images (${children})`);
		expect(screen).toContain('leads to base/service:1.0');
	});
});

describe('the five mixed marks of the seeds', () => {
	test('the plan names every blocker, and the engine afterwards equals the plan', async () => {
		const runningId = await docker('image', 'inspect', '--format', '{{.Id}}', 'web:2.1.0');
		const session = await open(120, 40);
		for (const reference of ['app:1.0.0', 'app:latest', 'worker:0.9.0', 'web:2.1.0', 'base/runtime:1.0']) await markReference(session, reference);
		await session.waitForText('5 marked');
		await session.keys('d');
		const plan = await session.waitForText('Delete 5 references');
		expect(plan).toMatch(/delete\s+app:1\.0\.0/);
		expect(plan).toMatch(/untag\s+app:latest\s+image stays as .*app:1\.3\.0/);
		expect(plan).toMatch(/blocked\s+web:2\.1\.0\s+running container web-1: stop it first/);
		expect(plan).toMatch(/blocked\s+worker:0\.9\.0\s+stopped containers worker-old-1, worker-old-2/);
		expect(plan).toMatch(/untag\s+base\/runtime:1\.0\s+image stays: parent of base\/service:1\.0/);
		await session.keys('c');
		const withContainers = await session.waitForText('remove stopped containers first: ON');
		expect(withContainers).toMatch(/delete\s+worker:0\.9\.0\s+frees .* removes stopped worker-old-1, worker-old-2 first/);
		await session.keys('y');
		const done = await session.waitForText(/\d+ done · 0 failed · 1 skipped/);
		expect(done).toMatch(/- web:2\.1\.0\s+not touched/);
		await waitFor(async () => !(await exists('app:1.0.0')), 'app:1.0.0 to be gone');
		expect(await exists('app:latest')).toBe(false);
		expect(await exists('app:1.3.0')).toBe(true);
		expect(await exists('worker:0.9.0')).toBe(false);
		expect(await containerNames()).toEqual(['web-1']);
		expect(await docker('inspect', '--format', '{{.State.Running}}', 'web-1')).toBe('true');
		expect(await docker('image', 'inspect', '--format', '{{.Id}}', 'web:2.1.0')).toBe(runningId);
		expect(await exists('base/runtime:1.0')).toBe(false);
		expect(await exists('base/service:1.0')).toBe(true);
	});
});
