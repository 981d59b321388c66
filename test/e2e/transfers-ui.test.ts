// Push, pull, build and release from the TUI against the sandbox engine and registry; the
// registry API and the docker CLI are the oracles.
import {execFile} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterEach, beforeAll, describe, expect, test} from 'vitest';
import {docker, sandboxEnv, seedSandbox, startTui, waitFor, type Tui} from './harness';
import {startThrottledRelay, type ThrottledRelay} from './throttled-relay';
import {tempDir} from '../fixtures/temp-dir';

const run = promisify(execFile);

let tui: Tui | null = null;
let relay: ThrottledRelay | null = null;
beforeAll(seedSandbox);
afterEach(async () => {
	await tui?.stop();
	tui = null;
	await relay?.close();
	relay = null;
});

const env = () => sandboxEnv();
/** The registry keeps what earlier runs pushed: each run pushes to repositories of its own. */
const runId = Date.now().toString(36);
const registry = () => env().DOCKSWAB_REGISTRY!;
const password = () => readFileSync(env().DOCKSWAB_REGISTRY_PASSWORD_FILE!, 'utf8').trim();

/** A registry's digest for a tag (HEAD with the full Accept list), or null when it has none. */
async function remoteDigest(repository: string, tag: string, host = registry()): Promise<string | null> {
	const accept =
		'application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json';
	const {stdout} = await run('curl', ['-sI', '-u', `${env().DOCKSWAB_REGISTRY_USER}:${password()}`, '-H', `Accept: ${accept}`, `http://${host}/v2/${repository}/manifests/${tag}`]);
	if (!/^HTTP\/\S+ 200/.test(stdout)) return null;
	return /docker-content-digest: (\S+)/i.exec(stdout)?.[1] ?? null;
}

async function open(extraEnv: Record<string, string> = {}): Promise<Tui> {
	tui = await startTui({columns: 120, rows: 32, env: extraEnv});
	await tui.waitForText('app');
	return tui;
}

describe('push', () => {
	test('p pushes the tag under the cursor; the registry holds it with the digest dockswab shows', async () => {
		const reference = `${registry()}/ui-push-${runId}:1`;
		await docker('tag', 'app:1.0.0', reference);
		expect(await remoteDigest(`ui-push-${runId}`, '1')).toBeNull();
		const session = await open();
		await session.filterTo(`^${reference}`);
		await session.keys('p');
		const done = await session.waitForText(/done · (sha256:[0-9a-f]{64})/);
		const shown = /done · (sha256:[0-9a-f]{64})/.exec(done)![1];
		expect(await remoteDigest(`ui-push-${runId}`, '1')).toBe(shown);
	});

	test('with a wrong stored password: the auth error, the login dialog, nothing pushed; after logging in the push is retried', async () => {
		const config = tempDir('dsw-push-');
		writeFileSync(join(config, 'config.json'), JSON.stringify({auths: {[registry()]: {auth: Buffer.from(`${env().DOCKSWAB_REGISTRY_USER}:wrong`).toString('base64')}}}), {mode: 0o600});
		const reference = `${registry()}/ui-auth-${runId}:1`;
		await docker('tag', 'app:1.0.0', reference);
		const session = await open({DOCKER_CONFIG: config});
		await session.filterTo(`^${reference}`);
		await session.keys('p');
		const login = await session.waitForText(`Log in to ${registry()}`);
		expect(login).toMatch(/Log in to push/);
		expect(await remoteDigest(`ui-auth-${runId}`, '1')).toBeNull();
		await session.type(env().DOCKSWAB_REGISTRY_USER!);
		await session.keys('Enter');
		await session.type(password());
		await session.waitForText('•'.repeat(password().length));
		await session.keys('Enter');
		// A successful login goes straight on to the push it interrupted.
		const done = await session.waitForText(/push .*ui-auth-\w+:1[\s\S]*done · (sha256:[0-9a-f]{64})/, 20_000);
		expect(await remoteDigest(`ui-auth-${runId}`, '1')).toBe(/done · (sha256:[0-9a-f]{64})/.exec(done)![1]);
	});

	test('cancelling a push of random data midway: the tag is not in the registry and dockswab goes on', async () => {
		// Through a relay that passes 2 MB a second: the 16 MB layer takes seconds to upload, so the
		// cancel (three round trips through tmux) always lands while the push is still running.
		const target = env().DOCKSWAB_NODELETE_REGISTRY!;
		relay = await startThrottledRelay(target, 2_000_000);
		const context = tempDir('dsw-big-');
		await run('sh', ['-c', `head -c 16000000 /dev/urandom > "${context}/blob"`]);
		writeFileSync(join(context, 'Dockerfile'), 'FROM busybox:sandbox\nCOPY blob /blob\n');
		const reference = `${relay.address}/ui-cancel-${runId}:1`;
		await docker('build', '-q', '-t', reference, context);
		const session = await open({DOCKSWAB_REGISTRY_TIMEOUT: '30'});
		await session.filterTo(`^${reference}`);
		await session.keys('p');
		await session.waitForText(/push .*ui-cancel-\w+:1/);
		const under = relay;
		await waitFor(() => under.uploaded() > 1_000_000, 'the upload to be under way', 30_000);
		await session.keys('Escape');
		await session.waitForText(/Cancel the push\s+Cancel/);
		await session.keys('y');
		await session.waitForText(/cancelled/);
		expect(relay.uploaded()).toBeLessThan(16_000_000);
		expect(await remoteDigest(`ui-cancel-${runId}`, '1', target)).toBeNull();
		// Still answering keys.
		await session.keys('Enter');
		await session.keys('?');
		await session.waitForText('Esc or ? closes this help.');
	});
});

