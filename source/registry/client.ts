// The registry HTTP API v2 as dockswab uses it: probe, verify a login, browse repositories, tags
// and manifests, look up and delete manifests by digest. Every call has a deadline; every failure
// is a RegistryFailure a user can read.
import {createHash} from 'node:crypto';
import {basicAuthorization, challengesOf, requestToken, type Challenge} from './auth';
import type {Credential, RateLimit} from '../domain/registry-types';
import {asFailure, RegistryError, type RegistryFailure} from './failure';
import {defaultListingLimits, listingBudget} from './listing';
import {explainTooManyRequests, parseRateLimit} from './rate-limit';
import {createTransport, type HttpRequest, type HttpResponse, type RegistryOptions, type Transport} from './transport';

export type {RegistryOptions} from './transport';
export {RegistryError, type RegistryFailure} from './failure';

export type AuthKind = 'none' | 'basic' | 'token';

export type TagDetails = {
	readonly tag: string;
	readonly digest: string;
	/** Compressed bytes: config + layers of a single manifest; null for an index. */
	readonly size: number | null;
	readonly created: string | null;
	/** os/architecture[/variant] */
	readonly platforms: readonly string[];
	/** The platform manifests an index lists, by digest; empty for a single manifest. */
	readonly children: readonly string[];
};

/** What an index lists: its platform manifests by digest, and their platforms (os/architecture[/variant], attestations left out). */
export type IndexEntries = {readonly children: readonly string[]; readonly platforms: readonly string[]};

/** A manifest's bytes exactly as stored (its digest is theirs) and its media type. */
export type StoredManifest = {readonly body: Buffer; readonly mediaType: string};

/** One catalog page; `cut` (on the last page read) says what the listing limits left out. */
export type CatalogPage = {readonly repositories: readonly string[]; readonly cut: string | null};
/** A repository's tags; `cut` says what the listing limits left out, null when the list is whole. */
export type TagList = {readonly tags: readonly string[]; readonly cut: string | null};

export type RegistrySession = {
	/** _catalog pages following Link (pageSize ≤ 1000), within the listing limits; not-found when the registry has no catalog (Docker Hub). */
	repositories(pageSize: number): AsyncGenerator<CatalogPage, void, void>;
	/** tags/list, following Link within the listing limits, without duplicates. */
	tags(repository: string): Promise<TagList>;
	describeTag(repository: string, tag: string): Promise<TagDetails>;
	/**
	 * HEAD /v2/<repo>/manifests/<tag or digest> with the full Accept list; digest null when the
	 * registry has no such tag (404); index true when the answer's media type is an index or list.
	 */
	manifestDigest(
		repository: string,
		reference: string,
		options?: {readonly getWhenNoDigest?: boolean},
	): Promise<{readonly digest: string | null; readonly index: boolean; readonly rateLimit: RateLimit | null}>;
	/** The manifest with this digest (GET with the full Accept list): what it lists when it is an index, null for a single manifest. */
	readIndex(repository: string, digest: string): Promise<IndexEntries | null>;
	/**
	 * When the image with this digest was made, in ms since the epoch: the manifest's
	 * org.opencontainers.image.created annotation, else its config's `created`; an index without
	 * the annotation answers for its first platform. null when nothing says. Two GETs, by digest.
	 */
	imageCreated(repository: string, digest: string): Promise<number | null>;
	/** The manifest with this digest as stored: its bytes and media type (to put it back under a tag). */
	readManifest(repository: string, digest: string): Promise<StoredManifest>;
	/** Uploads a blob unless the repository has it (HEAD first); throws 'unsupported' when the registry takes no pushes. */
	pushBlob(repository: string, digest: string, content: Buffer): Promise<void>;
	/** PUT /v2/<repo>/manifests/<tag>: points the tag at these bytes; returns the digest the registry gives them. */
	pushManifest(repository: string, tag: string, manifest: StoredManifest): Promise<string>;
	/**
	 * DELETE /v2/<repo>/manifests/<digest>: the registry removes every tag of the repository that
	 * points at it. Throws 'unsupported' when the registry does not allow deletes (405),
	 * 'unauthorized'/'denied' without a login or the right, 'not-found' when the digest is gone.
	 */
	deleteManifest(repository: string, digest: string): Promise<void>;
};

