// Registry authentication as the docker engine speaks it: WWW-Authenticate challenges, Basic,
// and the Bearer token flow (password grant by GET, refresh-token grant by POST).
import type {Credential} from '../domain/registry-types';
import {RegistryError} from './failure';
import type {HttpResponse, Transport} from './transport';

export type Challenge = {readonly scheme: string; readonly params: Readonly<Record<string, string>>};

const tokenChar = /[A-Za-z0-9!#$%&'*+.^_`|~-]/;

/**
 * `Basic realm="x"`, `Bearer realm="…",service="…",scope="repository:a:pull,push"`, several
 * challenges in one header (as Node joins repeated headers). Schemes and parameter names are
 * lower-cased; quoted values may hold commas and backslash escapes.
 */
export function parseChallenges(header: string): Challenge[] {
	const challenges: Challenge[] = [];
	let at = 0;
	const skip = (chars: RegExp) => {
		while (at < header.length && chars.test(header[at]!)) at++;
	};
	const token = () => {
		const start = at;
		while (at < header.length && tokenChar.test(header[at]!)) at++;
		return header.slice(start, at);
	};
	while (at < header.length) {
		skip(/[\s,]/);
		const scheme = token();
		if (scheme === '') {
			at++;
			continue;
		}
		const params: Record<string, string> = {};
		for (;;) {
			const before = at;
			skip(/[\s,]/);
			const name = token();
			skip(/\s/);
			if (name === '' || header[at] !== '=') {
				at = before;
				break;
			}
			at++;
			skip(/\s/);
			let value = '';
			if (header[at] === '"') {
				at++;
				while (at < header.length && header[at] !== '"') {
					if (header[at] === '\\' && at + 1 < header.length) at++;
					value += header[at];
					at++;
				}
				at++;
			} else {
				const start = at;
				while (at < header.length && !/[\s,]/.test(header[at]!)) at++;
				value = header.slice(start, at);
			}
			params[name.toLowerCase()] = value;
		}
		challenges.push({scheme: scheme.toLowerCase(), params});
	}
	return challenges;
}

export function challengesOf(response: HttpResponse): Challenge[] {
	const header = response.headers['www-authenticate'];
	return parseChallenges(Array.isArray(header) ? header.join(', ') : (header ?? ''));
}

export function basicAuthorization(username: string, password: string): string {
	return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

export type TokenGrant = {readonly token: string; readonly refreshToken: string | null; readonly expiresAt: number};

type TokenRequest = {
	readonly challenge: Challenge;
	readonly credential: Credential | null;
	readonly scopes: readonly string[];
	/** On login: ask for a refresh token, as `docker login` does. */
	readonly offline: boolean;
};

/**
 * The token endpoint a challenge names. Passwords and refresh tokens go there, so a registry
 * reached over HTTPS may not send them to plain HTTP; only a registry that is itself plain HTTP
 * (loopback or engine-listed insecure) may name an http:// realm.
 */
function realmOf(challenge: Challenge, transport: Transport): URL {
	const registryHost = transport.address().host;
	const realm = challenge.params.realm;
	let url: URL | null = null;
	try {
		url = realm ? new URL(realm) : null;
	} catch {
		url = null;
	}
	if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw new RegistryError('protocol', `${registryHost} asks for a token without a usable realm`);
	if (url.protocol === 'http:' && transport.scheme() !== 'http') {
		throw new RegistryError(
			'protocol',
			`${registryHost} is reached over HTTPS but sends logins to a token service over plain HTTP (${url.origin}); dockswab refuses to send credentials unencrypted. The registry's token realm must be an https:// address`,
		);
	}
	return url;
}

/** The token endpoint's answer: `token` or `access_token`, `refresh_token`, `expires_in` (seconds, default 60). */
function grantOf(response: HttpResponse, realm: URL): TokenGrant {
	let json: unknown;
	try {
		json = JSON.parse(response.body.toString('utf8'));
	} catch {
		throw new RegistryError('protocol', `the token service ${realm.host} answered something that is not JSON`);
	}
	const answer = (json ?? {}) as {token?: unknown; access_token?: unknown; refresh_token?: unknown; expires_in?: unknown};
	const token = typeof answer.token === 'string' && answer.token !== '' ? answer.token : answer.access_token;
	if (typeof token !== 'string' || token === '') throw new RegistryError('protocol', `the token service ${realm.host} answered without a token`);
	const expiresIn = typeof answer.expires_in === 'number' && answer.expires_in > 0 ? answer.expires_in : 60;
	return {token, refreshToken: typeof answer.refresh_token === 'string' && answer.refresh_token !== '' ? answer.refresh_token : null, expiresAt: Date.now() + expiresIn * 1000};
}

export async function requestToken(transport: Transport, request: TokenRequest): Promise<TokenGrant> {
	const {challenge, credential, scopes} = request;
	const realm = realmOf(challenge, transport);
	const service = challenge.params.service;
	let response: HttpResponse;
	if (credential?.identityToken) {
		const form = new URLSearchParams({grant_type: 'refresh_token', refresh_token: credential.secret, client_id: 'docker'});
		if (service) form.set('service', service);
		if (scopes.length > 0) form.set('scope', scopes.join(' '));
		response = await transport.absolute(realm, {method: 'POST', body: form.toString(), headers: {'content-type': 'application/x-www-form-urlencoded'}, maxBytes: 1024 * 1024});
	} else {
		const url = new URL(realm);
		if (credential) url.searchParams.set('account', credential.username);
		url.searchParams.set('client_id', 'docker');
		if (request.offline && credential) url.searchParams.set('offline_token', 'true');
		if (service) url.searchParams.set('service', service);
		for (const scope of scopes) url.searchParams.append('scope', scope);
		const headers: Record<string, string> = credential ? {authorization: basicAuthorization(credential.username, credential.secret)} : {};
		response = await transport.absolute(url, {headers, maxBytes: 1024 * 1024});
	}
	if (response.status === 200) return grantOf(response, realm);
	if (response.status === 401) {
		throw new RegistryError(
			'unauthorized',
			credential
				? credential.identityToken
					? `${transport.address().host}: the stored login token was refused; log in again`
					: `${transport.address().host}: incorrect username or password`
				: `${transport.address().host} requires a login`,
		);
	}
	if (response.status === 403) throw new RegistryError('denied', `${transport.address().host}: access denied by the token service`);
	throw new RegistryError('protocol', `the token service ${realm.host} answered ${response.status}`);
}
