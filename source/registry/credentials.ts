// Credentials where the docker CLI keeps them, readable and writable by both: $DOCKER_CONFIG/config.json
// (`auths`, `credsStore`, `credHelpers`) and docker-credential-<name> helpers, spoken to as docker
// CLI 28 does so that a login made here serves `docker push`, and the other way round.
import {childProcess, crypto} from '../lazy-require';
import {chmod, chown, mkdir, open, readlink, realpath, rename, rm, stat} from 'node:fs/promises';
import {basename, dirname, join, resolve} from 'node:path';
import {compareText} from '../domain/compare';
import type {Credential} from '../domain/registry-types';
import {FileShapeError, readSmallFile} from '../small-file';

export type CredentialSource = {readonly kind: 'helper'; readonly helper: string} | {readonly kind: 'file'};
export type KnownRegistry = {readonly server: string; readonly username: string | null; readonly source: CredentialSource};

/** One `auths` entry; fields dockswab does not know (email, …) are kept. */
export type AuthEntry = {readonly auth?: string; readonly identitytoken?: string; readonly [field: string]: unknown};
/** config.json as parsed; every key dockswab does not know is kept when it is written back. */
export type DockerConfig = {
	readonly auths?: Readonly<Record<string, AuthEntry>>;
	readonly credsStore?: string;
	readonly credHelpers?: Readonly<Record<string, string>>;
	readonly [key: string]: unknown;
};
export type CredentialOptions = {
	/** How long a credential helper may take before it is killed. */
	readonly timeoutMs?: number;
};

export class CredentialError extends Error {
	override readonly name = 'CredentialError';
}

export const dockerHubKey = 'https://index.docker.io/v1/';
/** The user name a helper stores an identity token under (docker CLI's tokenUsername). */
export const identityTokenUser = '<token>';
const dockerHubHosts = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const notFoundMessage = 'credentials not found';
const defaultTimeoutMs = 20_000;
const maxHelperOutput = 1024 * 1024;

export function configFilePath(configDir: string): string {
	return join(configDir, 'config.json');
}

/** docker.io, index.docker.io, registry-1.docker.io, https://index.docker.io/v1/ → 'https://index.docker.io/v1/'; others: host[:port] without scheme or path. */
export function credentialKey(server: string): string {
	const trimmed = server.trim();
	const withoutScheme = trimmed.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
	const authority = withoutScheme.split('/')[0] ?? '';
	const host = authority.slice(authority.lastIndexOf('@') + 1);
	return dockerHubHosts.has(host.toLowerCase()) ? dockerHubKey : host;
}

function requireKey(server: string): string {
	const key = credentialKey(server);
	if (key === '') throw new CredentialError('no registry server given');
	return key;
}

/**
 * Where a credential for this server is read and written: credHelpers[server] > credsStore >
 * config file. A credHelpers entry matches the server as written or any spelling with the same
 * key; an empty helper name there means the file, as for the docker CLI.
 */
export function credentialSource(config: DockerConfig, server: string): CredentialSource {
	const helpers = config.credHelpers ?? {};
	const key = credentialKey(server);
	const named = helpers[server] ?? helpers[key] ?? Object.entries(helpers).find(([name]) => credentialKey(name) === key)?.[1];
	if (named !== undefined) return named === '' ? {kind: 'file'} : {kind: 'helper', helper: named};
	if (config.credsStore) return {kind: 'helper', helper: config.credsStore};
	return {kind: 'file'};
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses config.json text; throws CredentialError for anything the docker CLI could not load either. */
export function parseDockerConfig(text: string, path: string): DockerConfig {
	if (text.trim() === '') return {};
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw new CredentialError(`${path} is not valid JSON`);
	}
	if (!isRecord(parsed)) throw new CredentialError(`${path} does not hold a JSON object`);
	for (const field of ['auths', 'credHelpers'] as const) {
		if (parsed[field] !== undefined && !isRecord(parsed[field])) throw new CredentialError(`${path}: "${field}" is not an object`);
	}
	if (parsed.auths !== undefined && !Object.values(parsed.auths as Record<string, unknown>).every(isRecord)) throw new CredentialError(`${path}: an "auths" entry is not an object`);
	if (parsed.credHelpers !== undefined && !Object.values(parsed.credHelpers as Record<string, unknown>).every(name => typeof name === 'string'))
		throw new CredentialError(`${path}: a "credHelpers" entry is not a helper name`);
	if (parsed.credsStore !== undefined && typeof parsed.credsStore !== 'string') throw new CredentialError(`${path}: "credsStore" is not a helper name`);
	return parsed as DockerConfig;
}

function describeFsError(error: unknown): string {
	if (error instanceof FileShapeError) return error.message;
	const code = (error as NodeJS.ErrnoException).code;
	if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
	if (code === 'EISDIR') return 'is a directory';
	if (code === 'ENOSPC') return 'no space left on device';
	if (code === 'EROFS') return 'read-only file system';
	return code ?? (error instanceof Error ? error.message : String(error));
}

