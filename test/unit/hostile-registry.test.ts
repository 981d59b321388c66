// The shared hostile-registry fixture behaves as distribution 2.8 does where tests rely on it:
// moving tags, deletes by digest, TLS that certsDir trusts.
import {describe, expect, test} from 'vitest';
import {registrySession, type RegistryOptions} from '../../source/registry/client';
import {startHostileRegistry} from '../fixtures/hostile-registry';

const options = (certsDir: string): RegistryOptions => ({certsDir, insecure: new Set(), timeoutMs: 3000});

describe('hostile registry fixture', () => {
	test('a moved tag answers its new digest; a delete by digest removes every tag naming it', async () => {
		const registry = await startHostileRegistry({tls: true});
		const old = registry.pushImage('demo/app', '1.0.0');
		const newer = registry.pushImage('demo/app', 'latest');
		const session = registrySession(registry.host, null, options(registry.certsDir));
		expect((await session.manifestDigest('demo/app', 'latest')).digest).toBe(newer);
		registry.setTag('demo/app', 'latest', old);
		expect((await session.manifestDigest('demo/app', 'latest')).digest).toBe(old);
		await session.deleteManifest('demo/app', old);
		expect(registry.tagsOf('demo/app')).toEqual([]);
		expect(registry.requests.filter(request => request.method === 'DELETE').map(request => request.path)).toEqual([`/v2/demo/app/manifests/${old}`]);
		// The untagged manifest is still stored, as in a registry, and can be deleted by digest.
		await session.deleteManifest('demo/app', newer);
		await expect(session.deleteManifest('demo/app', newer)).rejects.toMatchObject({failure: {kind: 'not-found'}});
	});

	test('names and error texts go out as given, escape sequences included', async () => {
		const registry = await startHostileRegistry();
		registry.pushImage('evil\u001b]0;OWNED\u0007', 'latest');
		const pages = [];
		for await (const page of registrySession(registry.host, null, options(registry.certsDir)).repositories(10)) pages.push(...page.repositories);
		expect(pages).toEqual(['evil\u001b]0;OWNED\u0007']);
		registry.misbehave.failRequests = {status: 403, message: 'no \u001b[2J'};
		await expect(registrySession(registry.host, null, options(registry.certsDir)).tags('demo/app')).rejects.toMatchObject({
			failure: {kind: 'denied', message: expect.stringContaining('no \u001b[2J')},
		});
	});

	test('a huge manifest is cut off by the client, and the server stops sending', async () => {
		const registry = await startHostileRegistry();
		registry.pushImage('demo/app', '1.0.0');
		registry.misbehave.hugeManifestBytes = 64 * 1024 * 1024;
		await expect(registrySession(registry.host, null, options(registry.certsDir)).describeTag('demo/app', '1.0.0')).rejects.toMatchObject({
			failure: {kind: 'protocol', message: expect.stringContaining('answered more than 4 MiB')},
		});
		expect(registry.hugeBytesSent()).toBeLessThan(64 * 1024 * 1024);
	});

	test('deletes switched off answer 405', async () => {
		const registry = await startHostileRegistry({deletes: false});
		const digest = registry.pushImage('demo/app', '1.0.0');
		await expect(registrySession(registry.host, null, options(registry.certsDir)).deleteManifest('demo/app', digest)).rejects.toMatchObject({failure: {kind: 'unsupported'}});
		expect(registry.digestOf('demo/app', '1.0.0')).toBe(digest);
	});
});
