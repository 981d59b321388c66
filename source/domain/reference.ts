// The docker distribution reference grammar (github.com/distribution/reference), checked piece
// by piece rather than with one big regexp so that a refusal can say which rule was broken.
//
//   reference := name [ ':' tag ] [ '@' digest ]
//   name      := [ domain '/' ] path-component [ '/' path-component ]*

export type ParsedReference = {
	/** Registry host with optional port, or null when the name has none (Docker Hub). */
	domain: string | null;
	path: string;
	/** `domain/path` exactly as written, without tag or digest. */
	repository: string;
	tag: string | null;
	digest: string | null;
};

export type ReferenceParse = {ok: true; reference: ParsedReference} | {ok: false; reason: string};
export type TagTargetCheck = {ok: true; reference: string} | {ok: false; reason: string};

type Check<T> = {ok: true; value: T} | {ok: false; reason: string};

const nameTotalLengthMax = 255;
const tagLengthMax = 128;

const pathComponentPattern = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const domainNamePattern = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*$/;
const ipv6Pattern = /^[a-fA-F0-9:]+$/;
const portPattern = /^[0-9]+$/;
const tagPattern = /^\w[\w.-]*$/;
const digestPattern = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const imageIdPattern = /^[a-f0-9]{64}$/;

const reasons = {
	emptyName: 'the repository name is empty',
	emptyTag: "the tag after ':' is empty",
	enterTag: 'enter a tag',
	whitespace: 'spaces are not allowed',
	unicode: 'unicode characters are not allowed',
	misplacedColon: "':' must separate a repository from a tag (or a registry host from its port)",
	uppercase: 'repository names must be lowercase',
	nameCharacters: "a repository name may only contain lowercase letters, digits, '.', '_', '-' and '/'",
	emptyPathComponent: "a repository name cannot have an empty part between '/'",
	componentEdges: 'each part of a repository name must start and end with a letter or digit',
	separators: "parts of a repository name are separated by one '.', one '_', '__' or dashes",
	nameTooLong: `repository name longer than ${nameTotalLengthMax} characters`,
	emptyHost: 'the registry host is empty',
	badPort: 'a registry port must be a number',
	bareIpv6: 'an IPv6 registry address goes in brackets, e.g. [::1]:5000',
	tagCharacters: "a tag may only contain letters, digits, '_', '.' and '-', and not start with '.' or '-'",
	tagTooLong: `a tag is at most ${tagLengthMax} characters`,
	badDigest: "a digest is an algorithm, ':' and at least 32 hex digits, e.g. sha256:…",
	twoDigests: "a reference can have only one '@'",
	imageId: 'a 64-character hex string is an image ID, not a repository name',
	digestAsTarget: 'a digest cannot be a tag target',
} as const;

function fail<T>(reason: string): Check<T> {
	return {ok: false, reason};
}

function hasNonAscii(text: string): boolean {
	return /[^\x00-\x7f]/.test(text);
}

function checkPort(port: string): Check<null> {
	return portPattern.test(port) ? {ok: true, value: null} : fail(reasons.badPort);
}

function checkDomain(domain: string): Check<null> {
	if (domain.startsWith('[')) {
		const close = domain.indexOf(']');
		const address = close === -1 ? '' : domain.slice(1, close);
		if (!ipv6Pattern.test(address)) return fail(`'${domain}' is not a valid registry host`);
		const afterAddress = domain.slice(close + 1);
		if (afterAddress === '') return {ok: true, value: null};
		if (!afterAddress.startsWith(':')) return fail(`'${domain}' is not a valid registry host`);
		return checkPort(afterAddress.slice(1));
	}
	if (domain.indexOf(':') !== domain.lastIndexOf(':')) return fail(ipv6Pattern.test(domain) ? reasons.bareIpv6 : reasons.misplacedColon);
	const colon = domain.indexOf(':');
	const host = colon === -1 ? domain : domain.slice(0, colon);
	if (host === '') return fail(reasons.emptyHost);
	if (colon !== -1) {
		const portCheck = checkPort(domain.slice(colon + 1));
		if (!portCheck.ok) return portCheck;
	}
	if (!domainNamePattern.test(host)) return fail(`'${host}' is not a valid registry host`);
	return {ok: true, value: null};
}

function checkPathComponent(component: string): Check<null> {
	if (component === '') return fail(reasons.emptyPathComponent);
	if (pathComponentPattern.test(component)) return {ok: true, value: null};
	if (/[A-Z]/.test(component)) return fail(reasons.uppercase);
	if (component.includes(':')) return fail(reasons.misplacedColon);
	if (/[^a-z0-9._-]/.test(component)) return fail(reasons.nameCharacters);
	if (/^[._-]|[._-]$/.test(component)) return fail(reasons.componentEdges);
	return fail(reasons.separators);
}