const manifestTypes = {
	dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
	dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
	ociManifest: 'application/vnd.oci.image.manifest.v1+json',
	ociIndex: 'application/vnd.oci.image.index.v1+json',
};
/** Without every type, registries rewrite or refuse manifests and the digest differs from the engine's. */
const manifestAccept = Object.values(manifestTypes).join(', ');

const repositoryName = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const tagName = /^[\w][\w.-]{0,127}$/;
const digestPattern = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

function checkRepository(repository: string): void {
	if (!repositoryName.test(repository)) throw new RegistryError('not-found', `'${repository}' is not a valid repository name`);
}

/** `sha256:0123456789ab…` for messages: enough to tell digests apart. */
function shortDigest(digest: string): string {
	const colon = digest.indexOf(':');
	return digest.length > colon + 13 ? `${digest.slice(0, colon + 13)}…` : digest;
}

type RegistryErrorBody = {errors?: {code?: string; message?: string}[]};

function registryWords(response: HttpResponse): string | null {
	try {
		const first = (JSON.parse(response.body.toString('utf8')) as RegistryErrorBody).errors?.[0];
		return first?.message ? first.message : (first?.code ?? null);
	} catch {
		return null;
	}
}

/** A non-2xx answer as a failure; `what` names the object, e.g. "repository app". */
function statusFailure(response: HttpResponse, host: string, what: string): RegistryError {
	const words = registryWords(response);
	const said = words ? `: ${words}` : '';
	switch (response.status) {
		case 401:
			return new RegistryError('unauthorized', `${host} requires a login${said}`);
		case 403:
			return new RegistryError('denied', `${host}: access to ${what} denied${said}`);
		case 404:
			return new RegistryError('not-found', `${what} not found on ${host}`);
		case 429: {
			const explanation = explainTooManyRequests(response.headers, new Date());
			return new RegistryError('rate-limited', explanation.startsWith('Docker Hub') ? explanation : `${host}: ${explanation}`);
		}
		default:
			if (response.status >= 500) return new RegistryError('unreachable', `${host} failed with HTTP ${response.status}${said}`);
			return new RegistryError('protocol', `${host} answered HTTP ${response.status} for ${what}${said}`);
	}
}

function parseJson(response: HttpResponse, host: string, what: string): unknown {
	try {
		return JSON.parse(response.body.toString('utf8'));
	} catch {
		throw new RegistryError('protocol', `${host} answered ${what} that is not valid JSON`);
	}
}

function authKindOf(challenges: readonly Challenge[], host: string): AuthKind {
	if (challenges.some(challenge => challenge.scheme === 'bearer')) return 'token';
	if (challenges.some(challenge => challenge.scheme === 'basic')) return 'basic';
	throw new RegistryError('protocol', `${host} asks for a login it does not name (no Basic or Bearer challenge)`);
}

/** GET /v2/ anonymously: is it there, which auth does it ask for. */
export async function probeRegistry(server: string, options: RegistryOptions): Promise<{ok: true; auth: AuthKind; scheme: 'https' | 'http'} | RegistryFailure> {
	return asFailure(async () => {
		const transport = createTransport(server, options);
		const response = await transport.registry('/v2/');
		const host = transport.address().host;
		const scheme = transport.scheme() ?? 'https';
		if (response.status === 200) return {ok: true as const, auth: 'none' as const, scheme};
		if (response.status === 401) return {ok: true as const, auth: authKindOf(challengesOf(response), host), scheme};
		throw statusFailure(response, host, 'the registry API (/v2/)');
	});
}

