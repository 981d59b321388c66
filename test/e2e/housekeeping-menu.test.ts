// The housekeeping menu's two image entries carried out on the sandbox engine; the docker CLI is
// the oracle. Each test starts from the seeded scene (a seed runs only when the scene changed).
import {afterEach, beforeEach, expect, test} from 'vitest';
import {docker, seedSandbox, startTui, type Tui} from './harness';

let tui: Tui | null = null;

beforeEach(seedSandbox);
afterEach(async () => {
	await tui?.stop();
	tui = null;
});

const lines = (text: string) => text.split('\n').filter(Boolean);
const danglingIds = async () => lines(await docker('images', '--filter', 'dangling=true', '--no-trunc', '--format', '{{.ID}}'));
/** Image IDs that some container, running or not, was created from. */
const usedIds = async () => {
	const containers = lines(await docker('ps', '-a', '--format', '{{.ID}}'));
	return new Set(containers.length === 0 ? [] : lines(await docker('inspect', '--format', '{{.Image}}', ...containers)));
};
const taggedIds = async () => new Set(lines(await docker('images', '--no-trunc', '--format', '{{.ID}}')));

async function openMenuEntry(entry: string, title: RegExp): Promise<Tui> {
	tui = await startTui({columns: 120, rows: 40});
	await tui.waitForText(/app\s+1\.3\.0/);
	await tui.keys('h');
	await tui.waitForText('Housekeeping');
	await tui.keys(entry);
	await tui.waitForText(title);
	await tui.keys('Enter');
	return tui;
}

test('prune dangling: the plan lists every dangling image by ID, y deletes them and nothing else', async () => {
	const dangling = await danglingIds();
	expect(dangling.length).toBeGreaterThan(0);
	const tagged = await taggedIds();
	const session = await openMenuEntry('1', /› 1\s+Prune dangling images/);
	const planned = await session.waitForText(/Delete \(\d+ steps?\)\s+Cancel/);
	for (const id of dangling) expect(planned).toContain(id.replace('sha256:', '').slice(0, 12));
	await session.keys('y');
	await session.waitForText(/\d+ done · 0 failed/);
	expect(await danglingIds()).toEqual([]);
	// Every tagged image is still there.
	const after = await taggedIds();
	for (const id of tagged) if (!dangling.includes(id)) expect(after.has(id)).toBe(true);
});

test('remove all unused: every image no container uses goes, every image a container uses stays', async () => {
	const used = await usedIds();
	expect(used.size).toBeGreaterThan(0);
	const unusedBefore = [...(await taggedIds())].filter(id => !used.has(id));
	expect(unusedBefore.length).toBeGreaterThan(0);
	const session = await openMenuEntry('2', /› 2\s+Remove all unused images/);
	await session.waitForText(/Delete \(\d+ steps?\)\s+Cancel/);
	await session.keys('y');
	// Any outcome ends the wait, so a failed step shows the screen that names it.
	const done = await session.waitForText(/\d+ done · \d+ failed/, 50_000);
	expect(done).toMatch(/\d+ done · 0 failed/);
	const remaining = await taggedIds();
	for (const id of unusedBefore) expect(remaining.has(id)).toBe(false);
	for (const id of used) expect((await docker('image', 'inspect', '--format', '{{.Id}}', id)).length).toBeGreaterThan(0);
	expect(await danglingIds()).toEqual([]);
});