describe('pull', () => {
	test('a deleted image is pulled back from the UI with the same image ID', async () => {
		const reference = `${registry()}/app:1.2.0`;
		const before = await docker('image', 'inspect', '--format', '{{.Id}}', reference);
		await docker('rmi', reference);
		const session = await open();
		await session.keys('P');
		await session.waitForText('Pull an image');
		await session.type(reference);
		// Enter counts only once the dialog with the typed reference is on screen.
		await session.waitForText(`${reference}█`);
		await session.keys('Enter');
		await session.waitForText(/done · sha256:/);
		expect(await docker('image', 'inspect', '--format', '{{.Id}}', reference)).toBe(before);
	});

	test('a pull runs and finishes while a push is under way, and the cursor moves meanwhile', async () => {
		// Through a relay that passes 1 MB a second, the 24 MB layer keeps the push running for
		// tens of seconds: everything below happens while it is under way, whatever the load.
		const target = env().DOCKSWAB_NODELETE_REGISTRY!;
		relay = await startThrottledRelay(target, 1_000_000);
		const context = tempDir('dsw-both-');
		await run('sh', ['-c', `head -c 24000000 /dev/urandom > "${context}/blob"`]);
		writeFileSync(join(context, 'Dockerfile'), 'FROM busybox:sandbox\nCOPY blob /blob\n');
		const pushing = `${relay.address}/ui-both-${runId}:1`;
		await docker('build', '-q', '-t', pushing, context);
		const pulling = `${registry()}/app:1.3.0`;
		await docker('rmi', pulling);
		const session = await open();
		await session.filterTo(`^${pushing}`);
		await session.keys('p');
		await session.waitForText(/push .*ui-both-\w+:1/);
		await session.keys('Enter');
		await session.keys('Escape');
		const uploading = relay;
		await waitFor(() => uploading.uploaded() > 1_000_000, 'the push to be uploading', 30_000);
		await session.keys('P');
		await session.waitForText('Pull an image');
		await session.type(pulling);
		await session.waitForText(`${pulling}█`);
		await session.keys('Enter');
		await session.waitForText(/pull .*app:1\.3\.0/);
		await session.keys('Enter');
		await waitFor(async () => (await docker('image', 'inspect', '--format', '{{.Id}}', pulling).catch(() => '')) !== '', 'the pull to finish', 20_000);
		await session.keys('O');
		const operations = await session.waitForText(/done\s+pull .*app:1\.3\.0/);
		expect(operations).toMatch(/running\s+push .*ui-both-\w+:1/);
		await session.keys('Escape');
		await session.waitForNoText('Operations, newest first');
		// With the push still running, the images pane follows j j k: the cursor is on the second row.
		await session.filterTo('^app:1');
		const rows = (await session.screen()).split('\n').filter(line => /^ {2}app\s+1\.\d/.test(line));
		expect(rows.length).toBeGreaterThan(2);
		await session.keys('j', 'j', 'k', 'Space');
		const marked = (await session.waitForText(/^● /m)).split('\n').find(line => line.startsWith('● '));
		expect(marked?.slice(2).trim()).toBe(rows[1]!.trim());
		expect(relay.uploaded()).toBeLessThan(24_000_000);
		expect(await remoteDigest(`ui-both-${runId}`, '1', target)).toBeNull();
		await session.keys('O');
		expect(await session.waitForText('Operations, newest first')).toMatch(/running\s+push .*ui-both-\w+:1/);
	});

	test("Tab after `repository:` offers the registry's tags, the next Tabs cycle through those matching a typed prefix, Enter pulls the one shown", async () => {
		const repository = `pull-tab-${runId}`;
		const sources = {'1.0.0': 'app:1.2.0', '1.1.0': 'app:1.1.0', '2.0.0': 'app:1.3.0'} as const;
		for (const [tag, source] of Object.entries(sources)) {
			await docker('tag', source, `${registry()}/${repository}:${tag}`);
			await docker('push', '-q', `${registry()}/${repository}:${tag}`);
			await docker('rmi', `${registry()}/${repository}:${tag}`);
		}
		const {stdout} = await run('curl', ['-s', '-u', `${env().DOCKSWAB_REGISTRY_USER}:${password()}`, `http://${registry()}/v2/${repository}/tags/list`]);
		const registryTags = (JSON.parse(stdout) as {tags: string[]}).tags;
		const session = await open();
		await session.keys('P');
		await session.waitForText('Pull an image');
		const typed = `${registry()}/${repository}:`;
		await session.type(typed);
		await session.waitForText(`${typed}█`);
		await session.keys('Tab');
		const hint = /tags \(Tab\): (.*?)\s*│/;
		const offered = hint.exec(await session.waitForText('tags (Tab): '))![1]!.split(' · ');
		expect([...offered].sort()).toEqual([...registryTags].sort());
		// As a shell completes: after `1.` only the 1.x tags, in the registry's order, and Tab
		// cycles through those alone (the third Tab comes back to the first, not to 2.0.0).
		await session.type('1.');
		const ones = offered.filter(tag => tag.startsWith('1.'));
		expect(ones).toHaveLength(2);
		await waitFor(async () => hint.exec(await session.screen())?.[1] === ones.join(' · '), 'the hint to show only the 1.x tags');
		await session.keys('Tab');
		await session.waitForText(`${typed}${ones[0]}█`);
		await session.keys('Tab');
		await session.waitForText(`${typed}${ones[1]}█`);
		await session.keys('Tab');
		await session.waitForText(`${typed}${ones[0]}█`);
		expect(hint.exec(await session.screen())?.[1]).toBe(ones.join(' · '));
		await session.keys('Enter');
		await session.waitForText(/done · sha256:/);
		const pulled = `${registry()}/${repository}:${ones[0]}`;
		const source = sources[ones[0] as keyof typeof sources];
		expect(await docker('image', 'inspect', '--format', '{{.Id}}', pulled)).toBe(await docker('image', 'inspect', '--format', '{{.Id}}', source));
		for (const other of registryTags.filter(tag => tag !== ones[0])) {
			expect(
				await docker('image', 'inspect', `${registry()}/${repository}:${other}`).then(
					() => 'present',
					() => 'absent',
				),
			).toBe('absent');
		}
		await docker('rmi', pulled);
	});
});

