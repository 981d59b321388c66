// The registry client against tiny registries served on loopback by the test itself: auth flows,
// pagination, manifests, TLS with a CA made here, and registries that hang or answer garbage.
import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {mkdirSync, writeFileSync, readFileSync} from 'node:fs';
import {createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {createServer as createHttpsServer} from 'node:https';
import {createServer as createNetServer, type Server as NetServer, type Socket} from 'node:net';
import {join} from 'node:path';
import {rootCertificates} from 'node:tls';
import {afterEach, beforeAll, describe, expect, test, vi} from 'vitest';
import {parseChallenges} from '../../source/registry/auth';
import {probeRegistry, RegistryError, registrySession, verifyLogin, type CatalogPage, type RegistryOptions} from '../../source/registry/client';
import {insecureRegistries} from '../../source/registry/insecure';
import {certificatesBeyond, registryAddress, schemePolicy} from '../../source/registry/transport';
import {tempDir} from '../fixtures/temp-dir';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const openServers: (Server | NetServer)[] = [];
const openSockets: Socket[] = [];

afterEach(async () => {
	for (const socket of openSockets.splice(0)) socket.destroy();
	await Promise.all(
		openServers.splice(0).map(
			server =>
				new Promise<void>(resolve => {
					if ('closeAllConnections' in server) server.closeAllConnections();
					server.close(() => resolve());
				}),
		),
	);
});

async function listen(server: Server | NetServer): Promise<string> {
	openServers.push(server);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	if (!address || typeof address === 'string') throw new Error('no port');
	return `127.0.0.1:${address.port}`;
}

function withBody(handler: Handler) {
	return (req: IncomingMessage, res: ServerResponse) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		req.on('end', () => handler(req, res, body));
	};
}

function serve(handler: Handler): Promise<string> {
	return listen(createHttpServer(withBody(handler)));
}

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
	res.writeHead(status, {'content-type': 'application/json', ...headers});
	res.end(JSON.stringify(value));
}

