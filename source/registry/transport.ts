// HTTP(S) to one registry the way the docker engine reaches it: HTTPS with the system CAs plus the
// CAs and client certificates of certs.d, plain HTTP only where the engine would use it, one
// deadline per request, bounded bodies. Node errors become RegistryErrors users can read.
import {readdir, readFile} from 'node:fs/promises';
import {Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders} from 'node:http';
import {Agent as HttpsAgent, request as httpsRequest} from 'node:https';
import {BlockList, isIP} from 'node:net';
import {join} from 'node:path';
import {createSecureContext, rootCertificates, type SecureContext} from 'node:tls';
import {RegistryError} from './failure';
import type {ListingLimits} from './listing';

export type RegistryOptions = {
	/** Directory laid out like /etc/docker/certs.d (<host[:port]>/ca.crt, client.cert, client.key). */
	readonly certsDir: string;
	/** Registries the engine reports as insecure: TLS unverified, plain HTTP allowed. */
	readonly insecure: ReadonlySet<string>;
	/** Per request. */
	readonly timeoutMs: number;
	/** The view that asked is gone: no request is started after it aborts, and a running one is dropped. */
	readonly signal?: AbortSignal;
	/** Caps on one catalog or tag listing; defaults in listing.ts. */
	readonly listing?: ListingLimits;
};

export type RegistryAddress = {
	/** host[:port] as the engine, certs.d and the insecure list name it. */
	readonly host: string;
	/** Without brackets or port. */
	readonly hostname: string;
	readonly dockerHub: boolean;
};