/** Verifies a login against the registry itself, with the requests the engine makes for `docker login`. */
export async function verifyLogin(server: string, username: string, password: string, options: RegistryOptions): Promise<{ok: true; auth: AuthKind; identityToken: string | null} | RegistryFailure> {
	return asFailure(async () => {
		const transport = createTransport(server, options);
		const host = transport.address().host;
		const first = await transport.registry('/v2/');
		if (first.status === 200) return {ok: true as const, auth: 'none' as const, identityToken: null};
		if (first.status !== 401) throw statusFailure(first, host, 'the registry API (/v2/)');
		const challenges = challengesOf(first);
		const auth = authKindOf(challenges, host);
		const credential: Credential = {username, secret: password};
		let authorization: string;
		let identityToken: string | null = null;
		if (auth === 'token') {
			const grant = await requestToken(transport, {challenge: challenges.find(challenge => challenge.scheme === 'bearer')!, credential, scopes: [], offline: true});
			authorization = `Bearer ${grant.token}`;
			identityToken = grant.refreshToken;
		} else authorization = basicAuthorization(username, password);
		const second = await transport.registry('/v2/', {headers: {authorization}});
		if (second.status === 200) return {ok: true as const, auth, identityToken};
		if (second.status === 401) throw new RegistryError('unauthorized', `${host}: incorrect username or password`);
		throw statusFailure(second, host, 'the registry API (/v2/)');
	});
}

type Authorized = {readonly authorization: string | null; readonly bearer: boolean};
type AuthorizedRequest = Pick<HttpRequest, 'method' | 'headers' | 'followRedirects' | 'body'>;

/** Told the refresh token the token service rotated (the one used is void from then on), to store it. */
export type RefreshTokenRotated = (refreshToken: string) => Promise<void>;

function authorizedClient(transport: Transport, login: Credential | null, onRotated: RefreshTokenRotated) {
	const tokens = new Map<string, {token: string; expiresAt: number}>();
	let basicKnown = false;
	let credential = login;
	// Refresh grants one at a time: with a rotating issuer, two at once would present the same
	// token and the second would be refused.
	let refreshing: Promise<unknown> = Promise.resolve();
	const grantFor = (challenge: Challenge, scopes: string[]) => {
		if (!credential?.identityToken) return requestToken(transport, {challenge, credential, scopes, offline: false});
		const grant = refreshing.then(async () => {
			const used = credential!;
			const answer = await requestToken(transport, {challenge, credential: used, scopes, offline: false});
			if (answer.refreshToken && answer.refreshToken !== used.secret) {
				credential = {...used, secret: answer.refreshToken};
				await onRotated(answer.refreshToken);
			}
			return answer;
		});
		refreshing = grant.catch(() => undefined);
		return grant;
	};
	const cached = (scope: string): Authorized => {
		const entry = tokens.get(scope);
		if (entry && entry.expiresAt > Date.now() + 5_000) return {authorization: `Bearer ${entry.token}`, bearer: true};
		if (basicKnown && credential && !credential.identityToken) return {authorization: basicAuthorization(credential.username, credential.secret), bearer: false};
		return {authorization: null, bearer: false};
	};
	/** Answers a 401 challenge with what it asks for; throws when we have nothing better to send. */
	const answer = async (response: HttpResponse, scope: string, sent: Authorized): Promise<Authorized> => {
		const host = transport.address().host;
		const challenges = challengesOf(response);
		const bearer = challenges.find(challenge => challenge.scheme === 'bearer');
		if (bearer) {
			if (sent.bearer && bearer.params.error === 'insufficient_scope') throw new RegistryError('denied', `${host}: access denied (${scope})`);
			const scopes = bearer.params.scope ? bearer.params.scope.split(' ').filter(Boolean) : [scope];
			const grant = await grantFor(bearer, scopes);
			tokens.set(scope, {token: grant.token, expiresAt: grant.expiresAt});
			return {authorization: `Bearer ${grant.token}`, bearer: true};
		}
		if (challenges.some(challenge => challenge.scheme === 'basic')) {
			if (!credential || credential.identityToken) throw new RegistryError('unauthorized', `${host} requires a login`);
			if (sent.authorization && !sent.bearer) throw new RegistryError('unauthorized', `${host}: incorrect username or password`);
			basicKnown = true;
			return {authorization: basicAuthorization(credential.username, credential.secret), bearer: false};
		}
		throw new RegistryError('protocol', `${host} refused the request without saying how to log in`);
	};
	/** A request that logs in as the registry asks: at most one fresh authorization per request. */
	return async (path: string, scope: string, request: AuthorizedRequest = {}): Promise<HttpResponse> => {
		let sent = cached(scope);
		const headers = request.headers ?? {};
		for (let attempt = 0; ; attempt++) {
			const response = await transport.registry(path, {...request, headers: sent.authorization ? {...headers, authorization: sent.authorization} : headers});
			if (response.status !== 401) return response;
			if (attempt > 0) {
				const insufficient = challengesOf(response).some(challenge => challenge.params.error === 'insufficient_scope');
				const host = transport.address().host;
				throw insufficient
					? new RegistryError('denied', `${host}: access denied (${scope})`)
					: new RegistryError('unauthorized', sent.bearer ? `${host} refused the token it issued` : `${host}: incorrect username or password`);
			}
			sent = await answer(response, scope, sent);
		}
	};
}

