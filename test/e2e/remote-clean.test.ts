// Remote clean-up in the TUI: delete tags from a registry through a plan, keep the newest N
// versions, a registry with deletes disabled. The registry API (tags/list) is the oracle.
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {afterEach, beforeAll, describe, expect, onTestFinished, test} from 'vitest';
import {sandboxEnv, seedSandbox, startTui, waitFor, type Tui} from './harness';
import {loggedIn, pushTags, remoteDigest, remoteTags} from './registry-helpers';
import {tempDir} from '../fixtures/temp-dir';
import {shortId} from '../../source/domain/format';

const run = promisify(execFile);

let tui: Tui | null = null;
beforeAll(seedSandbox);
afterEach(async () => {
	await tui?.stop();
	tui = null;
});

const env = () => sandboxEnv();

async function openTags(config: string, registry: string, repository: string): Promise<Tui> {
	tui = await startTui({columns: 140, rows: 34, env: {DOCKER_CONFIG: config}});
	await tui.waitForText('app');
	await tui.keys('3');
	await tui.filterTo(registry);
	await tui.keys('Enter');
	await tui.waitForText(/│ \d+ repositor(?:y|ies)\s+│/);
	await tui.keys('/');
	await tui.type(repository);
	await tui.keys('Enter');
	await tui.waitForText(`› ${repository}`);
	await tui.keys('Enter');
	await tui.waitForText(/│ \d+ tags?\s+│/);
	return tui;
}

/** Moves the tag list's cursor to `tag`, one j or k at a time, each waited for on screen. */
async function cursorTo(session: Tui, tag: string): Promise<void> {
	const rowOf = (screen: string, pattern: RegExp) => screen.split('\n').findIndex(line => pattern.test(line));
	const target = new RegExp(`^│ [› ][ *] ${tag.replaceAll('.', '\\.')}\\s`);
	let screen = await session.waitForText(/│ \d+ tags?\s+│/);
	for (let step = 0; step < 30; step++) {
		const cursor = rowOf(screen, /^│ ›/);
		const wanted = rowOf(screen, target);
		if (wanted < 0) throw new Error(`no row for ${tag}`);
		if (cursor === wanted) return;
		const before = screen;
		await session.keys(cursor < wanted ? 'j' : 'k');
		screen = await waitFor(async () => {
			const now = await session.screen();
			return now !== before ? now : null;
		}, 'the cursor to move');
	}
	throw new Error(`the cursor did not reach ${tag}`);
}

describe('remote tag delete', () => {
	test('a digest shared with an unmarked tag is blocked; marking both deletes exactly those; cancel changes nothing', async () => {
		const registry = env().DOCKSWAB_TOKEN_REGISTRY!;
		const {config, docker} = await loggedIn(registry);
		await pushTags(docker, registry, 'rmtest', {one: ['1.0.0'], two: ['1.1.0', 'latest']});
		expect(await remoteTags(registry, 'rmtest')).toEqual(['1.0.0', '1.1.0', 'latest']);
		const session = await openTags(config, registry, 'rmtest');
		await cursorTo(session, '1.1.0');
		await session.keys('d');
		const blocked = await session.waitForText(/Nothing to do\s+Cancel|Delete \d+ digests?\s+Cancel/);
		expect(blocked).toMatch(/latest/);
		expect(blocked).toContain('Nothing to do');
		await session.keys('Escape');
		await session.waitForText(/│ \d+ tags?\s+│/);
		// Mark 1.1.0 and latest, plan, cancel: nothing changes.
		await cursorTo(session, '1.1.0');
		await session.keys('Space');
		await cursorTo(session, 'latest');
		await session.keys('Space');
		await session.keys('d');
		const plan = await session.waitForText(/Delete 1 digest\s+Cancel/);
		expect(plan).toMatch(/1\.1\.0/);
		expect(plan).toMatch(/latest/);
		await session.keys('n');
		await session.waitForText(/│ \d+ tags?\s+│/);
		expect(await remoteTags(registry, 'rmtest')).toEqual(['1.0.0', '1.1.0', 'latest']);
		// Again, and confirm: exactly those two go.
		await session.keys('d');
		await session.waitForText(/Delete 1 digest\s+Cancel/);
		await session.keys('y');
		await session.waitForText(/1 done · 0 failed/);
		expect(await remoteTags(registry, 'rmtest')).toEqual(['1.0.0']);
	});

	test('a registry with deletes disabled says so and nothing is removed', async () => {
		const registry = env().DOCKSWAB_NODELETE_REGISTRY!;
		const config = tempDir('dsw-rm-');
		// A local reference names the registry, so the registries pane lists it.
		await run('docker', ['tag', 'busybox:sandbox', `${registry}/local:1`], {env: env()});
		onTestFinished(() => run('docker', ['rmi', `${registry}/local:1`], {env: env()}).then(() => undefined));
		const session = await openTags(config, registry, 'app');
		await cursorTo(session, '1.3.0');
		await session.keys('Space');
		await cursorTo(session, 'latest');
		await session.keys('Space');
		await session.keys('d');
		await session.waitForText(/Delete 1 digest\s+Cancel/);
		await session.keys('y');
		const refused = await session.waitForText(/0 done · 1 failed/);
		expect(refused).toMatch(/does not allow deletes/);
		expect(await remoteTags(registry, 'app')).toEqual(expect.arrayContaining(['1.3.0', 'latest']));
	});
});

