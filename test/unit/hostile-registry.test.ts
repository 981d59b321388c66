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

	test('deletes switched off answer 405', async () => {
		const registry = await startHostileRegistry({deletes: false});
		const digest = registry.pushImage('demo/app', '1.0.0');
		await expect(registrySession(registry.host, null, options(registry.certsDir)).deleteManifest('demo/app', digest)).rejects.toMatchObject({failure: {kind: 'unsupported'}});
		expect(registry.digestOf('demo/app', '1.0.0')).toBe(digest);
	});
});