function challenge(res: ServerResponse, header: string): void {
	json(res, 401, {errors: [{code: 'UNAUTHORIZED', message: 'authentication required'}]}, {'www-authenticate': header});
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

const emptyCertsDir = tempDir('dockswab-certs-');

function options(overrides: Partial<RegistryOptions> = {}): RegistryOptions {
	return {certsDir: emptyCertsDir, insecure: new Set(), timeoutMs: 3000, ...overrides};
}

async function failureOf(work: Promise<unknown>): Promise<RegistryError['failure']> {
	try {
		await work;
	} catch (error) {
		if (error instanceof RegistryError) return error.failure;
		throw error;
	}
	throw new Error('expected a RegistryError');
}

async function collect(pages: AsyncGenerator<CatalogPage>): Promise<string[][]> {
	const all: string[][] = [];
	for await (const page of pages) all.push([...page.repositories]);
	return all;
}

describe('WWW-Authenticate', () => {
	test.each([
		['Basic realm="Registry Realm"', [{scheme: 'basic', params: {realm: 'Registry Realm'}}]],
		[
			'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:demo/app:pull,push"',
			[{scheme: 'bearer', params: {realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:demo/app:pull,push'}}],
		],
		[
			'Bearer realm="http://127.0.0.1:1/t",service="s",scope="registry:catalog:*",error="insufficient_scope"',
			[{scheme: 'bearer', params: {realm: 'http://127.0.0.1:1/t', service: 's', scope: 'registry:catalog:*', error: 'insufficient_scope'}}],
		],
		['BEARER Realm=https://a/t, Service=svc', [{scheme: 'bearer', params: {realm: 'https://a/t', service: 'svc'}}]],
		[
			'Basic realm="a, b", Bearer realm="https://x/t",service="y"',
			[
				{scheme: 'basic', params: {realm: 'a, b'}},
				{scheme: 'bearer', params: {realm: 'https://x/t', service: 'y'}},
			],
		],
		['Basic realm="say \\"hi\\""', [{scheme: 'basic', params: {realm: 'say "hi"'}}]],
		['Bearer  realm = "https://x/t" ,  service = "y"', [{scheme: 'bearer', params: {realm: 'https://x/t', service: 'y'}}]],
		['', []],
	])('%s', (header, expected) => {
		expect(parseChallenges(header)).toEqual(expected);
	});
});

describe('addresses and schemes', () => {
	test.each([
		['127.0.0.1:5000', '127.0.0.1:5000', '127.0.0.1'],
		['https://Registry.Example:8443/v2/', 'registry.example:8443', 'registry.example'],
		['registry.example/some/path', 'registry.example', 'registry.example'],
		['[::1]:5000', '[::1]:5000', '::1'],
		['https://index.docker.io/v1/', 'registry-1.docker.io', 'registry-1.docker.io'],
		['docker.io', 'registry-1.docker.io', 'registry-1.docker.io'],
	])('%s', (server, host, hostname) => {
		expect(registryAddress(server)).toMatchObject({host, hostname});
	});
	test('a server that is no address is refused', () => {
		expect(() => registryAddress('user@host')).toThrow(/not a registry address/);
		expect(() => registryAddress('')).toThrow(/not a registry address/);
	});
	test('plain HTTP only for loopback and engine-listed insecure registries; those skip TLS verification', () => {
		const insecure = new Set(['build.lan:5000']);
		expect(schemePolicy(registryAddress('127.0.0.1:5000'), insecure)).toEqual({verifyTls: true, plainHttp: true});
		expect(schemePolicy(registryAddress('127.3.4.5'), insecure)).toEqual({verifyTls: true, plainHttp: true});
		expect(schemePolicy(registryAddress('localhost:5000'), insecure)).toEqual({verifyTls: true, plainHttp: true});
		expect(schemePolicy(registryAddress('[::1]:5000'), insecure)).toEqual({verifyTls: true, plainHttp: true});
		expect(schemePolicy(registryAddress('build.lan:5000'), insecure)).toEqual({verifyTls: false, plainHttp: true});
		expect(schemePolicy(registryAddress('build.lan:5001'), insecure)).toEqual({verifyTls: true, plainHttp: false});
		expect(schemePolicy(registryAddress('registry.example'), insecure)).toEqual({verifyTls: true, plainHttp: false});
		expect(schemePolicy(registryAddress('128.0.0.1'), insecure)).toEqual({verifyTls: true, plainHttp: false});
	});
	test('an entry without a port covers that name on the default port only, as dockerd matches host:port', () => {
		const insecure = new Set(['build.lan']);
		expect(schemePolicy(registryAddress('build.lan'), insecure)).toEqual({verifyTls: false, plainHttp: true});
		expect(schemePolicy(registryAddress('build.lan:5000'), insecure)).toEqual({verifyTls: true, plainHttp: false});
		expect(schemePolicy(registryAddress('build.lan:443'), insecure)).toEqual({verifyTls: true, plainHttp: false});
	});
	test('a CIDR entry covers registries named by an address in it, on any port', () => {
		const insecure = new Set(['10.20.0.0/16', 'fd00::/8', 'junk/99', 'build.lan']);
		expect(schemePolicy(registryAddress('10.20.3.4:5000'), insecure)).toEqual({verifyTls: false, plainHttp: true});
		expect(schemePolicy(registryAddress('10.21.3.4:5000'), insecure)).toEqual({verifyTls: true, plainHttp: false});
		expect(schemePolicy(registryAddress('[fd00::5]:5000'), insecure)).toEqual({verifyTls: false, plainHttp: true});
		expect(schemePolicy(registryAddress('ten.example:5000'), insecure)).toEqual({verifyTls: true, plainHttp: false});
	});
	test("insecure registries from the engine's /info", () => {
		const info = {
			RegistryConfig: {
				InsecureRegistryCIDRs: ['127.0.0.0/8', '10.20.0.0/16'],
				IndexConfigs: {
					'docker.io': {Name: 'docker.io', Secure: true, Official: true},
					'build.lan:5000': {Name: 'build.lan:5000', Secure: false},
					'Other.Lan': {Secure: false},
				},
			},
		};
		expect([...insecureRegistries(info)].sort()).toEqual(['10.20.0.0/16', '127.0.0.0/8', 'build.lan:5000', 'other.lan']);
		expect(insecureRegistries({}).size).toBe(0);
		expect(insecureRegistries(null).size).toBe(0);
		expect(insecureRegistries({RegistryConfig: {IndexConfigs: null}}).size).toBe(0);
	});
});

describe('probe and login with Basic auth', () => {
	const user = 'alice';
	const password = 's3cret, with: colon';
	const basicRegistry = () =>
		serve((req, res) => {
			if (req.headers.authorization === basic(user, password)) json(res, 200, {});
			else challenge(res, 'Basic realm="Registry Realm"');
		});

	test('probe names the auth kind and the scheme that answered', async () => {
		const host = await basicRegistry();
		expect(await probeRegistry(host, options())).toEqual({ok: true, auth: 'basic', scheme: 'http'});
		const open = await serve((_req, res) => json(res, 200, {}));
		expect(await probeRegistry(open, options())).toEqual({ok: true, auth: 'none', scheme: 'http'});
	});
	test('the right password logs in; a wrong one is refused as unauthorized', async () => {
		const host = await basicRegistry();
		expect(await verifyLogin(host, user, password, options())).toEqual({ok: true, auth: 'basic', identityToken: null});
		const wrong = await verifyLogin(host, user, 'nope', options());
		expect(wrong).toMatchObject({ok: false, kind: 'unauthorized'});
		expect(wrong.ok ? '' : wrong.message).toBe(`${host}: incorrect username or password`);
	});
	test('a registry without auth accepts any login', async () => {
		const host = await serve((_req, res) => json(res, 200, {}));
		expect(await verifyLogin(host, user, 'anything', options())).toEqual({ok: true, auth: 'none', identityToken: null});
	});
	test('a 401 without a known challenge is a protocol failure', async () => {
		const host = await serve((_req, res) => json(res, 401, {}, {'www-authenticate': 'Negotiate'}));
		expect(await verifyLogin(host, user, password, options())).toMatchObject({ok: false, kind: 'protocol'});
	});
	test('a session sends Basic after the first challenge and keeps sending it', async () => {
		const seen: (string | undefined)[] = [];
		const host = await serve((req, res) => {
			seen.push(req.headers.authorization);
			if (req.headers.authorization !== basic(user, password)) challenge(res, 'Basic realm="r"');
			else json(res, 200, {name: 'app', tags: ['1.0', '1.1']});
		});
		const session = registrySession(host, {username: user, secret: password}, options());
		expect(await session.tags('app')).toEqual({tags: ['1.0', '1.1'], cut: null});
		expect(await session.tags('app')).toEqual({tags: ['1.0', '1.1'], cut: null});
		expect(seen).toEqual([undefined, basic(user, password), basic(user, password)]);
	});
	test('a session without credentials on a Basic registry: unauthorized, with a wrong password too', async () => {
		const host = await basicRegistry();
		expect(await failureOf(registrySession(host, null, options()).tags('app'))).toEqual({ok: false, kind: 'unauthorized', message: `${host} requires a login`});
		expect(await failureOf(registrySession(host, {username: user, secret: 'x'}, options()).tags('app'))).toMatchObject({kind: 'unauthorized', message: `${host}: incorrect username or password`});
	});
});

describe('Bearer token flow', () => {
	const user = 'bob';
	const password = 'pa55';
	type TokenCall = {method: string; query: URLSearchParams; form: URLSearchParams; authorization: string | undefined};

	/** A registry that wants tokens and its token service on the same loopback server. */
	async function tokenRegistry() {
		const calls: TokenCall[] = [];
		const granted = new Map<string, string[]>();
		let issued = 0;
		const host = await serve((req, res, body) => {
			const url = new URL(req.url ?? '/', 'http://x');
			if (url.pathname === '/token') {
				calls.push({method: req.method ?? '', query: url.searchParams, form: new URLSearchParams(body), authorization: req.headers.authorization});
				const refresh = req.method === 'POST' ? new URLSearchParams(body).get('refresh_token') : null;
				const scopes = req.method === 'POST' ? (new URLSearchParams(body).get('scope') ?? '').split(' ').filter(Boolean) : url.searchParams.getAll('scope');
				if (req.method === 'POST' ? refresh !== 'refresh-1' : req.headers.authorization !== basic(user, password)) {
					json(res, 401, {details: 'incorrect username or password'});
					return;
				}
				const token = `token-${++issued}`;
				granted.set(token, scopes);
				const answer: Record<string, unknown> = req.method === 'POST' ? {access_token: token, expires_in: 300} : {token, expires_in: 300};
				if (url.searchParams.get('offline_token') === 'true') answer.refresh_token = 'refresh-1';
				json(res, 200, answer);
				return;
			}
			const realm = `realm="http://${host}/token",service="test-registry"`;
			const scope =
				url.pathname === '/v2/_catalog'
					? 'registry:catalog:*'
					: /^\/v2\/(.+)\/(tags|manifests|blobs)\//.exec(url.pathname)?.[1]
						? `repository:${/^\/v2\/(.+)\/(tags|manifests|blobs)\//.exec(url.pathname)![1]}:pull`
						: null;
			const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
			const rights = bearer ? granted.get(bearer) : undefined;
			if (!rights) {
				challenge(res, `Bearer ${realm}${scope ? `,scope="${scope}"` : ''}`);
				return;
			}
			if (scope && !rights.includes(scope)) {
				challenge(res, `Bearer ${realm},scope="${scope}",error="insufficient_scope"`);
				return;
			}
			if (url.pathname === '/v2/') json(res, 200, {});
			else if (url.pathname === '/v2/_catalog') json(res, 200, {repositories: ['app', 'forbidden']});
			else if (url.pathname === '/v2/app/tags/list') json(res, 200, {name: 'app', tags: ['1.0']});
			else json(res, 404, {errors: [{code: 'NAME_UNKNOWN', message: 'repository name not known to registry'}]});
		});
		return {host, calls};
	}

	test('probe says token', async () => {
		const {host} = await tokenRegistry();
		expect(await probeRegistry(host, options())).toEqual({ok: true, auth: 'token', scheme: 'http'});
	});
	test('login asks the realm as the engine does and returns the refresh token as identity token', async () => {
		const {host, calls} = await tokenRegistry();
		expect(await verifyLogin(host, user, password, options())).toEqual({ok: true, auth: 'token', identityToken: 'refresh-1'});
		expect(calls).toHaveLength(1);
		expect(calls[0]!.method).toBe('GET');
		expect(Object.fromEntries(calls[0]!.query)).toEqual({account: user, client_id: 'docker', offline_token: 'true', service: 'test-registry'});
		expect(calls[0]!.authorization).toBe(basic(user, password));
	});
	test('a wrong password is refused by the token service', async () => {
		const {host} = await tokenRegistry();
		expect(await verifyLogin(host, user, 'wrong', options())).toEqual({ok: false, kind: 'unauthorized', message: `${host}: incorrect username or password`});
	});
	test('a session with a password gets one token per scope and reuses it', async () => {
		const {host, calls} = await tokenRegistry();
		const session = registrySession(host, {username: user, secret: password}, options());
		expect(await session.tags('app')).toEqual({tags: ['1.0'], cut: null});
		expect(await session.tags('app')).toEqual({tags: ['1.0'], cut: null});
		expect(await collect(session.repositories(100))).toEqual([['app', 'forbidden']]);
		expect(calls.map(call => [call.method, call.query.getAll('scope'), call.query.get('offline_token')])).toEqual([
			['GET', ['repository:app:pull'], null],
			['GET', ['registry:catalog:*'], null],
		]);
	});
	test('a session with an identity token uses the refresh-token grant (form POST)', async () => {
		const {host, calls} = await tokenRegistry();
		const session = registrySession(host, {username: '<token>', secret: 'refresh-1', identityToken: true}, options());
		expect(await session.tags('app')).toEqual({tags: ['1.0'], cut: null});
		expect(calls).toHaveLength(1);
		expect(calls[0]!.method).toBe('POST');
		expect(Object.fromEntries(calls[0]!.form)).toEqual({grant_type: 'refresh_token', refresh_token: 'refresh-1', client_id: 'docker', service: 'test-registry', scope: 'repository:app:pull'});
		expect(calls[0]!.authorization).toBeUndefined();
		const stale = registrySession(host, {username: '<token>', secret: 'refresh-0', identityToken: true}, options());
		expect(await failureOf(stale.tags('app'))).toMatchObject({kind: 'unauthorized', message: expect.stringMatching(/log in again/)});
	});
	test('unknown repositories are not-found, a token without the right is denied', async () => {
		const {host} = await tokenRegistry();
		const session = registrySession(host, {username: user, secret: password}, options());
		expect(await failureOf(session.tags('missing'))).toEqual({ok: false, kind: 'not-found', message: `repository missing not found on ${host}`});
	});
	test('insufficient_scope after a fresh token is denied', async () => {
		const realm = {value: ''};
		const host = await serve((req, res) => {
			if (req.url?.startsWith('/token')) json(res, 200, {token: 'weak'});
			else challenge(res, `Bearer realm="${realm.value}",service="s",scope="repository:app:pull"${req.headers.authorization ? ',error="insufficient_scope"' : ''}`);
		});
		realm.value = `http://${host}/token`;
		expect(await failureOf(registrySession(host, null, options()).tags('app'))).toMatchObject({kind: 'denied'});
	});
});

describe('browsing', () => {
	test('the catalog follows relative Link headers with url-encoded last across 3 pages', async () => {
		const asked: string[] = [];
		const host = await serve((req, res) => {
			const url = new URL(req.url ?? '/', 'http://x');
			asked.push(`${url.searchParams.get('n')}|${url.searchParams.get('last') ?? ''}`);
			const all = ['base/runtime', 'base/service', 'demo/app', 'web', 'worker'];
			const n = Number(url.searchParams.get('n'));
			const last = url.searchParams.get('last');
			const start = last ? all.indexOf(last) + 1 : 0;
			const page = all.slice(start, start + n);
			const headers: Record<string, string> = start + n < all.length ? {link: `</v2/_catalog?last=${encodeURIComponent(page.at(-1)!)}&n=${n}>; rel="next"`} : {};
			json(res, 200, {repositories: page}, headers);
		});
		const pages = await collect(registrySession(host, null, options()).repositories(2));
		expect(pages).toEqual([['base/runtime', 'base/service'], ['demo/app', 'web'], ['worker']]);
		expect(asked).toEqual(['2|', '2|base/service', '2|web']);
	});
	test('a Link to another server is refused; page sizes are checked', async () => {
		const host = await serve((_req, res) => json(res, 200, {repositories: ['a']}, {link: '<http://127.0.0.2:1/v2/_catalog?last=a&n=1>; rel="next"'}));
		const pages = registrySession(host, null, options()).repositories(1);
		expect(await failureOf(pages.next())).toMatchObject({kind: 'protocol'});
		await expect(registrySession(host, null, options()).repositories(1001).next()).rejects.toThrow(RangeError);
	});
	test('a registry without a catalog is not-found', async () => {
		const host = await serve((_req, res) => json(res, 404, {errors: [{code: 'NOT_FOUND'}]}));
		expect(await failureOf(registrySession(host, null, options()).repositories(10).next())).toMatchObject({kind: 'not-found', message: `${host} has no repository catalog; type a repository name`});
	});
	test('tags: null is an empty list; invalid names never reach the registry', async () => {
		let requests = 0;
		const host = await serve((_req, res) => {
			requests++;
			json(res, 200, {name: 'emptied', tags: null});
		});
		const session = registrySession(host, null, options());
		expect(await session.tags('emptied')).toEqual({tags: [], cut: null});
		expect(await failureOf(session.tags('../etc'))).toMatchObject({kind: 'not-found'});
		expect(requests).toBe(1);
	});

	function manifestServer(storageHost: () => string) {
		const config = JSON.stringify({created: '2024-05-01T10:00:00Z', os: 'linux', architecture: 'arm64', variant: 'v8', config: {}});
		const configDigest = `sha256:${createHash('sha256').update(config).digest('hex')}`;
		const manifest = JSON.stringify({
			schemaVersion: 2,
			mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
			config: {mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: configDigest},
			layers: [
				{size: 1000, digest: 'sha256:aa'},
				{size: 2345, digest: 'sha256:bb'},
			],
		});
		const index = JSON.stringify({
			schemaVersion: 2,
			mediaType: 'application/vnd.oci.image.index.v1+json',
			manifests: [
				{mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: 'sha256:01', size: 1, platform: {os: 'linux', architecture: 'amd64'}},
				{mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: 'sha256:02', size: 1, platform: {os: 'linux', architecture: 'arm', variant: 'v7'}},
				{mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: 'sha256:03', size: 1, platform: {os: 'unknown', architecture: 'unknown'}},
			],
		});
		const accepts: string[] = [];
		const handler: Handler = (req, res) => {
			if (req.url === '/v2/app/manifests/1.0') {
				accepts.push(String(req.headers.accept));
				res.writeHead(200, {'content-type': 'application/vnd.docker.distribution.manifest.v2+json', 'docker-content-digest': 'sha256:feedfeed'});
				res.end(manifest);
			} else if (req.url === '/v2/app/manifests/multi') {
				res.writeHead(200, {'content-type': 'application/vnd.oci.image.index.v1+json'});
				res.end(index);
			} else if (req.url === `/v2/app/blobs/${configDigest}`) {
				res.writeHead(307, {location: `http://${storageHost()}/blob/config`});
				res.end();
			} else json(res, 404, {errors: [{code: 'MANIFEST_UNKNOWN', message: 'manifest unknown'}]});
		};
		return {handler, config, index, accepts};
	}

	test('a single manifest: digest from the registry, compressed size, created and platform from the config blob behind a redirect', async () => {
		const storageSaw: (string | undefined)[] = [];
		let storage = '';
		const fake = manifestServer(() => storage);
		storage = await serve((req, res) => {
			storageSaw.push(req.headers.authorization);
			res.writeHead(200, {'content-type': 'application/octet-stream'});
			res.end(fake.config);
		});
		const host = await serve((req, res, body) => {
			if (req.headers.authorization !== basic('u', 'p')) challenge(res, 'Basic realm="r"');
			else fake.handler(req, res, body);
		});
		const details = await registrySession(host, {username: 'u', secret: 'p'}, options()).describeTag('app', '1.0');
		expect(details).toEqual({tag: '1.0', digest: 'sha256:feedfeed', size: fake.config.length + 1000 + 2345, created: '2024-05-01T10:00:00Z', platforms: ['linux/arm64/v8'], children: []});
		expect(
			fake.accepts[0]!.split(',')
				.map(type => type.trim())
				.sort(),
		).toEqual([
			'application/vnd.docker.distribution.manifest.list.v2+json',
			'application/vnd.docker.distribution.manifest.v2+json',
			'application/vnd.oci.image.index.v1+json',
			'application/vnd.oci.image.manifest.v1+json',
		]);
		expect(storageSaw).toEqual([undefined]);
	});
	test('an index: platforms of its entries (attestations left out), digest of the body, no size', async () => {
		const fake = manifestServer(() => '127.0.0.1:1');
		const host = await serve(fake.handler);
		const session = registrySession(host, null, options());
		expect(await session.describeTag('app', 'multi')).toEqual({
			tag: 'multi',
			digest: `sha256:${createHash('sha256').update(fake.index).digest('hex')}`,
			size: null,
			created: null,
			platforms: ['linux/amd64', 'linux/arm/v7'],
			children: ['sha256:01', 'sha256:02', 'sha256:03'],
		});
		expect(await failureOf(session.describeTag('app', 'gone'))).toEqual({ok: false, kind: 'not-found', message: `app:gone not found on ${host}`});
	});
	test('an index by HEAD (its media type, its digest from the bytes), and the platform manifests it lists', async () => {
		const fake = manifestServer(() => '127.0.0.1:1');
		const host = await serve(fake.handler);
		const session = registrySession(host, null, options());
		const digest = `sha256:${createHash('sha256').update(fake.index).digest('hex')}`;
		expect(await session.manifestDigest('app', 'multi')).toEqual({digest, index: true, rateLimit: null});
		const byDigest = await serve((req, res) => {
			if (req.url !== `/v2/app/manifests/${digest}`) return json(res, 404, {errors: [{code: 'MANIFEST_UNKNOWN'}]});
			res.writeHead(200, {'content-type': 'application/vnd.oci.image.index.v1+json'});
			res.end(fake.index);
		});
		expect(await registrySession(byDigest, null, options()).readIndex('app', digest)).toEqual({children: ['sha256:01', 'sha256:02', 'sha256:03'], platforms: ['linux/amd64', 'linux/arm/v7']});
	});
});

describe('registries that misbehave', () => {
	test('a socket that accepts and never answers is a timeout within the request timeout', async () => {
		const server = createNetServer(socket => openSockets.push(socket));
		const host = await listen(server);
		expect(await probeRegistry(host, options({timeoutMs: 300}))).toEqual({ok: false, kind: 'timeout', message: `${host} did not answer within 0.3 s`});
		const session = registrySession(host, null, options({timeoutMs: 300}));
		expect(await failureOf(session.tags('app'))).toMatchObject({kind: 'timeout'});
	}, 5_000);
	test('a response that starts and never ends is a timeout too', async () => {
		const host = await serve((_req, res) => {
			res.writeHead(200, {'content-type': 'application/json'});
			res.write('{"repositories": [');
		});
		expect(
			await failureOf(
				registrySession(host, null, options({timeoutMs: 300}))
					.repositories(5)
					.next(),
			),
		).toMatchObject({kind: 'timeout'});
	}, 5_000);
	test("the caller's abort ends the request with its reason, not as a registry failure", async () => {
		const host = await listen(createNetServer(socket => openSockets.push(socket)));
		const controller = new AbortController();
		const probe = probeRegistry(host, options({timeoutMs: 60_000, signal: controller.signal}));
		controller.abort(new Error('user left'));
		await expect(probe).rejects.toThrow('user left');
	}, 5_000);
	test('bytes that are not HTTP are a protocol failure', async () => {
		const host = await listen(
			createNetServer(socket => {
				openSockets.push(socket);
				socket.end('garbage, not a registry\r\n\r\n');
			}),
		);
		expect(await probeRegistry(host, options())).toEqual({ok: false, kind: 'protocol', message: `${host} answered something that is not HTTP`});
	});
	test('a body that is not JSON, or is huge, is a protocol failure', async () => {
		const host = await serve((req, res) => {
			if (req.url?.startsWith('/v2/huge/')) {
				res.writeHead(200, {'content-type': 'application/json'});
				const chunk = 'x'.repeat(64 * 1024);
				for (let i = 0; i < 80; i++) res.write(chunk);
				res.end();
			} else {
				res.writeHead(200, {'content-type': 'text/html'});
				res.end('<html>hello</html>');
			}
		});
		const session = registrySession(host, null, options());
		expect(await failureOf(session.tags('app'))).toEqual({ok: false, kind: 'protocol', message: `${host} answered a tag list that is not valid JSON`});
		expect(await failureOf(session.tags('huge'))).toEqual({ok: false, kind: 'protocol', message: `${host} answered more than 4 MiB`});
		const malformed = await serve((_req, res) => json(res, 200, {repositories: [1, 2]}));
		expect(await failureOf(registrySession(malformed, null, options()).repositories(2).next())).toMatchObject({kind: 'protocol'});
	});
	test('a kept-alive connection the registry dropped meanwhile is replaced, not reported', async () => {
		let connections = 0;
		const host = await listen(
			createNetServer(socket => {
				openSockets.push(socket);
				connections++;
				let answered = 0;
				let received = '';
				socket.on('data', (chunk: Buffer) => {
					// A TLS ClientHello: this registry speaks plain HTTP only.
					if (received === '' && chunk[0] === 0x16) {
						socket.destroy();
						return;
					}
					received += chunk.toString('latin1');
					if (!received.endsWith('\r\n\r\n')) return;
					received = '';
					// Every connection serves one request and then closes on the next, as an idle timeout does.
					if (answered++ > 0) {
						socket.destroy();
						return;
					}
					const body = JSON.stringify({name: 'app', tags: ['1.0']});
					socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: keep-alive\r\n\r\n${body}`);
				});
			}),
		);
		const session = registrySession(host, null, options());
		expect(await session.tags('app')).toEqual({tags: ['1.0'], cut: null});
		expect(await session.tags('app')).toEqual({tags: ['1.0'], cut: null});
		expect(await session.tags('app')).toEqual({tags: ['1.0'], cut: null});
		expect(connections).toBeGreaterThan(1);
	});
	test('a refused connection is unreachable', async () => {
		const server = createNetServer();
		const host = await listen(server);
		await new Promise<void>(resolve => server.close(() => resolve()));
		openServers.splice(openServers.indexOf(server), 1);
		expect(await probeRegistry(host, options())).toEqual({ok: false, kind: 'unreachable', message: `${host} refused the connection`});
	});
	test("server errors are unreachable, with the registry's words", async () => {
		const host = await serve((_req, res) => json(res, 503, {errors: [{code: 'UNAVAILABLE', message: 'storage is down'}]}));
		expect(await failureOf(registrySession(host, null, options()).tags('app'))).toEqual({ok: false, kind: 'unreachable', message: `${host} failed with HTTP 503: storage is down`});
	});
});

describe('TLS', () => {
	let pki: string;
	const file = (name: string) => readFileSync(join(pki, name), 'utf8');

	beforeAll(() => {
		pki = tempDir('dockswab-pki-');
		const openssl = (...args: string[]) => execFileSync('openssl', args, {cwd: pki, stdio: ['ignore', 'ignore', 'pipe']});
		const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
		openssl(
			'req',
			'-x509',
			...ec,
			'-keyout',
			'ca.key',
			'-out',
			'ca.crt',
			'-days',
			'2',
			'-subj',
			'/CN=dockswab test CA',
			'-addext',
			'basicConstraints=critical,CA:TRUE',
			'-addext',
			'keyUsage=critical,keyCertSign,cRLSign',
		);
		writeFileSync(join(pki, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
		writeFileSync(join(pki, 'client.ext'), 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n');
		for (const name of ['server', 'client']) {
			openssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name === 'server' ? '127.0.0.1' : 'dockswab client'}`);
			openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`);
		}
	});

	function tlsRegistry(clientCertificate: boolean): Promise<string> {
		const server = createHttpsServer(
			{key: file('server.key'), cert: file('server.crt'), ca: file('ca.crt'), requestCert: clientCertificate, rejectUnauthorized: clientCertificate},
			withBody((req, res) => {
				if (req.headers.authorization !== basic('u', 'p')) challenge(res, 'Basic realm="r"');
				else json(res, 200, {repositories: ['secure/app']});
			}),
		);
		return listen(server);
	}

	function certsDirFor(host: string, files: Record<string, string>): string {
		const dir = tempDir('dockswab-certs.d-');
		mkdirSync(join(dir, host));
		for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, host, name), content);
		return dir;
	}

	test('a registry whose CA is in certs.d is reached over verified HTTPS', async () => {
		const host = await tlsRegistry(false);
		const certsDir = certsDirFor(host, {'ca.crt': file('ca.crt')});
		expect(await probeRegistry(host, options({certsDir}))).toEqual({ok: true, auth: 'basic', scheme: 'https'});
		expect(await verifyLogin(host, 'u', 'p', options({certsDir}))).toEqual({ok: true, auth: 'basic', identityToken: null});
		expect(await collect(registrySession(host, {username: 'u', secret: 'p'}, options({certsDir})).repositories(10))).toEqual([['secure/app']]);
	});
	test("a CA the OS bundle adds to node's roots (SSL_CERT_FILE here, as OpenSSL and Go read it) is trusted without certs.d", async () => {
		const host = await tlsRegistry(false);
		const bundle = join(tempDir('dockswab-bundle-'), 'ca-certificates.crt');
		writeFileSync(bundle, `${rootCertificates.slice(0, 3).join('\n')}\n${file('ca.crt')}`);
		vi.stubEnv('SSL_CERT_FILE', bundle);
		try {
			expect(await probeRegistry(host, options())).toEqual({ok: true, auth: 'basic', scheme: 'https'});
			// A bundle of node's roots alone adds nothing: the registry's CA is not trusted.
			writeFileSync(`${bundle}.roots`, rootCertificates.join('\n'));
			vi.stubEnv('SSL_CERT_FILE', `${bundle}.roots`);
			expect(await probeRegistry(host, options())).toMatchObject({ok: false, kind: 'tls'});
		} finally {
			vi.unstubAllEnvs();
		}
	});
	test('the OS bundle adds only the certificates node lacks, however their lines are broken', () => {
		const [first, second] = rootCertificates;
		const rewrapped = first!.replace(/\n/g, '\r\n');
		const own = file('ca.crt').trim();
		expect(certificatesBeyond(`# a comment\n${rewrapped}\n${own}\n${second}\n`, rootCertificates)).toBe(own);
		expect(certificatesBeyond(rootCertificates.join('\n'), rootCertificates)).toBe('');
		expect(certificatesBeyond('no certificates here', rootCertificates)).toBe('');
	});
	test('without its CA it is refused with the file that would fix it, and never downgraded to HTTP', async () => {
		const host = await tlsRegistry(false);
		const failure = await probeRegistry(host, options());
		expect(failure).toMatchObject({ok: false, kind: 'tls'});
		expect(failure.ok ? '' : failure.message).toContain(join(emptyCertsDir, host, 'ca.crt'));
		expect(await verifyLogin(host, 'u', 'p', options())).toMatchObject({ok: false, kind: 'tls'});
	});
	test('a client certificate that cannot be read as one is refused with its directory, and the fixed files are read again', async () => {
		const host = await tlsRegistry(true);
		const certsDir = certsDirFor(host, {'ca.crt': file('ca.crt'), 'client.cert': 'not a certificate\n', 'client.key': 'not a key\n'});
		const failure = await probeRegistry(host, options({certsDir}));
		expect(failure).toMatchObject({ok: false, kind: 'tls', message: expect.stringContaining(`the certificates in ${join(certsDir, host)} cannot be used`)});
		writeFileSync(join(certsDir, host, 'client.cert'), file('client.crt'));
		writeFileSync(join(certsDir, host, 'client.key'), file('client.key'));
		expect(await verifyLogin(host, 'u', 'p', options({certsDir}))).toEqual({ok: true, auth: 'basic', identityToken: null});
	});
	test('a registry the engine lists as insecure is reached without verification', async () => {
		const host = await tlsRegistry(false);
		expect(await probeRegistry(host, options({insecure: new Set([host])}))).toEqual({ok: true, auth: 'basic', scheme: 'https'});
	});
	test('client.cert and client.key from certs.d are presented to a registry that asks for them', async () => {
		const host = await tlsRegistry(true);
		const withClient = certsDirFor(host, {'ca.crt': file('ca.crt'), 'client.cert': file('client.crt'), 'client.key': file('client.key')});
		expect(await verifyLogin(host, 'u', 'p', options({certsDir: withClient}))).toEqual({ok: true, auth: 'basic', identityToken: null});
		const without = await probeRegistry(host, options({certsDir: certsDirFor(host, {'ca.crt': file('ca.crt')})}));
		expect(without).toMatchObject({ok: false, kind: 'tls', message: expect.stringContaining(`${host} asks for a client certificate`)});
		const keyless = certsDirFor(host, {'ca.crt': file('ca.crt'), 'client.cert': file('client.crt')});
		expect(await probeRegistry(host, options({certsDir: keyless}))).toMatchObject({ok: false, kind: 'tls', message: expect.stringMatching(/client\.cert has no matching \.key/)});
	});
});

describe('manifest digests and deletes', () => {
	const known = `sha256:${'c0ffee'.repeat(10)}abcd`;
	const manifestBody = JSON.stringify({schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.v2+json', config: {}, layers: []});
	type Seen = {method: string; url: string; accept: string | undefined};

	/** A Basic-auth registry holding app:1.0 (digest `known`), app:bare (no digest header) and nothing else. */
	async function digestRegistry(deleteStatus = 202) {
		const seen: Seen[] = [];
		const host = await serve((req, res) => {
			if (req.headers.authorization !== basic('u', 'p')) {
				challenge(res, 'Basic realm="r"');
				return;
			}
			seen.push({method: req.method ?? '', url: req.url ?? '', accept: req.headers.accept});
			if (req.method === 'HEAD' && req.url === '/v2/app/manifests/1.0') {
				res.writeHead(200, {
					'docker-content-digest': known,
					'content-type': 'application/vnd.docker.distribution.manifest.v2+json',
					'content-length': String(manifestBody.length),
					'ratelimit-limit': '100;w=21600',
					'ratelimit-remaining': '76;w=21600',
				});
				res.end();
			} else if (req.url === '/v2/app/manifests/bare') {
				res.writeHead(200, {'content-type': 'application/vnd.docker.distribution.manifest.v2+json'});
				res.end(req.method === 'HEAD' ? undefined : manifestBody);
			} else if (req.method === 'DELETE' && req.url === `/v2/app/manifests/${known}`) {
				if (deleteStatus === 202) {
					res.writeHead(202, {'content-length': '0'});
					res.end();
				} else if (deleteStatus === 405) json(res, 405, {errors: [{code: 'UNSUPPORTED', message: 'The operation is unsupported.'}]});
				else if (deleteStatus === 403) json(res, 403, {errors: [{code: 'DENIED', message: 'requested access to the resource is denied'}]});
				else if (deleteStatus === 429) json(res, 429, {errors: [{code: 'TOOMANYREQUESTS'}]}, {'retry-after': '60'});
				else json(res, deleteStatus, {});
			} else if (req.method === 'HEAD') {
				res.writeHead(404, {'content-type': 'application/json'});
				res.end();
			} else json(res, 404, {errors: [{code: 'MANIFEST_UNKNOWN', message: 'manifest unknown'}]});
		});
		return {host, seen, session: registrySession(host, {username: 'u', secret: 'p'}, options())};
	}

	test('HEAD gives the digest with the full Accept list and the rate limit; an unknown tag is null', async () => {
		const {session, seen} = await digestRegistry();
		expect(await session.manifestDigest('app', '1.0')).toEqual({digest: known, index: false, rateLimit: {limit: 100, remaining: 76, windowSeconds: 21600}});
		expect(seen[0]!.method).toBe('HEAD');
		expect(
			seen[0]!
				.accept!.split(',')
				.map(type => type.trim())
				.sort(),
		).toEqual([
			'application/vnd.docker.distribution.manifest.list.v2+json',
			'application/vnd.docker.distribution.manifest.v2+json',
			'application/vnd.oci.image.index.v1+json',
			'application/vnd.oci.image.manifest.v1+json',
		]);
		expect(await session.manifestDigest('app', 'never-pushed')).toEqual({digest: null, index: false, rateLimit: null});
		expect(await session.manifestDigest('app', known)).toEqual({digest: null, index: false, rateLimit: null});
		expect(seen.at(-1)!.url).toBe(`/v2/app/manifests/${known}`);
	});
	test('without a digest header the manifest is fetched and its bytes hashed', async () => {
		const {session, seen} = await digestRegistry();
		expect(await session.manifestDigest('app', 'bare')).toEqual({digest: `sha256:${createHash('sha256').update(manifestBody).digest('hex')}`, index: false, rateLimit: null});
		expect(seen.map(entry => entry.method)).toEqual(['HEAD', 'GET']);
	});
	test('names that are neither a tag nor a digest never reach the registry', async () => {
		const {session, seen} = await digestRegistry();
		expect(await failureOf(session.manifestDigest('app', '../x'))).toMatchObject({kind: 'not-found'});
		expect(await failureOf(session.deleteManifest('app', '1.0'))).toMatchObject({kind: 'not-found', message: "'1.0' is not a digest; registries delete manifests by digest only"});
		expect(seen).toEqual([]);
	});
	test('DELETE by digest: 202 is done', async () => {
		const {session, seen} = await digestRegistry();
		await expect(session.deleteManifest('app', known)).resolves.toBeUndefined();
		expect(seen).toEqual([{method: 'DELETE', url: `/v2/app/manifests/${known}`, accept: undefined}]);
	});
	test.each([
		[405, {ok: false, kind: 'unsupported', message: 'HOST does not allow deletes (the registry runs with storage.delete.enabled false)'}],
		[403, {ok: false, kind: 'denied', message: 'HOST: access to app@sha256:c0ffeec0ffee… denied: requested access to the resource is denied'}],
		[404, {ok: false, kind: 'not-found', message: 'app@sha256:c0ffeec0ffee… not found on HOST'}],
		// Retry-After: 60 at 10:00:30 local time (the clock is fixed below).
		[429, {ok: false, kind: 'rate-limited', message: 'HOST: too many requests; it resets at 10:01 (in 1 min)'}],
	])('DELETE answered %i', async (status, expected) => {
		const {host, session} = await digestRegistry(status);
		// Only Date is faked: the loopback registry's sockets and timers stay real.
		vi.useFakeTimers({toFake: ['Date']});
		vi.setSystemTime(new Date(2026, 0, 15, 10, 0, 30));
		const failure = await failureOf(session.deleteManifest('app', status === 404 ? `sha256:${'0'.repeat(64)}` : known)).finally(() => vi.useRealTimers());
		const message = expected.message.replace('HOST', host).replace('sha256:c0ffeec0ffee…', status === 404 ? 'sha256:000000000000…' : 'sha256:c0ffeec0ffee…');
		expect(failure).toEqual({...expected, message});
	});
	test('without credentials a delete is unauthorized', async () => {
		const {host} = await digestRegistry();
		expect(await failureOf(registrySession(host, null, options()).deleteManifest('app', known))).toEqual({ok: false, kind: 'unauthorized', message: `${host} requires a login`});
	});

	/** A token registry whose issuer grants `repository:app:delete` only to `deleter`. */
	async function tokenDeleteRegistry() {
		const scopesAsked: string[][] = [];
		const deleted: string[] = [];
		const host = await serve((req, res) => {
			const url = new URL(req.url ?? '/', 'http://x');
			if (url.pathname === '/token') {
				const scopes = url.searchParams.getAll('scope');
				scopesAsked.push(scopes);
				const account = req.headers.authorization === basic('deleter', 'p') ? 'deleter' : req.headers.authorization === basic('reader', 'p') ? 'reader' : null;
				if (req.headers.authorization && !account) {
					json(res, 401, {});
					return;
				}
				const rights = scopes.filter(scope => account === 'deleter' || (account === 'reader' && scope.endsWith(':pull')));
				json(res, 200, {token: Buffer.from(JSON.stringify(rights)).toString('base64url'), expires_in: 300});
				return;
			}
			const scope = `repository:app:${req.method === 'DELETE' ? 'delete' : 'pull'}`;
			const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
			const realm = `Bearer realm="http://${host}/token",service="s",scope="${scope}"`;
			if (!bearer) challenge(res, realm);
			else if (!(JSON.parse(Buffer.from(bearer, 'base64url').toString('utf8')) as string[]).includes(scope)) challenge(res, `${realm},error="insufficient_scope"`);
			else if (req.method === 'DELETE') {
				deleted.push(url.pathname);
				res.writeHead(202, {'content-length': '0'});
				res.end();
			} else json(res, 404, {});
		});
		return {host, scopesAsked, deleted};
	}

	test('a token registry: the delete scope is asked for; without the right it is denied, anonymously it needs a login', async () => {
		const {host, scopesAsked, deleted} = await tokenDeleteRegistry();
		await registrySession(host, {username: 'deleter', secret: 'p'}, options()).deleteManifest('app', known);
		expect(scopesAsked).toEqual([['repository:app:delete']]);
		expect(deleted).toEqual([`/v2/app/manifests/${known}`]);
		expect(await failureOf(registrySession(host, {username: 'reader', secret: 'p'}, options()).deleteManifest('app', known))).toEqual({
			ok: false,
			kind: 'denied',
			message: `${host}: reader may not delete from app`,
		});
		expect(await failureOf(registrySession(host, null, options()).deleteManifest('app', known))).toEqual({ok: false, kind: 'unauthorized', message: `${host} requires a login to delete from app`});
		expect(deleted).toHaveLength(1);
	});
});