function nextLink(response: HttpResponse, host: string): string | null {
	const link = response.headers.link;
	const header = Array.isArray(link) ? link.join(', ') : link;
	if (!header) return null;
	const match = /<([^>]*)>\s*;\s*rel="?next"?/i.exec(header);
	if (!match) return null;
	const next = new URL(match[1]!, response.url);
	if (next.origin !== response.url.origin) throw new RegistryError('protocol', `${host} pointed its next page at another server`);
	return `${next.pathname}${next.search}`;
}

function stringList(value: unknown, key: string, host: string): string[] {
	const list = (value as Record<string, unknown> | null)?.[key];
	if (list === null || list === undefined) return [];
	if (!Array.isArray(list) || list.some(item => typeof item !== 'string')) throw new RegistryError('protocol', `${host} answered a malformed ${key} list`);
	return list as string[];
}

type Descriptor = {mediaType?: string; digest?: string; size?: number; platform?: {os?: string; architecture?: string; variant?: string}};
type Manifest = {mediaType?: string; config?: Descriptor; layers?: Descriptor[]; manifests?: Descriptor[]; annotations?: Record<string, unknown>};
type ImageConfig = {created?: string; os?: string; architecture?: string; variant?: string};

const mediaTypeOf = (response: HttpResponse): string =>
	String(response.headers['content-type'] ?? '')
		.split(';')[0]!
		.trim();
const isIndexType = (mediaType: string | undefined): boolean => mediaType === manifestTypes.dockerList || mediaType === manifestTypes.ociIndex;

/** An index (or manifest list): by its media type, or by its shape when the type is missing. */
function isIndex(manifest: Manifest | null, response: HttpResponse): boolean {
	return isIndexType(manifest?.mediaType ?? mediaTypeOf(response)) || (Array.isArray(manifest?.manifests) && !manifest.config);
}

/** The body as a manifest, or null: only the digest of the bytes is asked for. */
function manifestOrNull(response: HttpResponse): Manifest | null {
	try {
		return JSON.parse(response.body.toString('utf8')) as Manifest | null;
	} catch {
		return null;
	}
}

function platformsOf(manifest: Manifest): string[] {
	const platforms = (manifest.manifests ?? []).map(entry => (entry.platform ? platformName(entry.platform) : null)).filter((name): name is string => name !== null);
	return [...new Set(platforms)];
}

function childDigests(manifest: Manifest): string[] {
	const digests = (manifest.manifests ?? []).map(entry => entry.digest).filter((digest): digest is string => typeof digest === 'string' && digestPattern.test(digest));
	return [...new Set(digests)];
}