const dockerHubNames = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** 'https://index.docker.io/v1/', 'host:5000', 'host:5000/some/path' → where the v2 API lives. */
export function registryAddress(server: string): RegistryAddress {
	const hostPart = server
		.trim()
		.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
		.split('/')[0]!
		.toLowerCase();
	let url: URL;
	try {
		url = new URL(`https://${hostPart}`);
	} catch {
		throw new RegistryError('unreachable', `'${server}' is not a registry address`);
	}
	if (hostPart === '' || url.username !== '' || url.password !== '' || /[?#@]/.test(hostPart)) throw new RegistryError('unreachable', `'${server}' is not a registry address`);
	const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
	if (dockerHubNames.has(hostname)) return {host: 'registry-1.docker.io', hostname: 'registry-1.docker.io', dockerHub: true};
	return {host: hostPart, hostname, dockerHub: false};
}

export function isLoopback(hostname: string): boolean {
	return hostname === 'localhost' || hostname === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Engine-listed insecure registries: TLS unverified, then plain HTTP (as dockerd does). Loopback:
 * plain HTTP allowed, but a registry that does speak TLS must present a certificate we trust, so a
 * TLS registry without its CA is refused instead of silently accepted.
 */
export type SchemePolicy = {readonly verifyTls: boolean; readonly plainHttp: boolean};

export function schemePolicy(address: RegistryAddress, insecure: ReadonlySet<string>): SchemePolicy {
	// As dockerd: a listed name is host[:port] exactly, so "build.lan" does not cover "build.lan:5000".
	if (insecure.has(address.host)) return {verifyTls: false, plainHttp: true};
	if (isLoopback(address.hostname)) return {verifyTls: true, plainHttp: true};
	if (inInsecureRange(address.hostname, insecure)) return {verifyTls: false, plainHttp: true};
	return {verifyTls: true, plainHttp: false};
}

/** A registry named by an IP address inside a listed CIDR range (`--insecure-registry 10.0.0.0/8`). Names are not resolved. */
function inInsecureRange(hostname: string, insecure: ReadonlySet<string>): boolean {
	const family = isIP(hostname);
	if (family === 0) return false;
	const ranges = new BlockList();
	for (const entry of insecure) {
		const [network, bits] = entry.split('/');
		const networkFamily = isIP(network ?? '');
		if (bits === undefined || networkFamily === 0 || !/^\d{1,3}$/.test(bits)) continue;
		const prefix = Number(bits);
		if (prefix > (networkFamily === 4 ? 32 : 128)) continue;
		ranges.addSubnet(network!, prefix, networkFamily === 4 ? 'ipv4' : 'ipv6');
	}
	return ranges.check(hostname, family === 4 ? 'ipv4' : 'ipv6');
}

export type HttpRequest = {
	readonly method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
	readonly headers?: Readonly<Record<string, string>>;
	readonly body?: string | Buffer;
	/** Blob GETs: registries redirect them to their storage. */
	readonly followRedirects?: boolean;
	readonly maxBytes?: number;
};

export type HttpResponse = {readonly status: number; readonly headers: IncomingHttpHeaders; readonly body: Buffer; readonly url: URL};

export type Transport = {
	readonly address: () => RegistryAddress;
	/** The scheme the registry answered on, once it has answered. */
	readonly scheme: () => 'https' | 'http' | null;
	/** `path` starts with /v2/. The scheme is found on the first request and kept. */
	readonly registry: (path: string, request?: HttpRequest) => Promise<HttpResponse>;
	/** Elsewhere, e.g. a token realm: the URL's own scheme, verified unless the engine lists its host as insecure. */
	readonly absolute: (url: URL, request?: HttpRequest) => Promise<HttpResponse>;
};

const defaultMaxBytes = 4 * 1024 * 1024;
const maxRedirects = 5;
const maxSockets = 6;
const idleSocketMs = 15_000;

type FaultKind = 'timeout' | 'verify' | 'client-cert' | 'handshake' | 'reset' | 'unreachable' | 'not-http' | 'too-large';

/** A failure below HTTP, kept raw until we know whether plain HTTP may be tried next. */
class TransportFault extends Error {
	constructor(
		readonly kind: FaultKind,
		readonly code: string,
		readonly onReusedSocket = false,
	) {
		super(code);
	}
}

const verifyCodes = /^(UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|CERT_|INVALID_CA|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH)/;

function nodeFault(error: NodeJS.ErrnoException, onReusedSocket: boolean): TransportFault {
	const code = error.code ?? '';
	if (verifyCodes.test(code)) return new TransportFault('verify', code);
	if (/ALERT_CERTIFICATE_REQUIRED|ALERT_BAD_CERTIFICATE/.test(code)) return new TransportFault('client-cert', code);
	if (code.startsWith('ERR_SSL') || code === 'EPROTO') return new TransportFault('handshake', code);
	if (code.startsWith('HPE_')) return new TransportFault('not-http', code);
	if (code === 'ECONNRESET' || code === 'EPIPE') return new TransportFault('reset', code, onReusedSocket);
	return new TransportFault('unreachable', code || error.message, onReusedSocket);
}

function seconds(ms: number): string {
	return `${Number((ms / 1000).toFixed(ms < 1000 ? 1 : 0))} s`;
}

function byteSize(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${Math.round(bytes / 1024 / 1024)} MiB`;
	return bytes >= 1024 ? `${Math.round(bytes / 1024)} KiB` : `${bytes} bytes`;
}

function describeFault(fault: TransportFault, host: string, options: RegistryOptions, plainHttpAllowed: boolean): RegistryError {
	switch (fault.kind) {
		case 'timeout':
			return new RegistryError('timeout', `${host} did not answer within ${seconds(options.timeoutMs)}`);
		case 'verify':
			if (fault.code === 'ERR_TLS_CERT_ALTNAME_INVALID') return new RegistryError('tls', `${host}: its TLS certificate is not issued for this name`);
			return new RegistryError('tls', `${host}: TLS certificate not trusted (${fault.code}); put the registry's CA certificate in ${join(options.certsDir, host, 'ca.crt')}`);
		case 'client-cert':
			return new RegistryError('tls', `${host} asks for a client certificate: put client.cert and client.key in ${join(options.certsDir, host)}`);
		case 'handshake':
			return new RegistryError(
				'tls',
				plainHttpAllowed
					? `${host}: TLS handshake failed (${fault.code})`
					: `${host}: TLS handshake failed (${fault.code}); plain HTTP is used only for loopback and for registries the engine lists as insecure`,
			);
		case 'reset':
			return new RegistryError('unreachable', `${host} closed the connection`);
		case 'not-http':
			return new RegistryError('protocol', `${host} answered something that is not HTTP`);
		case 'too-large':
			return new RegistryError('protocol', `${host} answered more than ${byteSize(Number(fault.code))}`);
		case 'unreachable':
			if (fault.code === 'ECONNREFUSED') return new RegistryError('unreachable', `${host} refused the connection`);
			if (fault.code === 'ENOTFOUND' || fault.code === 'EAI_AGAIN') return new RegistryError('unreachable', `${host}: no such host`);
			return new RegistryError('unreachable', `${host} is not reachable (${fault.code})`);
	}
}

/** A registry's own TLS files from certs.d: CAs beyond the system's, and a client certificate. */
type TlsMaterial = {readonly extraCa: readonly string[]; readonly cert?: string; readonly key?: string};

const systemBundles = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'];
/** By bundle file (SSL_CERT_FILE may name another), what it adds to node's roots. */
const osOnlyCas = new Map<string, Promise<string>>();

/** The PEM certificates of `bundle` that `known` lacks (line breaks aside), as one PEM text. */
export function certificatesBeyond(bundle: string, known: readonly string[]): string {
	const squeeze = (pem: string) => pem.replace(/\s+/g, '');
	const have = new Set(known.map(squeeze));
	const blocks = bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
	return blocks.filter(pem => !have.has(squeeze(pem))).join('\n');
}

/**
 * The certificates of the OS bundle that node's bundled roots lack, as one PEM text: the CAs an
 * administrator added (as dockerd sees them), and those of a newer or older Mozilla list. The
 * bundle is SSL_CERT_FILE when set, as OpenSSL and Go (dockerd, the docker CLI) read it. Node
 * parses its own roots once per process; parsing the whole bundle again for every context took
 * about 40 ms of CPU, this comparison about 1.
 */
function osOnlyCertificates(): Promise<string> {
	const files = process.env.SSL_CERT_FILE ? [process.env.SSL_CERT_FILE] : systemBundles;
	const key = files.join('\n');
	let found = osOnlyCas.get(key);
	if (!found) {
		found = (async () => {
			for (const file of files) {
				const text = await readFile(file, 'utf8').catch(() => null);
				if (text) return certificatesBeyond(text, rootCertificates);
			}
			return '';
		})();
		osOnlyCas.set(key, found);
	}
	return found;
}

/** dockerd's certs.d rules: every *.crt is a CA; X.cert goes with X.key. */
async function certsDirMaterial(certsDir: string, host: string): Promise<TlsMaterial> {
	const dir = join(certsDir, host);
	let names: string[];
	try {
		names = (await readdir(dir)).sort();
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return {extraCa: []};
		throw new RegistryError('tls', `cannot read ${dir} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
	}
	const read = async (name: string) => {
		try {
			return await readFile(join(dir, name), 'utf8');
		} catch (error) {
			throw new RegistryError('tls', `cannot read ${join(dir, name)} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
		}
	};
	const ca = await Promise.all(names.filter(name => name.endsWith('.crt')).map(read));
	const certs = names.filter(name => name.endsWith('.cert'));
	for (const key of names.filter(name => name.endsWith('.key'))) {
		if (!certs.includes(key.replace(/\.key$/, '.cert'))) throw new RegistryError('tls', `${join(dir, key)} has no matching .cert file`);
	}
	if (certs.length === 0) return {extraCa: ca};
	const first = certs[0]!;
	const keyName = first.replace(/\.cert$/, '.key');
	if (!names.includes(keyName)) throw new RegistryError('tls', `${join(dir, first)} has no matching .key file`);
	return {extraCa: ca, cert: await read(first), key: await read(keyName)};
}

/**
 * TLS contexts by the material they hold, for the whole process: an agent given the CAs as options
 * made a context for every new connection, and a registry visit opens several.
 */
const secureContexts = new Map<string, Promise<SecureContext>>();

function secureContextFor({extraCa, cert, key}: TlsMaterial, dir: string): Promise<SecureContext> {
	const id = JSON.stringify([process.env.SSL_CERT_FILE ?? null, extraCa, cert ?? null, key ?? null]);
	let context = secureContexts.get(id);
	if (!context) {
		context = osOnlyCertificates().then(osOnly => {
			try {
				// Without a `ca` option the context trusts node's roots; the CAs added to it go beside them.
				const made = createSecureContext({cert, key});
				for (const pem of [osOnly, ...extraCa]) if (pem.trim() !== '') (made.context as {addCACert: (pem: string) => void}).addCACert(pem);
				return made;
			} catch (error) {
				throw new RegistryError('tls', `the certificates in ${dir} cannot be used (${(error as Error).message})`);
			}
		});
		// A context that could not be made (a bad certificate file) is made again next time, once the file may be fixed.
		context.catch(() => secureContexts.delete(id));
		secureContexts.set(id, context);
	}
	return context;
}

function send(url: URL, request: HttpRequest, agent: HttpAgent, signal: AbortSignal, caller: AbortSignal | undefined): Promise<HttpResponse> {
	const maxBytes = request.maxBytes ?? defaultMaxBytes;
	const tooLarge = () => new TransportFault('too-large', String(maxBytes));
	return new Promise<HttpResponse>((resolve, reject) => {
		const abortReason = () => (caller?.aborted ? caller.reason : new TransportFault('timeout', 'timeout'));
		if (signal.aborted) {
			reject(abortReason());
			return;
		}
		const body = request.body === undefined ? undefined : Buffer.from(request.body);
		const headers: Record<string, string> = {'user-agent': 'dockswab', ...request.headers};
		if (body) headers['content-length'] = String(body.length);
		const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {method: request.method ?? 'GET', headers, agent});
		let settled = false;
		const settle = (outcome: {error: unknown} | {response: HttpResponse}) => {
			if (settled) return;
			settled = true;
			signal.removeEventListener('abort', onAbort);
			if ('error' in outcome) {
				req.destroy();
				reject(outcome.error);
			} else resolve(outcome.response);
		};
		const onAbort = () => settle({error: abortReason()});
		signal.addEventListener('abort', onAbort, {once: true});
		req.on('error', error => settle({error: nodeFault(error as NodeJS.ErrnoException, req.reusedSocket)}));
		req.on('response', res => {
			if (Number(res.headers['content-length'] ?? 0) > maxBytes) {
				settle({error: tooLarge()});
				return;
			}
			const chunks: Buffer[] = [];
			let size = 0;
			res.on('data', (chunk: Buffer) => {
				size += chunk.length;
				if (size > maxBytes) settle({error: tooLarge()});
				else chunks.push(chunk);
			});
			res.on('end', () => settle({response: {status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url}}));
			res.on('error', error => settle({error: nodeFault(error as NodeJS.ErrnoException, false)}));
		});
		req.end(body);
	});
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

export function createTransport(server: string, options: RegistryOptions): Transport {
	let parsed: RegistryAddress | RegistryError | null = null;
	const address = (): RegistryAddress => {
		if (parsed === null) {
			try {
				parsed = registryAddress(server);
			} catch (error) {
				if (!(error instanceof RegistryError)) throw error;
				parsed = error;
			}
		}
		if (parsed instanceof RegistryError) throw parsed;
		return parsed;
	};
	let known: 'https' | 'http' | null = null;
	const agents = new Map<string, Promise<HttpAgent>>();
	const materials = new Map<string, Promise<TlsMaterial>>();

	const agentFor = (url: URL, verifyTls: boolean): Promise<HttpAgent> => {
		const key = `${url.protocol}//${url.host}|${verifyTls}`;
		let agent = agents.get(key);
		if (!agent) {
			agent = (async () => {
				if (url.protocol === 'http:') return new HttpAgent({keepAlive: true, maxSockets, timeout: idleSocketMs});
				let material = materials.get(url.host);
				if (!material) {
					material = certsDirMaterial(options.certsDir, url.host);
					materials.set(url.host, material);
				}
				const secureContext = await secureContextFor(await material, join(options.certsDir, url.host));
				return new HttpsAgent({keepAlive: true, maxSockets, timeout: idleSocketMs, secureContext, rejectUnauthorized: verifyTls});
			})();
			// An unreadable certs.d entry may be fixed while dockswab runs: read it again next time.
			agent.catch(() => {
				agents.delete(key);
				materials.delete(url.host);
			});
			agents.set(key, agent);
		}
		return agent;
	};

	const policyFor = (url: URL): SchemePolicy => {
		try {
			return schemePolicy(registryAddress(url.host), options.insecure);
		} catch {
			return {verifyTls: true, plainHttp: false};
		}
	};

	/** A kept-alive socket the server closed meanwhile fails at once; a fresh one is tried, as browsers do. */
	const sendOnLiveSocket = async (url: URL, request: HttpRequest, agent: HttpAgent, signal: AbortSignal): Promise<HttpResponse> => {
		for (let attempt = 0; ; attempt++) {
			try {
				return await send(url, request, agent, signal, options.signal);
			} catch (error) {
				if (!(error instanceof TransportFault && error.onReusedSocket && attempt < maxSockets)) throw error;
			}
		}
	};

	/** One request and the redirects it is allowed to follow, all under one deadline. */
	const exchange = async (start: URL, request: HttpRequest, verifyTls: boolean, signal: AbortSignal): Promise<HttpResponse> => {
		let url = start;
		let current = request;
		for (let hops = 0; ; hops++) {
			const response = await sendOnLiveSocket(url, current, await agentFor(url, verifyTls), signal);
			const location = response.headers.location;
			if (!request.followRedirects || !redirectStatuses.has(response.status) || !location) return response;
			if (hops >= maxRedirects) throw new RegistryError('protocol', `${start.host} redirected more than ${maxRedirects} times`);
			const next = new URL(location, url);
			if (next.protocol !== 'https:' && next.protocol !== 'http:') throw new RegistryError('protocol', `${start.host} redirected to an unsupported address`);
			// Storage behind a redirect must not see the registry's credentials.
			if (next.origin !== url.origin) {
				const headers = {...current.headers};
				delete headers.authorization;
				current = {...current, headers};
				verifyTls = policyFor(next).verifyTls;
			}
			url = next;
		}
	};

	const deadline = (): AbortSignal => {
		const timeout = AbortSignal.timeout(options.timeoutMs);
		return options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
	};

	const rethrow = (error: unknown, host: string, plainHttp: boolean): never => {
		if (error instanceof TransportFault) throw describeFault(error, host, options, plainHttp);
		throw error;
	};

	return {
		address,
		scheme: () => known,
		registry: async (path, request = {}) => {
			const target = address();
			const policy = schemePolicy(target, options.insecure);
			const signal = deadline();
			const at = (scheme: 'https' | 'http') => new URL(path, `${scheme}://${target.host}`);
			if (known) {
				try {
					return await exchange(at(known), request, policy.verifyTls, signal);
				} catch (error) {
					return rethrow(error, target.host, policy.plainHttp);
				}
			}
			try {
				const response = await exchange(at('https'), request, policy.verifyTls, signal);
				known = 'https';
				return response;
			} catch (error) {
				const fallBack = policy.plainHttp && error instanceof TransportFault && (error.kind === 'handshake' || error.kind === 'reset');
				if (!fallBack) rethrow(error, target.host, policy.plainHttp);
			}
			try {
				const response = await exchange(at('http'), request, false, signal);
				known = 'http';
				return response;
			} catch (error) {
				return rethrow(error, target.host, policy.plainHttp);
			}
		},
		absolute: async (url, request = {}) => {
			try {
				return await exchange(url, request, policyFor(url).verifyTls, deadline());
			} catch (error) {
				return rethrow(error, url.host, url.protocol === 'http:');
			}
		},
	};
}