/** The config as the docker CLI would load it; a missing file is an empty config. */
export async function readDockerConfig(configDir: string): Promise<DockerConfig> {
	const path = configFilePath(configDir);
	let text: string;
	try {
		text = readSmallFile(path);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
		throw new CredentialError(`cannot read ${path}: ${describeFsError(error)}`);
	}
	return parseDockerConfig(text, path);
}

// ------------------------------------------------------------------ config.json entries

function authEntryFor(config: DockerConfig, key: string): AuthEntry | undefined {
	const auths = config.auths ?? {};
	return auths[key] ?? Object.entries(auths).find(([name]) => credentialKey(name) === key)?.[1];
}

function decodeAuth(auth: string | undefined): {username: string; password: string} | null {
	if (!auth) return null;
	const decoded = Buffer.from(auth, 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon <= 0) return null;
	// The docker CLI trims NULs a fixed-size decode buffer may leave behind.
	return {username: decoded.slice(0, colon), password: decoded.slice(colon + 1).replace(/\0+$/, '')};
}

function fileCredential(entry: AuthEntry | undefined): Credential | null {
	if (!entry) return null;
	const decoded = decodeAuth(entry.auth);
	if (typeof entry.identitytoken === 'string' && entry.identitytoken !== '') {
		return {username: decoded?.username ?? identityTokenUser, secret: entry.identitytoken, identityToken: true};
	}
	return decoded ? {username: decoded.username, secret: decoded.password} : null;
}

const secretFields = new Set(['auth', 'identitytoken', 'registrytoken', 'username', 'password']);

function withoutSecrets(entry: AuthEntry | undefined): Record<string, unknown> {
	return Object.fromEntries(Object.entries(entry ?? {}).filter(([field]) => !secretFields.has(field)));
}

// ------------------------------------------------------------------ writing config.json

const configLocks = new Map<string, Promise<unknown>>();

/** Read-modify-write of one config.json, one at a time within this process. */
async function withConfigLock<T>(configDir: string, work: () => Promise<T>): Promise<T> {
	const path = resolve(configFilePath(configDir));
	const previous = configLocks.get(path) ?? Promise.resolve();
	const next = previous.then(work, work);
	const settled = next.catch(() => undefined);
	configLocks.set(path, settled);
	try {
		return await next;
	} finally {
		if (configLocks.get(path) === settled) configLocks.delete(path);
	}
}

/** Where a write lands: a symlinked config.json (dotfile managers) is replaced at its target. */
async function writeTarget(path: string): Promise<string> {
	try {
		return await realpath(path);
	} catch {
		try {
			return resolve(dirname(path), await readlink(path));
		} catch {
			return path;
		}
	}
}

/**
 * Atomic: a temporary file in the same directory, mode 0600, renamed over config.json. The file is
 * read again right before, and `change` applied to what it holds then: a helper may have run for
 * seconds since the caller read it, and a `docker login` made meanwhile must survive. `change`
 * answers null when there is nothing to write.
 */
async function updateDockerConfig(configDir: string, change: (current: DockerConfig) => DockerConfig | null): Promise<boolean> {
	const path = configFilePath(configDir);
	const config = change(await readDockerConfig(configDir));
	if (config === null) return false;
	let temp: string | null = null;
	try {
		const target = await writeTarget(path);
		await mkdir(dirname(target), {recursive: true, mode: 0o700});
		const previous = await stat(target).catch(() => null);
		temp = join(dirname(target), `.${basename(target)}.${process.pid}.${crypto().randomBytes(6).toString('hex')}.tmp`);
		const handle = await open(temp, 'wx', 0o600);
		try {
			await handle.writeFile(JSON.stringify(config, null, '\t'));
			await handle.sync();
		} finally {
			await handle.close();
		}
		// The umask may have taken bits from the mode given to open.
		await chmod(temp, 0o600);
		// Run as root on a user's file (sudo), keep it the user's, as the docker CLI does.
		if (previous && process.getuid?.() === 0 && (previous.uid !== 0 || previous.gid !== 0)) await chown(temp, previous.uid, previous.gid);
		await rename(temp, target);
		temp = null;
	} catch (error) {
		throw new CredentialError(`cannot write ${path}: ${describeFsError(error)}`);
	} finally {
		if (temp) await rm(temp, {force: true});
	}
	return true;
}

// ------------------------------------------------------------------ credential helpers

type HelperAction = 'get' | 'store' | 'erase' | 'list';
/** `output` is stdout alone, as the docker CLI reads it: helpers print warnings on stderr. */
type HelperAnswer = {readonly ok: boolean; readonly output: string};

