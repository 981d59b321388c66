// The registry client against the sandbox's htpasswd registry; the registry API (plain
// authenticated requests) and the engine's RepoDigests are the oracles.
import {readFileSync} from 'node:fs';
import {beforeAll, describe, expect, test} from 'vitest';
import {probeRegistry, RegistryError, registrySession, verifyLogin, type RegistryOptions} from '../../source/registry/client';
import {insecureRegistries} from '../../source/registry/insecure';
import {docker, sandboxEnv, seedSandbox} from './harness';
import {tempDir} from '../fixtures/temp-dir';

const extraRepositories = ['e2e-catalog/one', 'e2e-catalog/two', 'e2e-catalog/three'];

let registry = '';
let user = '';
let password = '';
let options: RegistryOptions;

beforeAll(async () => {
	await seedSandbox();
	const env = sandboxEnv();
	registry = env.DOCKSWAB_REGISTRY!;
	user = env.DOCKSWAB_REGISTRY_USER!;
	password = readFileSync(env.DOCKSWAB_REGISTRY_PASSWORD_FILE!, 'utf8').trim();
	if (!/^127\.\d+\.\d+\.\d+:\d+$/.test(registry)) throw new Error(`refusing a registry that is not on loopback: ${registry}`);
	// More repositories than one catalog page holds; the seed has logged the engine in already.
	for (const [index, repository] of extraRepositories.entries()) {
		await docker('tag', 'app:1.2.0', `${registry}/${repository}:0.${index}.0`);
		await docker('push', '-q', `${registry}/${repository}:0.${index}.0`);
	}
	const info = JSON.parse(await docker('info', '--format', '{{json .}}')) as unknown;
	options = {certsDir: env.DOCKSWAB_CERTS_D ?? tempDir('dockswab-certs-'), insecure: insecureRegistries(info), timeoutMs: 10_000};
}, 240_000);

/** The oracle: the registry API asked directly with Basic credentials. */
async function registryApi(path: string, accept?: string): Promise<Response> {
	const headers: Record<string, string> = {authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`};
	if (accept) headers.accept = accept;
	const response = await fetch(`http://${registry}${path}`, {headers});
	if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
	return response;
}

const fullAccept =
	'application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json';

describe('htpasswd registry', () => {
	test('insecure registries are the ones docker info reports as not secure, and its insecure ranges', async () => {
		const names = await docker('info', '--format', '{{range .RegistryConfig.IndexConfigs}}{{if not .Secure}}{{.Name}} {{end}}{{end}}');
		const ranges = await docker('info', '--format', '{{range .RegistryConfig.InsecureRegistryCIDRs}}{{.}} {{end}}');
		const oracle = `${names} ${ranges}`;
		expect(ranges).toContain('127.0.0.0/8');
		expect([...options.insecure].sort()).toEqual(
			oracle
				.split(' ')
				.filter(Boolean)
				.map(name => name.toLowerCase())
				.sort(),
		);
		expect(options.insecure.has('docker.io')).toBe(false);
	});
	test('probe: Basic auth over plain HTTP (loopback)', async () => {
		expect(await probeRegistry(registry, options)).toEqual({ok: true, auth: 'basic', scheme: 'http'});
	});
	test('login is verified against the registry; a wrong password is refused', async () => {
		expect(await verifyLogin(registry, user, password, options)).toEqual({ok: true, auth: 'basic', identityToken: null});
		expect(await verifyLogin(registry, user, `${password}x`, options)).toEqual({ok: false, kind: 'unauthorized', message: `${registry}: incorrect username or password`});
		expect(await verifyLogin(registry, 'nobody', password, options)).toMatchObject({ok: false, kind: 'unauthorized'});
	});
	test('the catalog one repository per page lists every repository the registry has', async () => {
		const oracle = ((await (await registryApi('/v2/_catalog?n=1000')).json()) as {repositories: string[]}).repositories;
		expect(oracle).toEqual(expect.arrayContaining(['app', ...extraRepositories]));
		const pages: string[][] = [];
		for await (const page of registrySession(registry, {username: user, secret: password}, options).repositories(1)) pages.push([...page.repositories]);
		expect(pages.length).toBe(oracle.length);
		expect(pages.every(page => page.length === 1)).toBe(true);
		expect(pages.flat()).toEqual(oracle);
	});
	test("tags are the registry's tags", async () => {
		const session = registrySession(registry, {username: user, secret: password}, options);
		const oracle = ((await (await registryApi('/v2/app/tags/list')).json()) as {tags: string[]}).tags;
		expect(oracle).toEqual(expect.arrayContaining(['1.2.0', '1.3.0']));
		expect([...(await session.tags('app')).tags].sort()).toEqual([...oracle].sort());
		expect(await session.tags('e2e-catalog/two')).toEqual({tags: ['0.1.0'], cut: null});
		const missing = await session.tags('never-pushed').catch((error: unknown) => error);
		expect(missing).toBeInstanceOf(RegistryError);
		expect((missing as RegistryError).failure).toEqual({ok: false, kind: 'not-found', message: `repository never-pushed not found on ${registry}`});
	});
	test("a tag's digest is the engine's RepoDigest and the registry's; created and platform match the image", async () => {
		const session = registrySession(registry, {username: user, secret: password}, options);
		const details = await session.describeTag('app', '1.3.0');
		const repoDigests = JSON.parse(await docker('image', 'inspect', '--format', '{{json .RepoDigests}}', `${registry}/app:1.3.0`)) as string[];
		expect(repoDigests).toContain(`${registry}/app@${details.digest}`);
		const manifestResponse = await registryApi('/v2/app/manifests/1.3.0', fullAccept);
		expect(details.digest).toBe(manifestResponse.headers.get('docker-content-digest'));
		const manifest = (await manifestResponse.json()) as {config: {size: number}; layers: {size: number}[]};
		expect(details.size).toBe(manifest.config.size + manifest.layers.reduce((sum, layer) => sum + layer.size, 0));
		const [created, platform] = (await docker('image', 'inspect', '--format', '{{.Created}} {{.Os}}/{{.Architecture}}', 'app:1.3.0')).split(' ');
		expect(Date.parse(details.created ?? '')).toBe(Date.parse(created!));
		expect(details.platforms).toEqual([platform]);
		expect(details.tag).toBe('1.3.0');
	});
	test('without credentials, or with a wrong password, browsing is refused as unauthorized', async () => {
		const anonymous = await registrySession(registry, null, options)
			.tags('app')
			.catch((error: unknown) => error);
		expect((anonymous as RegistryError).failure).toEqual({ok: false, kind: 'unauthorized', message: `${registry} requires a login`});
		const wrong = registrySession(registry, {username: user, secret: `${password}x`}, options).repositories(10);
		const refused = await wrong.next().catch((error: unknown) => error);
		expect((refused as RegistryError).failure).toMatchObject({kind: 'unauthorized'});
	});
});