/** Docker's rule: the first part names a registry only if it could not be a Hub user or organisation. */
function looksLikeDomain(firstComponent: string): boolean {
	return firstComponent.includes('.') || firstComponent.includes(':') || firstComponent === 'localhost' || firstComponent !== firstComponent.toLowerCase();
}

function checkName(name: string): Check<{domain: string | null; path: string}> {
	if (name === '') return fail(reasons.emptyName);
	if (/\s/.test(name)) return fail(reasons.whitespace);
	if (hasNonAscii(name)) return fail(reasons.unicode);
	const slash = name.indexOf('/');
	const domain = slash !== -1 && looksLikeDomain(name.slice(0, slash)) ? name.slice(0, slash) : null;
	const path = domain === null ? name : name.slice(slash + 1);
	if (domain !== null) {
		const domainCheck = checkDomain(domain);
		if (!domainCheck.ok) return domainCheck;
	}
	for (const component of path.split('/')) {
		const componentCheck = checkPathComponent(component);
		if (!componentCheck.ok) return componentCheck;
	}
	if (name.length > nameTotalLengthMax) return fail(reasons.nameTooLong);
	return {ok: true, value: {domain, path}};
}

function checkTag(tag: string): Check<null> {
	if (tag === '') return fail(reasons.emptyTag);
	if (/\s/.test(tag)) return fail(reasons.whitespace);
	if (hasNonAscii(tag)) return fail(reasons.unicode);
	if (!tagPattern.test(tag)) return fail(reasons.tagCharacters);
	if (tag.length > tagLengthMax) return fail(reasons.tagTooLong);
	return {ok: true, value: null};
}

function checkDigest(digest: string): Check<null> {
	if (digest.includes('@')) return fail(reasons.twoDigests);
	return digestPattern.test(digest) ? {ok: true, value: null} : fail(reasons.badDigest);
}

/** Parses `[registry[:port]/]path[:tag][@digest]` the way `docker tag` and `docker pull` read it. */
export function parseReference(text: string): ReferenceParse {
	if (text.trim() === '') return {ok: false, reason: reasons.emptyName};
	if (/\s/.test(text)) return {ok: false, reason: reasons.whitespace};
	if (hasNonAscii(text)) return {ok: false, reason: reasons.unicode};
	// The docker CLI reads a bare 64-hex string as an image ID before it tries the grammar.
	if (imageIdPattern.test(text)) return {ok: false, reason: reasons.imageId};

	const at = text.indexOf('@');
	const nameAndTag = at === -1 ? text : text.slice(0, at);
	const digest = at === -1 ? null : text.slice(at + 1);

	// A colon before the last '/' belongs to a registry port, so only a later one starts a tag.
	const colon = nameAndTag.lastIndexOf(':');
	const hasTag = colon > nameAndTag.lastIndexOf('/');
	const repository = hasTag ? nameAndTag.slice(0, colon) : nameAndTag;
	const tag = hasTag ? nameAndTag.slice(colon + 1) : null;

	const nameCheck = checkName(repository);
	if (!nameCheck.ok) return {ok: false, reason: nameCheck.reason};
	if (tag !== null) {
		const tagCheck = checkTag(tag);
		if (!tagCheck.ok) return {ok: false, reason: tagCheck.reason};
	}
	if (digest !== null) {
		const digestCheck = checkDigest(digest);
		if (!digestCheck.ok) return {ok: false, reason: digestCheck.reason};
	}
	return {ok: true, reference: {...nameCheck.value, repository, tag, digest}};
}

/**
 * Checks the two fields of the tag dialog on their own, so that a port in the repository field is
 * never mistaken for a tag, and returns the `repository:tag` to hand to the engine.
 */
export function validateTagTarget(repository: string, tag: string): TagTargetCheck {
	if (repository.includes('@') || tag.includes('@') || digestPattern.test(tag)) return {ok: false, reason: reasons.digestAsTarget};
	const nameCheck = checkName(repository);
	if (!nameCheck.ok) return {ok: false, reason: nameCheck.reason};
	if (tag === '') return {ok: false, reason: reasons.enterTag};
	const tagCheck = checkTag(tag);
	if (!tagCheck.ok) return {ok: false, reason: tagCheck.reason};
	return {ok: true, reference: `${repository}:${tag}`};
}

/**
 * The fully qualified form docker uses internally (`app` → `docker.io/library/app`), so that two
 * spellings of one Hub repository compare equal. Null when `repository` is not a valid name.
 */
export function normalizeRepository(repository: string): string | null {
	const nameCheck = checkName(repository);
	if (!nameCheck.ok) return null;
	const {domain, path} = nameCheck.value;
	const hubDomain = domain === null || domain === 'docker.io' || domain === 'index.docker.io';
	if (!hubDomain) return repository;
	return path.includes('/') ? `docker.io/${path}` : `docker.io/library/${path}`;
}
