// Docker Hub without a login, against the sandbox's stand-in: the token registry, whose issuer
// lets anyone pull `dockswab/public` (scripts/sandbox, TOKEN_PUBLIC_REPOSITORY) and nobody else
// pull anything without a login. DOCKSWAB_DOCKER_HUB points dockswab's Hub checks there. The
// registry's log (it logs each request that came without a token, with dockswab's user agent) and
// the issuer's log are the oracle; that no manifest GET follows is proven against a loopback
// registry that logs every request (test/unit/docker-hub-anonymous.test.ts).
import {execFile} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {beforeAll, expect, test} from 'vitest';
import {sandboxEnv, seedSandbox} from './harness';
import {loggedIn, pushTags} from './registry-helpers';
import {tempDir} from '../fixtures/temp-dir';

const run = promisify(execFile);
beforeAll(seedSandbox);

/** dockswab's requests for a repository's manifests that came without a token, as the registry logged them: "HEAD 1.0". */
function manifestRequests(repository: string): string[] {
	const log = readFileSync(join(sandboxEnv().DOCKSWAB_SANDBOX_DIR!, 'token-registry.log'), 'utf8');
	return log
		.split('\n')
		.filter(line => line.includes('http.request.useragent=dockswab'))
		.flatMap(line => {
			const method = /http\.request\.method=(\w+)/.exec(line)?.[1];
			const tag = new RegExp(`http\\.request\\.uri="?/v2/${repository}/manifests/([^"\\s]+)`).exec(line)?.[1];
			return method && tag ? [`${method} ${tag}`] : [];
		});
}

type Plan = {engines: {items: {reference: string; recoverable: string | null; detail: string}[]}[]};

test('without a login, a public Hub repository is asked by HEAD with an anonymous token; a private one is unknown', async () => {
	const env = sandboxEnv();
	const standIn = env.DOCKSWAB_TOKEN_REGISTRY!;
	const {docker} = await loggedIn(standIn);
	await pushTags(docker, standIn, 'dockswab/public', {hubpublic: ['1.0']});
	await pushTags(docker, standIn, 'dockswab/private', {hubprivate: ['1.0']});
	// Local images named only as Docker Hub's would be (no host), so that a plan deletes them and asks about them.
	for (const name of ['public', 'private']) {
		await docker('tag', `${standIn}/dockswab/${name}:1.0`, `dockswab/${name}:1.0`);
		await docker('rmi', `${standIn}/dockswab/${name}:1.0`);
	}
	const seen = {public: manifestRequests('dockswab/public').length, private: manifestRequests('dockswab/private').length};

	// A DOCKER_CONFIG with no login at all.
	const config = tempDir('dsw-hub-anon-');
	const plan = async (hub: string) =>
		JSON.parse((await run('node', ['dist/cli.js', 'plan', '--json', 'dockswab/public:1.0', 'dockswab/private:1.0'], {env: {...env, DOCKER_CONFIG: config, DOCKSWAB_DOCKER_HUB: hub}})).stdout) as Plan;

	const off = await plan('off');
	expect(off.engines[0]!.items.map(item => item.recoverable)).toEqual([null, null]);
	expect(manifestRequests('dockswab/public')).toHaveLength(seen.public);

	const asked = await plan(standIn);
	const byReference = new Map(asked.engines[0]!.items.map(item => [item.reference, item]));
	// The private repository could not be asked: whether a pull brings the image back is unknown.
	expect(byReference.get('dockswab/private:1.0')?.recoverable).toBe('unknown');
	// The public one answered (with a digest the classic store does not list for a Hub name): known, not unknown.
	expect(byReference.get('dockswab/public:1.0')?.recoverable).not.toBe('unknown');
	expect(new Set(manifestRequests('dockswab/public').slice(seen.public))).toEqual(new Set(['HEAD 1.0']));
	expect(new Set(manifestRequests('dockswab/private').slice(seen.private))).toEqual(new Set(['HEAD 1.0']));
	expect(byReference.get('dockswab/public:1.0')?.detail).toContain('not in any registry');
	const issuer = readFileSync(join(env.DOCKSWAB_SANDBOX_DIR!, 'token-issuer.log'), 'utf8');
	expect(issuer).toMatch(/method=GET account=- scope=repository:dockswab\/public:pull subject=- status=200/);
});