function platformName(platform: {os?: string; architecture?: string; variant?: string}): string | null {
	if (!platform.os || !platform.architecture || platform.os === 'unknown') return null;
	return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

export function registrySession(server: string, credential: Credential | null, options: RegistryOptions, onRotated: RefreshTokenRotated = async () => undefined): RegistrySession {
	const transport = createTransport(server, options);
	const limits = options.listing ?? defaultListingLimits;
	const send = authorizedClient(transport, credential, onRotated);
	const host = () => transport.address().host;

	/** A push step: 2xx, or why not in words (a registry that takes no pushes, a login that may not push). */
	const pushRequest = async (path: string, repository: string, request: AuthorizedRequest, what: string) => {
		let response: HttpResponse;
		try {
			response = await send(path, `repository:${repository}:push,pull`, request);
		} catch (error) {
			if (error instanceof RegistryError && error.failure.kind === 'denied') {
				throw credential
					? new RegistryError('denied', `${host()}: ${credential.identityToken ? 'this login' : credential.username} may not push to ${repository}`)
					: new RegistryError('unauthorized', `${host()} requires a login to push`);
			}
			throw error;
		}
		if (response.status >= 200 && response.status < 300) return response;
		if (response.status === 405) throw new RegistryError('unsupported', `${host()} does not accept pushes (read-only, or pushes disabled)`);
		throw statusFailure(response, host(), what);
	};

	const getOk = async (path: string, scope: string, what: string, headers: Record<string, string> = {}, followRedirects = false) => {
		const response = await send(path, scope, {headers, followRedirects});
		if (response.status !== 200) throw statusFailure(response, host(), what);
		return response;
	};

	return {
		async *repositories(pageSize) {
			if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new RangeError('pageSize must be 1 to 1000');
			if (transport.address().dockerHub) throw new RegistryError('not-found', 'Docker Hub has no repository catalog; type a repository name');
			const seen = new Set<string>();
			const budget = listingBudget(limits, 'repositories');
			let path: string | null = `/v2/_catalog?n=${pageSize}`;
			while (path) {
				if (seen.has(path)) throw new RegistryError('protocol', `${host()} sent the same catalog page twice`);
				seen.add(path);
				const response = await send(path, 'registry:catalog:*');
				if (response.status === 404) throw new RegistryError('not-found', `${host()} has no repository catalog; type a repository name`);
				if (response.status !== 200) throw statusFailure(response, host(), 'the repository catalog');
				const names = stringList(parseJson(response, host(), 'a catalog page'), 'repositories', host());
				const kept = names.slice(0, budget.page(names.length));
				path = nextLink(response, host());
				const cut = budget.stop(path !== null);
				yield {repositories: kept, cut};
				if (cut) return;
			}
		},

		async tags(repository) {
			checkRepository(repository);
			const tags = new Set<string>();
			const seen = new Set<string>();
			const budget = listingBudget(limits, 'tags');
			let path: string | null = `/v2/${repository}/tags/list`;
			while (path) {
				if (seen.has(path)) throw new RegistryError('protocol', `${host()} sent the same tags page twice`);
				seen.add(path);
				const response = await getOk(path, `repository:${repository}:pull`, `repository ${repository}`);
				const fresh = stringList(parseJson(response, host(), 'a tag list'), 'tags', host()).filter(tag => !tags.has(tag));
				for (const tag of fresh.slice(0, budget.page(fresh.length))) tags.add(tag);
				path = nextLink(response, host());
				const cut = budget.stop(path !== null);
				if (cut) return {tags: [...tags], cut};
			}
			return {tags: [...tags], cut: null};
		},

		async describeTag(repository, tag) {
			checkRepository(repository);
			if (!tagName.test(tag)) throw new RegistryError('not-found', `'${tag}' is not a valid tag`);
			const scope = `repository:${repository}:pull`;
			const response = await getOk(`/v2/${repository}/manifests/${tag}`, scope, `${repository}:${tag}`, {accept: manifestAccept});
			const digest = digestHeader(response) ?? bodyDigest(response);
			const manifest = parseJson(response, host(), 'a manifest') as Manifest;
			const mediaType = manifest?.mediaType ?? mediaTypeOf(response);
			if (isIndex(manifest, response)) {
				return {tag, digest, size: null, created: null, platforms: platformsOf(manifest), children: childDigests(manifest)};
			}
			const config = manifest?.config;
			if (!config || typeof config.digest !== 'string' || !digestPattern.test(config.digest) || !Array.isArray(manifest.layers)) {
				throw new RegistryError('protocol', `${host()} answered a manifest for ${repository}:${tag} that dockswab does not understand (${mediaType || 'no media type'})`);
			}
			const sizes = [config.size, ...manifest.layers.map(layer => layer.size)];
			const size = sizes.every(value => typeof value === 'number' && value >= 0) ? (sizes as number[]).reduce((sum, value) => sum + value, 0) : null;
			const blob = await getOk(`/v2/${repository}/blobs/${config.digest}`, scope, `the configuration of ${repository}:${tag}`, {}, true);
			const image = (parseJson(blob, host(), 'an image configuration') ?? {}) as ImageConfig;
			const platform = platformName(image);
			return {tag, digest, size, created: typeof image.created === 'string' ? image.created : null, platforms: platform ? [platform] : [], children: []};
		},

		async manifestDigest(repository, reference, options = {}) {
			checkRepository(repository);
			if (!tagName.test(reference) && !digestPattern.test(reference)) throw new RegistryError('not-found', `'${reference}' is not a valid tag or digest`);
			const path = `/v2/${repository}/manifests/${reference}`;
			const scope = `repository:${repository}:pull`;
			const what = `${repository}:${reference}`;
			const response = await send(path, scope, {method: 'HEAD', headers: {accept: manifestAccept}});
			const rateLimit = parseRateLimit(response.headers);
			if (response.status === 404) return {digest: null, index: false, rateLimit};
			if (response.status !== 200) throw statusFailure(response, host(), what);
			const index = isIndexType(mediaTypeOf(response));
			const digest = digestHeader(response);
			if (digest) return {digest, index, rateLimit};
			if (options.getWhenNoDigest === false) throw new RegistryError('protocol', `${host()} answered ${what} without a digest, and a GET was not asked for (on Docker Hub it counts as a pull)`);
			// A registry that leaves the digest out of HEAD answers: the manifest's own bytes name it.
			const full = await getOk(path, scope, what, {accept: manifestAccept});
			return {digest: bodyDigest(full), index: isIndex(manifestOrNull(full), full), rateLimit};
		},

		async readIndex(repository, digest) {
			checkRepository(repository);
			if (!digestPattern.test(digest)) throw new RegistryError('not-found', `'${digest}' is not a digest`);
			const what = `${repository}@${shortDigest(digest)}`;
			const response = await getOk(`/v2/${repository}/manifests/${digest}`, `repository:${repository}:pull`, what, {accept: manifestAccept});
			const manifest = parseJson(response, host(), 'a manifest') as Manifest | null;
			return manifest && isIndex(manifest, response) ? {children: childDigests(manifest), platforms: platformsOf(manifest)} : null;
		},

		async imageCreated(repository, digest) {
			checkRepository(repository);
			const scope = `repository:${repository}:pull`;
			const read = async (reference: string, platformsLeft: number): Promise<number | null> => {
				if (!digestPattern.test(reference)) return null;
				const what = `${repository}@${shortDigest(reference)}`;
				const response = await getOk(`/v2/${repository}/manifests/${reference}`, scope, what, {accept: manifestAccept});
				const manifest = parseJson(response, host(), 'a manifest') as Manifest | null;
				const annotated = timeOf(manifest?.annotations?.[createdAnnotation]);
				if (annotated !== null || !manifest) return annotated;
				if (isIndex(manifest, response)) return platformsLeft > 0 && childDigests(manifest)[0] ? read(childDigests(manifest)[0]!, platformsLeft - 1) : null;
				const config = manifest.config?.digest;
				if (typeof config !== 'string' || !digestPattern.test(config)) return null;
				const blob = await getOk(`/v2/${repository}/blobs/${config}`, scope, `the configuration of ${what}`, {}, true);
				return timeOf(((parseJson(blob, host(), 'an image configuration') ?? {}) as ImageConfig).created);
			};
			return read(digest, 1);
		},

		async readManifest(repository, digest) {
			checkRepository(repository);
			if (!digestPattern.test(digest)) throw new RegistryError('not-found', `'${digest}' is not a digest`);
			const response = await getOk(`/v2/${repository}/manifests/${digest}`, `repository:${repository}:pull`, `${repository}@${shortDigest(digest)}`, {accept: manifestAccept});
			if (bodyDigest(response) !== digest) throw new RegistryError('protocol', `${host()} answered ${repository}@${shortDigest(digest)} with other bytes`);
			return {body: response.body, mediaType: mediaTypeOf(response) || (manifestOrNull(response)?.mediaType ?? manifestTypes.ociManifest)};
		},

		async pushBlob(repository, digest, content) {
			checkRepository(repository);
			const what = `a blob upload to ${repository}`;
			// Asked with the pull scope: a token service grants what the challenge names (pull for a
			// HEAD), and a token cached under the push scope would then lack push.
			const present = await send(`/v2/${repository}/blobs/${digest}`, `repository:${repository}:pull`, {method: 'HEAD'});
			if (present.status === 200) return;
			const started = await pushRequest(`/v2/${repository}/blobs/uploads/`, repository, {method: 'POST'}, what);
			const location = uploadLocation(started, host());
			const separator = location.includes('?') ? '&' : '?';
			await pushRequest(`${location}${separator}digest=${encodeURIComponent(digest)}`, repository, {method: 'PUT', headers: {'content-type': 'application/octet-stream'}, body: content}, what);
		},

		async pushManifest(repository, tag, manifest) {
			checkRepository(repository);
			if (!tagName.test(tag)) throw new RegistryError('not-found', `'${tag}' is not a valid tag`);
			const response = await pushRequest(`/v2/${repository}/manifests/${tag}`, repository, {method: 'PUT', headers: {'content-type': manifest.mediaType}, body: manifest.body}, `${repository}:${tag}`);
			return digestHeader(response) ?? `sha256:${createHash('sha256').update(manifest.body).digest('hex')}`;
		},

		async deleteManifest(repository, digest) {
			checkRepository(repository);
			if (!digestPattern.test(digest)) throw new RegistryError('not-found', `'${digest}' is not a digest; registries delete manifests by digest only`);
			let response: HttpResponse;
			try {
				response = await send(`/v2/${repository}/manifests/${digest}`, `repository:${repository}:delete`, {method: 'DELETE'});
			} catch (error) {
				if (error instanceof RegistryError && error.failure.kind === 'denied') {
					throw credential
						? new RegistryError('denied', `${host()}: ${credential.identityToken ? 'this login' : credential.username} may not delete from ${repository}`)
						: new RegistryError('unauthorized', `${host()} requires a login to delete from ${repository}`);
				}
				throw error;
			}
			if (response.status >= 200 && response.status < 300) return;
			if (response.status === 405) {
				throw new RegistryError(
					'unsupported',
					transport.address().dockerHub
						? 'Docker Hub does not allow deletes through the registry API; delete tags on hub.docker.com'
						: `${host()} does not allow deletes (the registry runs with storage.delete.enabled false)`,
				);
			}
			throw statusFailure(response, host(), `${repository}@${shortDigest(digest)}`);
		},
	};
}

const createdAnnotation = 'org.opencontainers.image.created';

/** An RFC 3339 time as ms since the epoch; null for anything else. */
function timeOf(value: unknown): number | null {
	if (typeof value !== 'string') return null;
	const ms = Date.parse(value);
	return Number.isFinite(ms) ? ms : null;
}

/** Where an upload goes on: the Location of the POST's answer, on the same server. */
function uploadLocation(response: HttpResponse, host: string): string {
	const header = response.headers.location;
	if (typeof header !== 'string' || header === '') throw new RegistryError('protocol', `${host} started an upload without saying where it goes`);
	const next = new URL(header, response.url);
	if (next.origin !== response.url.origin) throw new RegistryError('protocol', `${host} pointed an upload at another server`);
	return `${next.pathname}${next.search}`;
}

function digestHeader(response: HttpResponse): string | null {
	const header = response.headers['docker-content-digest'];
	return typeof header === 'string' && digestPattern.test(header) ? header : null;
}

function bodyDigest(response: HttpResponse): string {
	return `sha256:${createHash('sha256').update(response.body).digest('hex')}`;
}