function helperProgram(helper: string): string {
	// A name is appended to docker-credential-, never a path to run.
	if (!/^[\w.+-]+$/.test(helper)) throw new CredentialError(`"${helper}" is not a credential helper name`);
	return `docker-credential-${helper}`;
}

/** Runs a helper without a shell; `input` (which may hold the secret) goes to its stdin only. */
function runHelper(helper: string, action: HelperAction, input: string, options: CredentialOptions): Promise<HelperAnswer> {
	const program = helperProgram(helper);
	const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
	return new Promise((resolvePromise, reject) => {
		const child = childProcess().spawn(program, [action], {stdio: ['pipe', 'pipe', 'pipe'], shell: false, windowsHide: true});
		const chunks: Buffer[] = [];
		let size = 0;
		let finished = false;
		const finish = (settle: () => void) => {
			if (finished) return;
			finished = true;
			clearTimeout(timer);
			settle();
		};
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			finish(() => reject(new CredentialError(`${program} ${action} did not answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`)));
		}, timeoutMs);
		child.stdout.on('data', (chunk: Buffer) => {
			if (size >= maxHelperOutput) return;
			chunks.push(chunk);
			size += chunk.length;
		});
		// Drained, so a chatty helper never blocks on a full pipe.
		child.stderr.resume();
		child.on('error', error => {
			const code = (error as NodeJS.ErrnoException).code;
			const message = code === 'ENOENT' ? `${program} not found on PATH` : code === 'EACCES' ? `${program} is not executable` : `${program} ${action} failed: ${describeFsError(error)}`;
			finish(() => reject(new CredentialError(message)));
		});
		child.on('close', (code: number | null) => {
			finish(() => resolvePromise({ok: code === 0, output: Buffer.concat(chunks).toString('utf8')}));
		});
		// A helper that exits without reading its input must not crash us with EPIPE.
		child.stdin.on('error', () => undefined);
		child.stdin.end(input);
	});
}

function isNotFound(answer: HelperAnswer): boolean {
	return answer.output.toLowerCase().includes(notFoundMessage);
}

