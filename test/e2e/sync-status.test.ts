// Local and remote side by side, end to end on the sandbox: sync markers follow the registry
// (asked again after a push from outside dockswab, without a key press), and the removal plan
// says which images a pull brings back. The registry HTTP API and the docker CLI are the oracles.
import {execFile} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {promisify} from 'node:util';
import {afterEach, beforeAll, describe, expect, test} from 'vitest';
import {docker, imageStore, sandboxEnv, seedSandbox, startTui, type Tui} from './harness';

const run = promisify(execFile);

let tui: Tui | null = null;
beforeAll(seedSandbox);
afterEach(async () => {
	await tui?.stop();
	tui = null;
});

const registry = () => sandboxEnv().DOCKSWAB_REGISTRY!;
const credentials = () => `${sandboxEnv().DOCKSWAB_REGISTRY_USER!}:${readFileSync(sandboxEnv().DOCKSWAB_REGISTRY_PASSWORD_FILE!, 'utf8').trim()}`;
const accept =
	'application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json';

/** The registry's digest for repository:tag (HEAD with the full Accept list), or null for a 404. */
async function registryDigest(repository: string, tag: string): Promise<string | null> {
	const {stdout} = await run('curl', ['-sI', '--noproxy', '*', '-u', credentials(), '-H', `Accept: ${accept}`, `http://${registry()}/v2/${repository}/manifests/${tag}`]);
	if (/^HTTP\/\S+ 404/m.test(stdout)) return null;
	const digest = /^docker-content-digest:\s*(\S+)/im.exec(stdout)?.[1];
	if (!digest) throw new Error(`no digest for ${repository}:${tag}: ${stdout}`);
	return digest;
}

const repoDigests = async (reference: string) => JSON.parse(await docker('image', 'inspect', '--format', '{{json .RepoDigests}}', reference)) as string[];
const imageId = (reference: string) => docker('image', 'inspect', '--format', '{{.Id}}', reference);
const shortId = (id: string) => id.replace('sha256:', '').slice(0, 12);

/** The marker cell of a repository:tag row: between the tag and the image ID. */
function markerOf(screen: string, repository: string, tag: string): string | undefined {
	for (const line of screen.split('\n')) {
		const cells = line.trim().replace(/^● /, '').split(/\s+/);
		if (cells[0] === repository && cells[1] === tag) return /^[0-9a-f]{12}$/.test(cells[2] ?? '') ? ' ' : cells[2];
	}
	return undefined;
}

async function waitForMarker(session: Tui, repository: string, tag: string, marker: string, timeoutMs = 15_000): Promise<string> {
	return session.waitForText(new RegExp(`${repository.replace(/[.]/g, '\\.')}\\s+${tag.replace(/[.]/g, '\\.')}\\s+${marker.replace('?', '\\?')}\\s+[0-9a-f]{12}`), timeoutMs);
}

async function open(): Promise<Tui> {
	tui = await startTui({columns: 120, rows: 40});
	await tui.waitForText(/app\s+1\.3\.0/);
	return tui;
}

describe('sync markers', () => {
	test('a pushed tag is in sync, a tag never pushed is not pushed, a reference without a registry has no marker', async () => {
		const reg = registry();
		await docker('tag', 'app:1.0.0', `${reg}/app:never`);
		try {
			expect(await registryDigest('app', 'never')).toBeNull();
			const pushed = await registryDigest('app', '1.3.0');
			expect(await repoDigests(`${reg}/app:1.3.0`)).toContain(`${reg}/app@${pushed}`);
			const session = await open();
			await waitForMarker(session, `${reg}/app`, '1.3.0', '✓');
			await waitForMarker(session, `${reg}/app`, '1.2.0', '✓');
			const screen = await waitForMarker(session, `${reg}/app`, 'never', '↑');
			expect(markerOf(screen, 'app', '1.3.0')).toBe(' ');
			expect(markerOf(screen, 'web', '2.1.0')).toBe(' ');
			// In full in the details view.
			await session.filterTo(`${reg}/app:1.3.0`);
			await session.keys('Enter');
			await session.waitForText(`${reg}/app:1.3.0  in sync (${pushed})`);
		} finally {
			await docker('rmi', `${reg}/app:never`);
		}
	});

	test('a push of another image under the same tag from outside dockswab turns the marker to outdated, without a key press', async () => {
		const reg = registry();
		// A repository of this test's own: the seed's app tags stay as they are.
		const scratch = `${reg}/sync-scratch`;
		await docker('tag', 'app:1.1.0', `${scratch}:1`);
		await docker('push', '-q', `${scratch}:1`);
		try {
			const session = await open();
			await waitForMarker(session, scratch, '1', '✓');
			const ours = await imageId(`${scratch}:1`);
			// From outside: another image pushed under the tag, then the local tag put back on ours.
			await docker('tag', 'app:1.0.0', `${scratch}:1`);
			await docker('push', '-q', `${scratch}:1`);
			await docker('tag', 'app:1.1.0', `${scratch}:1`);
			const remote = await registryDigest('sync-scratch', '1');
			expect(await imageId(`${scratch}:1`)).toBe(ours);
			expect(await repoDigests(`${scratch}:1`)).not.toContain(`${scratch}@${remote}`);
			// The registry now holds app:1.0.0: on the containerd store its manifest digest is its ID.
			if (imageStore() === 'containerd') expect(remote).toBe(await imageId('app:1.0.0'));
			else expect(await repoDigests('app:1.0.0')).toContain(`${scratch}@${remote}`);
			// The row is ours again (the re-list after the re-tag) and outdated against the registry.
			await session.waitForText(new RegExp(`${scratch.replace(/[.]/g, '\\.')}\\s+1\\s+≠\\s+${shortId(ours)}`), 15_000);
			// Pushing ours again puts it back in sync, again without a key press.
			await docker('push', '-q', `${scratch}:1`);
			await waitForMarker(session, scratch, '1', '✓');
		} finally {
			await docker('rmi', `${scratch}:1`);
		}
	});
});