describe('build', () => {
	test('b builds the context with its .dockerignore and tags it with the suggested version; a failing RUN shows its output', async () => {
		const context = tempDir('dsw-build-');
		writeFileSync(join(context, 'Dockerfile'), 'FROM busybox:sandbox\nCOPY . /ctx\n');
		writeFileSync(join(context, '.dockerignore'), 'secret.txt\n');
		writeFileSync(join(context, 'secret.txt'), 'no\n');
		writeFileSync(join(context, 'kept.txt'), 'yes\n');
		const session = await open();
		await session.filterTo('^app:1.3.0');
		await session.keys('b');
		await session.waitForText('Build an image');
		const dialog = await session.waitForText(/tag\s+app:1\.3\.1█/);
		expect(dialog).toContain('app:1.3.1');
		await session.keys('Tab');
		await session.keys('C-u');
		await session.type(context);
		await session.keys('Tab', 'Tab');
		// The dialog opens on this same tag field: only the typed context shows the keys were taken.
		await session.waitForText(new RegExp(`context\\s+${context}\\s[\\s\\S]*tag\\s+app:1\\.3\\.1█`));
		await session.keys('Enter');
		// A classic build runs a container per step: on a loaded machine that takes more than the usual 10 s.
		await session.waitForText(/done · [0-9a-f]{12}/, 60_000);
		const {stdout} = await run('docker', ['run', '--rm', '--network', 'none', 'app:1.3.1', 'ls', '-a', '/ctx'], {env: env()});
		expect(stdout.split('\n')).toContain('kept.txt');
		expect(stdout.split('\n')).not.toContain('secret.txt');

		writeFileSync(join(context, 'Dockerfile'), "FROM busybox:sandbox\nRUN sh -c 'echo boom-from-the-step; exit 3'\n");
		await session.keys('Enter');
		await session.keys('b');
		await session.waitForText('Build an image');
		await session.keys('Tab');
		await session.keys('C-u');
		await session.type(context);
		await session.keys('Tab', 'Tab', 'C-u');
		await session.type('ui-fail:1');
		await session.waitForText(/tag\s+ui-fail:1█/);
		await session.keys('Enter');
		const failed = await session.waitForText(/failed: /, 60_000);
		expect(failed).toContain('boom-from-the-step');
		await docker('rmi', 'app:1.3.1');
		// Two builds of up to a minute each on a loaded machine: longer than the file's 60 s per test.
	}, 180_000);
});

