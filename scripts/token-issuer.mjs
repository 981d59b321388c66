#!/usr/bin/env node
// Token issuer for the sandbox's token-auth registry (distribution's `auth: token`), loopback only.
// It speaks what the docker engine speaks to a realm:
//   GET  /token?service=S&scope=…&account=U&offline_token=true   (Basic credentials, or none)
//   POST /token  grant_type=password|refresh_token  (form body, OAuth2 style)
// and answers {token, access_token, expires_in, issued_at[, refresh_token]}. The one known user
// (the sandbox registry user) gets every right it asks for; anonymous callers get a token with no
// access, so the registry answers them `insufficient_scope` as Docker Hub does, except pull on the
// repositories --anonymous-pull names: public repositories, as Docker Hub serves them to anyone.
//
//   node scripts/token-issuer.mjs --port P --key key.pem --cert cert.pem --issuer I --service S \
//        --user U --password-file F [--anonymous-pull REPOSITORY]...
//
// Tokens are ES256 JWTs with the certificate in `x5c`; the registry trusts that certificate through
// its rootcertbundle. Refresh tokens are HMAC-signed, so they stay valid across issuer restarts as
// long as the key is the same. Secrets never reach the log.
import {createHmac, createPrivateKey, randomBytes, sign, timingSafeEqual} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {createServer} from 'node:http';
import {parseArgs} from 'node:util';

const {values: options} = parseArgs({
	options: {
		port: {type: 'string'},
		key: {type: 'string'},
		cert: {type: 'string'},
		issuer: {type: 'string'},
		service: {type: 'string'},
		user: {type: 'string'},
		'password-file': {type: 'string'},
		'expires-in': {type: 'string', default: '300'},
		'anonymous-pull': {type: 'string', multiple: true, default: []},
	},
});
for (const name of ['port', 'key', 'cert', 'issuer', 'service', 'user', 'password-file']) {
	if (!options[name]) {
		process.stderr.write(`token-issuer: missing --${name}\n`);
		process.exit(2);
	}
}

const keyPem = readFileSync(options.key, 'utf8');
const privateKey = createPrivateKey(keyPem);
const certDer = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(readFileSync(options.cert, 'utf8'))?.[1]?.replace(/\s+/g, '');
if (!certDer) {
	process.stderr.write('token-issuer: no certificate in --cert\n');
	process.exit(2);
}
const user = options.user;
const password = readFileSync(options['password-file'], 'utf8').trim();
const expiresIn = Number(options['expires-in']);
// Derived from the signing key: a new sandbox (new key) invalidates every refresh token.
const refreshSecret = createHmac('sha256', 'dockswab-sandbox refresh tokens').update(keyPem).digest();

const b64url = data => Buffer.from(data).toString('base64url');

function log(fields) {
	process.stdout.write(
		`${new Date().toISOString()} ${Object.entries(fields)
			.map(([k, v]) => `${k}=${v}`)
			.join(' ')}\n`,
	);
}

const sameText = (a, b) => {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
};

const validLogin = (name, secret) => name === user && sameText(secret, password);

/** `type[(class)]:name:action,action` → {type, name, actions}; the name may hold ':' (a port). */
function parseScope(scope) {
	const first = scope.indexOf(':');
	const last = scope.lastIndexOf(':');
	if (first < 0 || last === first) return null;
	return {
		type: scope.slice(0, first).replace(/\(.*\)$/, ''),
		name: scope.slice(first + 1, last),
		actions: scope
			.slice(last + 1)
			.split(',')
			.filter(Boolean),
	};
}

const grantable = {repository: new Set(['pull', 'push', 'delete', '*']), registry: new Set(['*'])};

const publicRepositories = new Set(options['anonymous-pull']);

/** Anyone may pull a public repository; nothing else without a login. */
function anonymousGrant(scopes) {
	return scopes
		.map(parseScope)
		.filter(parsed => parsed?.type === 'repository' && publicRepositories.has(parsed.name) && parsed.actions.includes('pull'))
		.map(parsed => ({type: 'repository', name: parsed.name, actions: ['pull']}));
}

function grant(subject, scopes) {
	if (!subject) return anonymousGrant(scopes);
	const access = [];
	for (const scope of scopes) {
		const parsed = parseScope(scope);
		if (!parsed) continue;
		if (parsed.type === 'registry' && parsed.name !== 'catalog') continue;
		const allowed = grantable[parsed.type];
		const actions = allowed ? parsed.actions.filter(action => allowed.has(action)) : [];
		if (actions.length > 0) access.push({type: parsed.type, name: parsed.name, actions});
	}
	return access;
}

function jwt(subject, access) {
	const now = Math.floor(Date.now() / 1000);
	const header = {typ: 'JWT', alg: 'ES256', x5c: [certDer]};
	const claims = {
		iss: options.issuer,
		sub: subject ?? '',
		// distribution 2.8 takes aud only as a string; an array is a "malformed token".
		aud: options.service,
		exp: now + expiresIn,
		nbf: now - 10,
		iat: now,
		jti: randomBytes(12).toString('hex'),
		access,
	};
	const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
	// JWS wants the raw r||s form, not DER; distribution rejects DER signatures.
	const signature = sign('sha256', Buffer.from(signingInput), {key: privateKey, dsaEncoding: 'ieee-p1363'});
	return `${signingInput}.${signature.toString('base64url')}`;
}

