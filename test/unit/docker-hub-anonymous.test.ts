// Docker Hub without a login: references without a host are checked with anonymous pull tokens
// and HEAD requests only (a manifest GET counts as a pull there). Docker Hub is played by a
// loopback registry and token service with one public repository, named as DOCKSWAB_DOCKER_HUB
// names a stand-in; the requests they received are the oracle.
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, test} from 'vitest';
import {updatedReference} from '../../source/domain/update-available';
import type {SyncEntry} from '../../source/domain/sync-status';
import {askRegistry, checkSyncStatus, dockerHubServer, registryDigestLookup} from '../../source/services/sync-status';
import {startHostileRegistry, startTokenService} from '../fixtures/hostile-registry';
import {container, image} from '../fixtures/scene';
import {tempDir} from '../fixtures/temp-dir';

describe('where Docker Hub references are checked', () => {
	test.each([
		[{}, 'docker.io'],
		[{DOCKSWAB_DOCKER_HUB: ''}, 'docker.io'],
		[{DOCKSWAB_DOCKER_HUB: 'off'}, null],
		[{DOCKSWAB_DOCKER_HUB: 'mirror.example:5000'}, 'mirror.example:5000'],
	])('%j → %s', (env, server) => expect(dockerHubServer(env)).toBe(server));
});

/** A stand-in for Docker Hub: token auth, `dockswab/public` pullable by anyone, `dockswab/private` not. */
async function hubStandIn() {
	const tokens = await startTokenService({username: 'owner', password: 'secret', anonymousPull: ['dockswab/public']});
	const registry = await startHostileRegistry({auth: {kind: 'bearer', realm: tokens.realm, service: 'hub', accepts: tokens.accepts}});
	const configDir = tempDir('dsw-hub-');
	// No login stored for anything.
	writeFileSync(join(configDir, 'config.json'), '{}\n');
	const lookup = registryDigestLookup(configDir, async () => ({certsDir: registry.certsDir, insecure: new Set(), timeoutMs: 3000}), undefined, registry.host);
	return {tokens, registry, lookup};
}

describe('anonymous checks', () => {
	test('a public repository answers by HEAD with an anonymous pull token: no login, no manifest GET', async () => {
		const {tokens, registry, lookup} = await hubStandIn();
		const digest = registry.pushImage('dockswab/public', '1.0');
		expect(await lookup('docker.io', 'dockswab/public', '1.0')).toBe(digest);
		expect(tokens.requests.map(request => [request.method, request.authorization])).toEqual([['GET', undefined]]);
		expect(tokens.requests[0]!.url).toContain(`scope=${encodeURIComponent('repository:dockswab/public:pull')}`);
		const manifestRequests = registry.requests.filter(request => request.path.includes('/manifests/'));
		expect(manifestRequests.map(request => request.method)).toEqual(['HEAD', 'HEAD']);
	});
	test('the sync status of a Hub image says in sync without a login, and a private repository says why it is unknown', async () => {
		const {registry, lookup} = await hubStandIn();
		const digest = registry.pushImage('dockswab/public', '1.0');
		registry.pushImage('dockswab/private', '1.0');
		const images = [image('a1', ['dockswab/public:1.0'], {repoDigests: [`dockswab/public@${digest}`]}), image('b1', ['dockswab/private:1.0'])];
		const entries = await checkSyncStatus(images, lookup, true);
		expect(entries.get('dockswab/public:1.0')).toEqual({state: 'in sync', remoteDigest: digest, message: null});
		expect(entries.get('dockswab/private:1.0')).toMatchObject({state: 'unknown', remoteDigest: null});
		expect(entries.get('dockswab/private:1.0')?.message).toMatch(/denied|requires a login|refused/);
		expect(registry.requests.filter(request => request.method === 'GET' && request.path.includes('/manifests/'))).toEqual([]);
	});
	test('a HEAD without a digest is not followed by a GET on Docker Hub: the check says why instead', async () => {
		const {registry, lookup} = await hubStandIn();
		registry.pushImage('dockswab/public', '1.0');
		registry.misbehave.headWithoutDigest = true;
		const answer = await askRegistry(lookup, {reference: 'dockswab/public:1.0', server: 'docker.io', repository: 'dockswab/public', tag: '1.0'});
		expect(answer).toEqual({error: expect.stringContaining('without a digest, and a GET was not asked for (on Docker Hub it counts as a pull)')});
		expect(registry.requests.filter(request => request.method === 'GET' && request.path.includes('/manifests/'))).toEqual([]);
	});
	test('Hub checks off: no reference without a host is asked about', async () => {
		const {registry, lookup} = await hubStandIn();
		registry.pushImage('dockswab/public', '1.0');
		const entries = await checkSyncStatus([image('a1', ['dockswab/public:1.0'])], lookup, false);
		expect(entries.size).toBe(0);
		expect(registry.requests).toEqual([]);
	});
});

describe('update available on a running container', () => {
	const old = `sha256:${'a'.repeat(64)}`;
	const moved = `sha256:${'b'.repeat(64)}`;
	const pulled = image('a1', ['nginx:latest'], {repoDigests: [`nginx@${old}`]});
	const built = image('b1', ['mine:latest']);
	const images = new Map([pulled, built].map(entry => [entry.id, entry]));
	const outdated = (digest: string): SyncEntry => ({state: 'outdated', remoteDigest: digest, message: null});

	test('the tag it runs under names another image on the registry now', () => {
		expect(updatedReference(container('c1', 'web', 'a1', 'running'), images, new Map([['nginx:latest', outdated(moved)]]))).toBe('nginx:latest');
	});
	test('not for a stopped container, an image in sync, or a local build the registry never had', () => {
		expect(updatedReference(container('c1', 'web', 'a1', 'exited'), images, new Map([['nginx:latest', outdated(moved)]]))).toBeNull();
		expect(updatedReference(container('c1', 'web', 'a1', 'running'), images, new Map([['nginx:latest', {state: 'in sync', remoteDigest: old, message: null}]]))).toBeNull();
		expect(updatedReference(container('c2', 'mine', 'b1', 'running'), images, new Map([['mine:latest', outdated(moved)]]))).toBeNull();
	});
});
