import {afterEach, beforeAll, describe, expect, test} from 'vitest';
import {docker, seedSandbox, startTui, waitFor, type Tui} from './harness';

let tui: Tui | null = null;
beforeAll(seedSandbox);
afterEach(async () => {
	await tui?.stop();
	tui = null;
});

const imageId = (reference: string) => docker('image', 'inspect', '--format', '{{.Id}}', reference);
const exists = (reference: string) =>
	imageId(reference).then(
		() => true,
		() => false,
	);
const allReferences = async () => (await docker('images', '-a', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}')).split('\n').sort().join('\n');

async function open(rows = 36): Promise<Tui> {
	tui = await startTui({columns: 120, rows});
	await tui.waitForText(/app\s+1\.3\.0/);
	return tui;
}

describe('tag dialog', () => {
	test('tagging a dangling image by its ID creates the reference', async () => {
		const dangling = (await docker('images', '--filter', 'dangling=true', '--no-trunc', '--format', '{{.ID}}')).split('\n')[0]!;
		const session = await open();
		await session.filterTo('<none>');
		await session.keys('t');
		await session.waitForText(`Tag ${dangling.replace('sha256:', '').slice(0, 12)}`);
		await session.type('rescued');
		await session.keys('Tab');
		await session.type('1.0.0');
		await session.waitForText('→ rescued:1.0.0');
		await session.keys('Enter');
		await session.waitForText('1 done · 0 failed');
		expect(await imageId('rescued:1.0.0')).toBe(dangling);
	});

	test('tagging app:1.3.0 proposes 1.3.1, 1.4.0 and 2.0.0; the chosen one exists afterwards', async () => {
		const session = await open();
		await session.filterTo('^app:1.3.0');
		await session.keys('t');
		const dialog = await session.waitForText('suggestions');
		expect(dialog).toMatch(/1\.3\.1 patch · 1\.4\.0 minor · 2\.0\.0 major/);
		await session.keys('Down');
		await session.waitForText('→ app:1.4.0');
		await session.keys('Enter');
		await session.waitForText('1 done · 0 failed');
		expect(await imageId('app:1.4.0')).toBe(await imageId('app:1.3.0'));
		await docker('rmi', 'app:1.4.0');
	});

	test('Bad:Tag!! is refused with a message and the engine is unchanged', async () => {
		const before = await allReferences();
		const session = await open();
		await session.filterTo('app:1.1.0');
		await session.keys('t', 'Tab', 'C-u');
		await session.type('Bad');
		await session.keys('Tab', 'C-u');
		await session.type('Tag!!');
		const screen = await session.waitForText(/tag {9}Tag!!/);
		expect(screen).toMatch(/✗ .*(lowercase|tag may only)/);
		await session.keys('Enter');
		await session.waitForText('Cannot tag:');
		await session.waitForText('Nothing was changed');
		await session.keys('Escape');
		await session.waitForNoText('Tag app:1.1.0');
		expect(await allReferences()).toBe(before);
	});

	test('choosing latest shows which version it hides; n leaves it where it was', async () => {
		const latestBefore = await imageId('app:latest');
		const session = await open();
		await session.filterTo('app:1.1.0');
		await session.keys('t', 'C-u');
		await session.type('latest');
		const warning = await session.waitForText(/tag {9}latest█[\s\S]*⚠/);
		expect(warning).toMatch(/latest now points at 1\.3\.0 \([0-9a-f]{12}\)/);
		await session.keys('Enter');
		await session.waitForText('This changes where an existing tag points');
		// The confirm opens with focus on Cancel: Enter goes back to the fields and changes nothing.
		await session.keys('Enter');
		await session.waitForText('Enter tag');
		await session.keys('Enter');
		await session.waitForText('This changes where an existing tag points');
		await session.keys('n');
		await session.waitForText('Enter tag');
		await session.keys('Escape');
		expect(await imageId('app:latest')).toBe(latestBefore);
	});

	test('untagging one of two references keeps the image', async () => {
		const id = await imageId('app:1.3.0');
		const session = await open();
		await session.filterTo('app:latest');
		await session.keys('U');
		const plan = await session.waitForText('Untag app:latest');
		expect(plan).toMatch(/untag\s+app:latest\s+image stays as .*app:1\.3\.0/);
		await session.keys('y');
		await session.waitForText('1 done · 0 failed');
		expect(await exists('app:latest')).toBe(false);
		expect(await imageId('app:1.3.0')).toBe(id);
		await docker('tag', 'app:1.3.0', 'app:latest');
	});
});

test('tag several: marked images go into a registry namespace keeping their tags, previewed first', async () => {
	const registry = process.env.DOCKSWAB_REGISTRY!;
	const session = await open();
	for (const reference of ['^app:1.0.0', '^app:1.1.0']) {
		await session.filterTo(reference);
		await session.keys('Space', 'Escape');
		await session.waitForNoText(`filter: ${reference}`);
	}
	await session.waitForText('2 marked');
	await session.keys('t');
	await session.waitForText('Tag 2 images into a namespace');
	await session.type(`${registry}/team`);
	const preview = await session.waitForText(`app:1.1.0 → ${registry}/team/app:1.1.0`);
	expect(preview).toContain(`app:1.0.0 → ${registry}/team/app:1.0.0`);
	await session.keys('Enter');
	await session.waitForText('2 done · 0 failed');
	expect(await imageId(`${registry}/team/app:1.0.0`)).toBe(await imageId('app:1.0.0'));
	expect(await imageId(`${registry}/team/app:1.1.0`)).toBe(await imageId('app:1.1.0'));
});

describe('versions view and floating tags', () => {
	test('moving stable from 1.2.0 to 1.3.0 and back, showing old → new first', async () => {
		await docker('tag', 'app:1.2.0', 'app:stable');
		const [id120, id130] = [await imageId('app:1.2.0'), await imageId('app:1.3.0')];
		const short = (id: string) => id.replace('sha256:', '').slice(0, 12);
		const session = await open();
		await session.filterTo('^app:1.3.0');
		await session.keys('t', 'C-u');
		await session.type('stable');
		const move = await session.waitForText('moves stable');
		expect(move).toContain(`moves stable: 1.2.0 (${short(id120)}) → 1.3.0 (${short(id130)})`);
		await session.keys('Enter');
		await session.waitForText('This changes where an existing tag points');
		await session.keys('y');
		await session.waitForText('1 done · 0 failed');
		expect(await imageId('app:stable')).toBe(id130);
		await session.keys('Enter', 'Escape');

		// Back to 1.2.0 from the versions view: the row for app 1.2.0, then t.
		await session.keys('v');
		// The view follows the engine's events: the move shows once the re-list after the tag event is in.
		const view = await session.waitForText(/1\.3\.0\s+[0-9a-f]{12} ← latest, stable/);
		expect(view).toContain('Versions by repository');
		let screen = view;
		for (let step = 0; step < 12 && sectionOfCursor(screen) !== 'app'; step++) {
			const before = screen;
			await session.keys('j');
			screen = await waitFor(async () => {
				const now = await session.screen();
				return now !== before ? now : null;
			}, 'the cursor to move');
		}
		expect(sectionOfCursor(screen)).toBe('app');
		await session.keys('t', 'C-u');
		await session.type('stable');
		await session.waitForText(`moves stable: 1.3.0 (${short(id130)}) → 1.2.0 (${short(id120)})`);
		await session.keys('Enter');
		await session.waitForText('This changes where an existing tag points');
		await session.keys('y');
		await session.waitForText('1 done · 0 failed');
		expect(await imageId('app:stable')).toBe(id120);
	});

	test('the versions view shows which containers run which version', async () => {
		// Tall enough for every repository the earlier tests added: the view scrolls otherwise.
		const session = await open(70);
		await session.keys('v');
		// Waits for the whole view: a capture may fall between two writes of a frame.
		const view = await session.waitForText(/2\.1\.0\s+[0-9a-f]{12}\s+web-1 \(running\)/);
		expect(view).toContain('Versions by repository');
		expect(view).toMatch(/0\.9\.0\s+[0-9a-f]{12}\s+worker-old-1 \(stopped\), worker-old-2 \(stopped\)/);
	});
});

/** The repository header above the cursor line "› 1.2.0" in the versions view. */
function sectionOfCursor(screen: string): string | null {
	const lines = screen.split('\n');
	const at = lines.findIndex(line => /› 1\.2\.0/.test(line));
	for (let index = at; index >= 0; index--) {
		const header = /│ (\S+) {2}\(\d+ versions?\)/.exec(lines[index]!);
		if (header) return header[1]!;
	}
	return null;
}