function refreshToken(subject) {
	const body = b64url(JSON.stringify({sub: subject, n: randomBytes(9).toString('base64url')}));
	return `${body}.${createHmac('sha256', refreshSecret).update(body).digest('base64url')}`;
}

function refreshSubject(token) {
	const [body, mac, extra] = String(token).split('.');
	if (!body || !mac || extra !== undefined) return null;
	if (!sameText(mac, createHmac('sha256', refreshSecret).update(body).digest('base64url'))) return null;
	try {
		const {sub} = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
		return sub === user ? sub : null;
	} catch {
		return null;
	}
}

function send(res, status, body, headers = {}) {
	res.writeHead(status, {'content-type': 'application/json', 'cache-control': 'no-store', ...headers});
	res.end(JSON.stringify(body));
}

const unauthorized = (res, message) => send(res, 401, {errors: [{code: 'UNAUTHORIZED', message}]}, {'www-authenticate': 'Basic realm="dockswab-sandbox-token"'});

function basicCredentials(header) {
	const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
	if (!match) return null;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	return colon < 0 ? null : {name: decoded.slice(0, colon), secret: decoded.slice(colon + 1)};
}

function tokenAnswer(subject, scopes, offline) {
	const token = jwt(subject, grant(subject, scopes));
	const answer = {token, access_token: token, expires_in: expiresIn, issued_at: new Date().toISOString(), scope: scopes.join(' ')};
	if (offline && subject) answer.refresh_token = refreshToken(subject);
	return answer;
}

const scopesOf = values => values.flatMap(value => value.split(' ')).filter(Boolean);

async function readBody(req) {
	const chunks = [];
	let size = 0;
	for await (const chunk of req) {
		size += chunk.length;
		if (size > 64 * 1024) throw new Error('body too large');
		chunks.push(chunk);
	}
	return Buffer.concat(chunks).toString('utf8');
}

async function handle(req, res) {
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	if (url.pathname !== '/token') return send(res, 404, {errors: [{code: 'NOT_FOUND', message: 'not found'}]});
	if (req.method === 'GET') {
		const service = url.searchParams.get('service');
		const scopes = scopesOf(url.searchParams.getAll('scope'));
		const logFields = {method: 'GET', account: url.searchParams.get('account') ?? '-', scope: scopes.join(' ') || '-'};
		if (service !== null && service !== options.service) {
			log({...logFields, status: 400});
			return send(res, 400, {errors: [{code: 'INVALID_SERVICE', message: `unknown service ${service}`}]});
		}
		let subject = null;
		if (req.headers.authorization) {
			const credentials = basicCredentials(req.headers.authorization);
			if (!credentials || !validLogin(credentials.name, credentials.secret)) {
				log({...logFields, status: 401});
				return unauthorized(res, 'incorrect username or password');
			}
			subject = credentials.name;
		}
		log({...logFields, subject: subject ?? '-', status: 200});
		return send(res, 200, tokenAnswer(subject, scopes, url.searchParams.get('offline_token') === 'true'));
	}
	if (req.method === 'POST') {
		const form = new URLSearchParams(await readBody(req));
		const grantType = form.get('grant_type');
		const service = form.get('service');
		const scopes = scopesOf(form.getAll('scope'));
		const logFields = {method: 'POST', grant: grantType ?? '-', scope: scopes.join(' ') || '-'};
		if (service !== null && service !== options.service) {
			log({...logFields, status: 400});
			return send(res, 400, {error: 'invalid_request', error_description: `unknown service ${service}`});
		}
		if (grantType === 'password') {
			const name = form.get('username') ?? '';
			if (!validLogin(name, form.get('password') ?? '')) {
				log({...logFields, status: 401});
				return unauthorized(res, 'incorrect username or password');
			}
			log({...logFields, subject: name, status: 200});
			return send(res, 200, tokenAnswer(name, scopes, form.get('access_type') === 'offline'));
		}
		if (grantType === 'refresh_token') {
			const subject = refreshSubject(form.get('refresh_token') ?? '');
			if (!subject) {
				log({...logFields, status: 401});
				return unauthorized(res, 'invalid refresh token');
			}
			log({...logFields, subject, status: 200});
			// The same refresh token stays valid: the docker CLI keeps the one it got at login.
			return send(res, 200, {...tokenAnswer(subject, scopes, false), refresh_token: form.get('refresh_token')});
		}
		log({...logFields, status: 400});
		return send(res, 400, {error: 'unsupported_grant_type', error_description: `grant_type ${grantType ?? '(none)'} is not supported`});
	}
	return send(res, 405, {errors: [{code: 'UNSUPPORTED', message: 'method not allowed'}]}, {allow: 'GET, POST'});
}

const server = createServer((req, res) => {
	handle(req, res).catch(error => {
		log({status: 500, error: JSON.stringify(String(error?.message ?? error))});
		if (!res.headersSent) send(res, 500, {errors: [{code: 'UNKNOWN', message: 'internal error'}]});
		else res.destroy();
	});
});
server.listen(Number(options.port), '127.0.0.1', () => log({listening: `127.0.0.1:${options.port}`}));
for (const signal of ['SIGTERM', 'SIGINT']) {
	process.on(signal, () => {
		server.close(() => process.exit(0));
		server.closeAllConnections();
	});
}