/** The secret as it may appear in a helper's words: as given, and escaped inside a JSON string (it echoes its stdin). */
function secretSpellings(secret: string): string[] {
	const escaped = JSON.stringify(secret).slice(1, -1);
	// Go's encoder (most helpers) also escapes <, >, & and the JavaScript line separators.
	const goEscaped = escaped.replace(/[<>&\u2028\u2029]/g, char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
	return [...new Set([goEscaped, escaped, secret])];
}

function helperFailure(helper: string, action: HelperAction, answer: HelperAnswer, secret?: string): CredentialError {
	let text = answer.output.trim();
	// Before the first line is cut: a secret may hold a newline.
	if (secret) for (const spelling of secretSpellings(secret)) text = text.split(spelling).join('***');
	text = text.split('\n')[0]?.trim() ?? '';
	if (text.length > 200) text = `${text.slice(0, 200)}…`;
	return new CredentialError(`docker-credential-${helper} ${action} failed${text ? `: ${text}` : ''}`);
}

async function helperGet(helper: string, key: string, options: CredentialOptions): Promise<Credential | null> {
	const answer = await runHelper(helper, 'get', key, options);
	if (!answer.ok) {
		if (isNotFound(answer)) return null;
		throw helperFailure(helper, 'get', answer);
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(answer.output);
	} catch {
		parsed = null;
	}
	if (!isRecord(parsed) || typeof parsed.Username !== 'string' || typeof parsed.Secret !== 'string') {
		throw new CredentialError(`docker-credential-${helper} get did not answer a credential`);
	}
	if (parsed.Username === '' && parsed.Secret === '') return null;
	if (parsed.Username === identityTokenUser) return {username: identityTokenUser, secret: parsed.Secret, identityToken: true};
	return {username: parsed.Username, secret: parsed.Secret};
}

async function helperList(helper: string, options: CredentialOptions): Promise<Record<string, string>> {
	const answer = await runHelper(helper, 'list', 'unused', options);
	if (!answer.ok) throw helperFailure(helper, 'list', answer);
	let parsed: unknown;
	try {
		parsed = JSON.parse(answer.output);
	} catch {
		parsed = null;
	}
	if (!isRecord(parsed)) throw new CredentialError(`docker-credential-${helper} list did not answer a list`);
	return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

// ------------------------------------------------------------------ the operations

export async function getCredential(configDir: string, server: string, options: CredentialOptions = {}): Promise<Credential | null> {
	const key = requireKey(server);
	const config = await readDockerConfig(configDir);
	const source = credentialSource(config, server);
	if (source.kind === 'file') return fileCredential(authEntryFor(config, key));
	return helperGet(source.helper, key, options);
}

/**
 * Called only after a successful login. With a helper: `store` with the credential as JSON on its
 * stdin, then `auths[key] = {}` in config.json as the docker CLI leaves it. Without: auths[key] =
 * {auth: base64(user:secret)}, or for an identity token {auth: base64(user:), identitytoken}.
 */
export async function storeCredential(configDir: string, server: string, credential: Credential, options: CredentialOptions = {}): Promise<void> {
	const key = requireKey(server);
	if (credential.username === '') throw new CredentialError('no user name given');
	if (credential.secret === '') throw new CredentialError('no password given');
	await withConfigLock(configDir, async () => {
		const source = credentialSource(await readDockerConfig(configDir), server);
		let secrets: AuthEntry;
		if (source.kind === 'helper') {
			const username = credential.identityToken ? identityTokenUser : credential.username;
			// Go's json.Encoder ends the document with a newline, and so does the docker CLI's stdin.
			const payload = `${JSON.stringify({ServerURL: key, Username: username, Secret: credential.secret})}\n`;
			const answer = await runHelper(source.helper, 'store', payload, options);
			if (!answer.ok) throw helperFailure(source.helper, 'store', answer, credential.secret);
			secrets = {};
		} else if (credential.identityToken) {
			secrets = {auth: Buffer.from(`${credential.username}:`).toString('base64'), identitytoken: credential.secret};
		} else {
			if (credential.username.includes(':')) throw new CredentialError('a user name cannot contain ":"');
			secrets = {auth: Buffer.from(`${credential.username}:${credential.secret}`).toString('base64')};
		}
		await updateDockerConfig(configDir, config => ({...config, auths: {...config.auths, [key]: {...withoutSecrets(config.auths?.[key]), ...secrets}}}));
	});
}

/**
 * As `docker logout`: helper `erase` for the server and its http:// and https:// spellings (not
 * found is fine), then every auths entry with the same key. True when something was removed.
 */
export async function eraseCredential(configDir: string, server: string, options: CredentialOptions = {}): Promise<boolean> {
	const key = requireKey(server);
	return withConfigLock(configDir, async () => {
		const config = await readDockerConfig(configDir);
		const spellings = key === dockerHubKey ? [key] : [key, `http://${key}`, `https://${key}`];
		let removed = false;
		let attempts = 0;
		const failures: CredentialError[] = [];
		for (const spelling of spellings) {
			const source = credentialSource(config, spelling);
			if (source.kind !== 'helper') continue;
			attempts++;
			const answer = await runHelper(source.helper, 'erase', spelling, options);
			if (answer.ok) removed = true;
			else if (!isNotFound(answer)) failures.push(helperFailure(source.helper, 'erase', answer));
		}
		// As the docker CLI: the file is left alone only when every helper call failed.
		if (attempts > 0 && failures.length === attempts) throw failures[0];
		const fileRemoved = await updateDockerConfig(configDir, current => {
			const auths = current.auths ?? {};
			const kept = Object.fromEntries(Object.entries(auths).filter(([name]) => credentialKey(name) !== key));
			return Object.keys(kept).length === Object.keys(auths).length ? null : {...current, auths: kept};
		});
		return removed || fileRemoved;
	});
}

/**
 * Every registry with a credential: auths keys, credHelpers keys, and what the credsStore helper
 * lists. The user names of helper-kept credentials come from the helpers' `list` (never `get`,
 * which may ask for a passphrase); a helper that cannot list leaves them unknown.
 */
export async function listKnownRegistries(configDir: string, options: CredentialOptions = {}): Promise<KnownRegistry[]> {
	const config = await readDockerConfig(configDir);
	const lists = new Map<string, Promise<Record<string, string> | null>>();
	const listOf = (helper: string) => {
		let list = lists.get(helper);
		if (!list) {
			list = helperList(helper, options).catch(() => null);
			lists.set(helper, list);
		}
		return list;
	};
	const userIn = (list: Record<string, string> | null, key: string) => Object.entries(list ?? {}).find(([name]) => credentialKey(name) === key)?.[1] ?? null;

	const found = new Map<string, KnownRegistry>();
	const add = async (server: string) => {
		const key = credentialKey(server);
		if (key === '' || found.has(key)) return;
		const source = credentialSource(config, key);
		const username = source.kind === 'file' ? (fileCredential(authEntryFor(config, key))?.username ?? null) : userIn(await listOf(source.helper), key);
		found.set(key, {server: key, username, source});
	};
	for (const server of Object.keys(config.auths ?? {})) await add(server);
	for (const server of Object.keys(config.credHelpers ?? {})) await add(server);
	if (config.credsStore) {
		for (const server of Object.keys((await listOf(config.credsStore)) ?? {})) {
			const source = credentialSource(config, server);
			if (source.kind === 'helper' && source.helper === config.credsStore) await add(server);
		}
	}
	return [...found.values()].sort((a, b) => compareText(a.server, b.server));
}