describe('a tag moved after the list was read', () => {
	test("latest moved onto 1.0.0's digest: d + y on 1.0.0 deletes nothing and shows the new plan naming latest", async () => {
		const registry = env().DOCKSWAB_TOKEN_REGISTRY!;
		const {config, docker} = await loggedIn(registry);
		await pushTags(docker, registry, 'movetest', {one: ['1.0.0'], two: ['1.1.0', 'latest']});
		const first = await remoteDigest(registry, 'movetest', '1.0.0');
		const listedLatest = await remoteDigest(registry, 'movetest', 'latest');
		expect(listedLatest).not.toBe(first);
		const session = await openTags(config, registry, 'movetest');
		await session.waitForText(new RegExp(`latest\\s+${shortId(listedLatest)}`));

		// Someone else moves latest onto 1.0.0; the list is opened again, from the session's cache.
		await docker('tag', `${registry}/movetest:1.0.0`, `${registry}/movetest:latest`);
		await docker('push', '-q', `${registry}/movetest:latest`);
		expect(await remoteDigest(registry, 'movetest', 'latest')).toBe(first);
		await session.keys('Escape');
		await session.waitForText(/│ \d+ repositor(?:y|ies)\s+│/);
		await session.keys('Enter');
		const reopened = await session.waitForText(/│ 3 tags\s+│/);
		expect(reopened).toMatch(new RegExp(`latest\\s+${shortId(listedLatest)}`));

		await cursorTo(session, '1.0.0');
		await session.keys('d');
		expect(await session.waitForText(/Delete 1 digest\s+Cancel/)).toContain('movetest: 1 digest deleted · 1 tag removed');
		await session.keys('y');
		// Either the new plan, or (as before the fix) the results of a delete that ran.
		const after = await session.waitForText(/The registry changed since its tags were read|\d+ done · \d+ failed/);
		expect(await remoteTags(registry, 'movetest')).toEqual(['1.0.0', '1.1.0', 'latest']);
		expect(await remoteDigest(registry, 'movetest', 'latest')).toBe(first);
		expect(after).toContain('The registry changed since its tags were read');
		expect(after).toMatch(/1\.0\.0, latest — latest shares this digest/);
		expect(after).toContain('movetest: 0 digests deleted · 0 tags removed · 1 blocked');
		expect(after).toMatch(/Nothing to do\s+Cancel/);
	});
});

describe('remote keep the newest N', () => {
	test('keeps the newest 2 versions by semver, latest and dev; a protected tag survives', async () => {
		const registry = env().DOCKSWAB_TOKEN_REGISTRY!;
		const {config, docker} = await loggedIn(registry);
		await pushTags(docker, registry, 'keepremote', {v090: ['0.9.0'], v100: ['1.0.0'], v120: ['1.2.0'], v190: ['1.9.0'], v1100: ['1.10.0', 'latest'], dev: ['dev']});
		const session = await openTags(config, registry, 'keepremote');
		await session.keys('h');
		await session.waitForText('Keep the newest versions of keepremote');
		await session.keys('-');
		await session.waitForText('keep the newest 2 versions');
		await session.keys('C-u');
		await session.type('1.0.*');
		await session.keys('Enter');
		await session.waitForText(/Delete 2 digests\s+Cancel/);
		await session.keys('y');
		await session.waitForText(/2 done · 0 failed/);
		expect(await remoteTags(registry, 'keepremote')).toEqual(['1.0.0', '1.10.0', '1.9.0', 'dev', 'latest']);
	});
});