async function plan(...args: string[]): Promise<string> {
	const {stdout} = await run('node', ['dist/cli.js', 'plan', ...args], {env: sandboxEnv()});
	return stdout;
}

describe('recoverable deletes', () => {
	test('dockswab plan: recoverable for a pushed image, not for one never pushed; the same in JSON', async () => {
		const reg = registry();
		const text = await plan('app:1.2.0', `${reg}/app:1.2.0`, 'web:2.0.0');
		expect(text).toMatch(new RegExp(`delete\\s+${reg}/app:1\\.2\\.0\\s+frees \\S+; recoverable from ${reg}/app:1\\.2\\.0`));
		expect(text).toMatch(/delete\s+web:2\.0\.0\s+frees \S+; not in any registry/);
		expect(text).toContain('2 images deleted · 3 tags removed · 0 containers removed');
		expect(text).toContain('1 recoverable · 1 not in any registry');
		const json = JSON.parse(await plan('--json', 'app:1.2.0', `${reg}/app:1.2.0`, 'web:2.0.0')) as {
			engines: {items: {label: string; action: string; recoverable?: string | null}[]; totals: {recoverable: number; notInRegistry: number; recoveryUnknown: number}}[];
		};
		const [engine] = json.engines;
		const deletes = Object.fromEntries(engine!.items.filter(item => item.action === 'delete').map(item => [item.label, item.recoverable]));
		expect(deletes).toEqual({[`${reg}/app:1.2.0`]: `${reg}/app:1.2.0`, 'web:2.0.0': null});
		expect(engine!.totals).toMatchObject({recoverable: 1, notInRegistry: 1, recoveryUnknown: 0});
	});

	test('dockswab plan says unknown, not "not in any registry", when the registry cannot be asked', async () => {
		// Nothing listens on port 1 of loopback: the registry that reference names cannot be asked.
		await docker('tag', 'web:2.0.0', '127.0.0.1:1/web:2.0.0');
		try {
			const text = await plan('web:2.0.0', '127.0.0.1:1/web:2.0.0');
			expect(text).toMatch(/frees \S+; recoverable: unknown \(could not ask the registry of 127\.0\.0\.1:1\/web:2\.0\.0\)/);
			expect(text).toContain('0 recoverable · 0 not in any registry · 1 unknown');
		} finally {
			await docker('rmi', '127.0.0.1:1/web:2.0.0');
		}
	});

	test('the delete dialog says recoverable; after the delete, docker pull brings back the same image ID', async () => {
		const reg = registry();
		const id = await imageId('app:1.2.0');
		expect(await imageId(`${reg}/app:1.2.0`)).toBe(id);
		const session = await open();
		await waitForMarker(session, `${reg}/app`, '1.2.0', '✓');
		for (const reference of ['^app:1.2.0', `^${reg}/app:1.2.0`]) {
			await session.filterTo(reference);
			await session.keys('Space', 'Escape');
			await session.waitForNoText(`filter: ${reference}`);
		}
		await session.waitForText('2 marked');
		await session.keys('d');
		// The dialog's last line, waited for: a screen read while the frame is being written can hold its top half only.
		const dialog = await session.waitForText('1 recoverable · 0 not in any registry');
		expect(dialog).toContain('Delete 2 references');
		expect(dialog).toMatch(new RegExp(`delete\\s+\\S+\\s+frees \\S+; recoverable from ${reg}/app:1\\.2\\.0`));
		await session.keys('y');
		await session.waitForText('2 done · 0 failed');
		await expect(imageId('app:1.2.0')).rejects.toThrow();
		await expect(imageId(`${reg}/app:1.2.0`)).rejects.toThrow();
		await docker('pull', '-q', `${reg}/app:1.2.0`);
		expect(await imageId(`${reg}/app:1.2.0`)).toBe(id);
		await docker('tag', `${reg}/app:1.2.0`, 'app:1.2.0');
	});
});