describe('release', () => {
	const authFor = (secret: string) => JSON.stringify({auths: {[registry()]: {auth: Buffer.from(`${env().DOCKSWAB_REGISTRY_USER}:${secret}`).toString('base64')}}});

	test('R takes a repository from 1.3.0 to 1.4.0 in the registry and moves stable there; a refused push leaves 1.4.0 local, and r finishes', async () => {
		const repository = `rel-${runId}`;
		const config = tempDir('dsw-rel-');
		// A wrong password first: the push at step 2 is refused.
		writeFileSync(join(config, 'config.json'), authFor('wrong'), {mode: 0o600});
		await docker('tag', 'app:1.2.0', `${registry()}/${repository}:1.2.0`);
		await docker('tag', 'app:1.3.0', `${registry()}/${repository}:1.3.0`);
		const session = await open({DOCKER_CONFIG: config});
		await session.filterTo(`^${registry()}/${repository}:1.3.0`);
		await session.keys('R');
		await session.waitForText(`Release ${registry()}/${repository}:1.4.0`);
		await session.keys('f', 'f');
		const plan = await session.waitForText(`move ${registry()}/${repository}:stable to 1.4.0`);
		expect(plan).toContain(`push ${registry()}/${repository}:1.4.0`);
		await session.keys('y');
		const failed = await session.waitForText(/r retry the failed step/);
		// Long step lines wrap inside the dialog: read them joined.
		expect(failed.replace(/\s*│\s*\n│\s*/g, ' ')).toMatch(new RegExp(`${repository}:1\\.4\\.0 stays local`));
		expect(await docker('image', 'inspect', '--format', '{{.Id}}', `${registry()}/${repository}:1.4.0`)).toBe(await docker('image', 'inspect', '--format', '{{.Id}}', 'app:1.3.0'));
		expect(await remoteDigest(repository, '1.4.0')).toBeNull();

		writeFileSync(join(config, 'config.json'), authFor(password()), {mode: 0o600});
		await session.keys('r');
		await session.waitForText(/Enter\/Esc close/, 20_000);
		const pushed = await remoteDigest(repository, '1.4.0');
		expect(pushed).toMatch(/^sha256:/);
		expect(await remoteDigest(repository, 'stable')).toBe(pushed);
		expect(await docker('image', 'inspect', '--format', '{{.Id}}', `${registry()}/${repository}:stable`)).toBe(await docker('image', 'inspect', '--format', '{{.Id}}', 'app:1.3.0'));
	});

	test('Esc while a step runs lets it finish and skips the rest: the version is pushed, the floating tag is not moved', async () => {
		// The push goes through a relay that passes 2 MB a second, so the Esc lands while the 16 MB
		// layer is still uploading, whatever the load.
		const target = env().DOCKSWAB_NODELETE_REGISTRY!;
		relay = await startThrottledRelay(target, 2_000_000);
		const repository = `rel-esc-${runId}`;
		const context = tempDir('dsw-rel-esc-');
		await run('sh', ['-c', `head -c 16000000 /dev/urandom > "${context}/blob"`]);
		writeFileSync(join(context, 'Dockerfile'), 'FROM busybox:sandbox\nCOPY blob /blob\n');
		const name = `${relay.address}/${repository}`;
		await docker('build', '-q', '-t', `${name}:1.0.0`, context);
		const session = await open({DOCKSWAB_REGISTRY_TIMEOUT: '60'});
		await session.filterTo(`^${name}:1.0.0`);
		await session.keys('R');
		await session.waitForText(`Release ${name}:1.1.0`);
		await session.keys('f');
		await session.waitForText(`move ${name}:latest to 1.1.0`);
		await session.keys('y');
		await session.waitForText('Esc stops after the current step');
		const uploading = relay;
		await waitFor(() => uploading.uploaded() > 1_000_000, 'the release push to be uploading', 30_000);
		await session.keys('Escape');
		await session.waitForText('stopping after this step…');
		// The Esc landed while the push ran; the rest of the upload need not take 8 s.
		expect(uploading.uploaded()).toBeLessThan(16_000_000);
		uploading.unthrottle();
		const stopped = (await session.waitForText('Stopped between steps.', 45_000)).replace(/\s*│\s*\n│\s*/g, ' ');
		expect(stopped).toMatch(new RegExp(`✓ push ${name}:1\\.1\\.0`));
		expect(stopped).toMatch(new RegExp(`- move ${name}:latest to 1\\.1\\.0\\s+stopped before it ran`));
		expect(stopped).toMatch(new RegExp(`- push ${name}:latest\\s+stopped before it ran`));
		expect(relay.uploaded()).toBeGreaterThan(16_000_000);
		const pushed = await remoteDigest(repository, '1.1.0', target);
		expect(pushed).toMatch(/^sha256:/);
		expect(await remoteDigest(repository, 'latest', target)).toBeNull();
		expect(
			await docker('image', 'inspect', `${name}:latest`).then(
				() => 'present',
				() => 'absent',
			),
		).toBe('absent');
		await session.keys('Escape');
		await session.waitForNoText('Stopped between steps.');
		await docker('rmi', `${name}:1.0.0`, `${name}:1.1.0`);
		// The build, then a 16 MB upload at 2 MB a second, on a loaded machine: more than the file's 60 s.
	}, 120_000);
});
