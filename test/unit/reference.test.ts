import {describe, expect, test} from 'vitest';
import {normalizeRepository, parseReference, validateTagTarget, type ParsedReference} from '../../source/domain/reference';

const hex64 = 'a'.repeat(64);
const digest = `sha256:${hex64}`;
const tag128 = `a${'b'.repeat(127)}`;
const tag129 = `${tag128}c`;
const longPath = `${'a'.repeat(200)}/${'b'.repeat(54)}`;
const tooLongPath = `${longPath}b`;

describe('parseReference accepts the distribution grammar', () => {
	test.each<[string, ParsedReference]>([
		['app', {domain: null, path: 'app', repository: 'app', tag: null, digest: null}],
		['app:1', {domain: null, path: 'app', repository: 'app', tag: '1', digest: null}],
		['team/app:1.0', {domain: null, path: 'team/app', repository: 'team/app', tag: '1.0', digest: null}],
		['localhost/app', {domain: 'localhost', path: 'app', repository: 'localhost/app', tag: null, digest: null}],
		['localhost:5000/app:1', {domain: 'localhost:5000', path: 'app', repository: 'localhost:5000/app', tag: '1', digest: null}],
		['localhost:5000', {domain: null, path: 'localhost', repository: 'localhost', tag: '5000', digest: null}],
		['127.0.0.1:5000/team/app:1.0', {domain: '127.0.0.1:5000', path: 'team/app', repository: '127.0.0.1:5000/team/app', tag: '1.0', digest: null}],
		['registry.example.com/a/b/c:tag', {domain: 'registry.example.com', path: 'a/b/c', repository: 'registry.example.com/a/b/c', tag: 'tag', digest: null}],
		['[::1]:5000/app:1', {domain: '[::1]:5000', path: 'app', repository: '[::1]:5000/app', tag: '1', digest: null}],
		['[fe80::1]/app', {domain: '[fe80::1]', path: 'app', repository: '[fe80::1]/app', tag: null, digest: null}],
		['Registry/app', {domain: 'Registry', path: 'app', repository: 'Registry/app', tag: null, digest: null}],
		['my-registry.io/app', {domain: 'my-registry.io', path: 'app', repository: 'my-registry.io/app', tag: null, digest: null}],
		[`app@${digest}`, {domain: null, path: 'app', repository: 'app', tag: null, digest}],
		[`app:1@${digest}`, {domain: null, path: 'app', repository: 'app', tag: '1', digest}],
		[`localhost:5000/app@${digest}`, {domain: 'localhost:5000', path: 'app', repository: 'localhost:5000/app', tag: null, digest}],
		[`app@sha256+b64.x:${'0'.repeat(32)}`, {domain: null, path: 'app', repository: 'app', tag: null, digest: `sha256+b64.x:${'0'.repeat(32)}`}],
		[`app:${tag128}`, {domain: null, path: 'app', repository: 'app', tag: tag128, digest: null}],
		['app:_hidden', {domain: null, path: 'app', repository: 'app', tag: '_hidden', digest: null}],
		['app:V1.0-RC_2', {domain: null, path: 'app', repository: 'app', tag: 'V1.0-RC_2', digest: null}],
		[longPath, {domain: null, path: longPath, repository: longPath, tag: null, digest: null}],
	])('%s', (text, reference) => expect(parseReference(text)).toEqual({ok: true, reference}));
});

describe('parseReference accepts every path separator', () => {
	test.each(['a__b', 'a--b', 'a---b', 'a.b', 'a_b', 'a-b', 'a1/b2', '0', 'a.b_c-d__e'])('%s', text => {
		expect(parseReference(text).ok).toBe(true);
	});
});

describe('parseReference refuses with a reason', () => {
	test.each([
		['', 'the repository name is empty'],
		['   ', 'the repository name is empty'],
		[' app:1', 'spaces are not allowed'],
		['app :1', 'spaces are not allowed'],
		['app:1\n', 'spaces are not allowed'],
		['App:1', 'repository names must be lowercase'],
		['team/App', 'repository names must be lowercase'],
		['Registry/App', 'repository names must be lowercase'],
		['Bad:Tag!!', 'repository names must be lowercase'],
		['app:1:2', "':' must separate a repository from a tag (or a registry host from its port)"],
		['app::1', "':' must separate a repository from a tag (or a registry host from its port)"],
		['x:y:z/app', "':' must separate a repository from a tag (or a registry host from its port)"],
		[':tag', 'the repository name is empty'],
		['app:', "the tag after ':' is empty"],
		['app:bad!!', "a tag may only contain letters, digits, '_', '.' and '-', and not start with '.' or '-'"],
		['app:.hidden', "a tag may only contain letters, digits, '_', '.' and '-', and not start with '.' or '-'"],
		['app:-x', "a tag may only contain letters, digits, '_', '.' and '-', and not start with '.' or '-'"],
		[`app:${tag129}`, 'a tag is at most 128 characters'],
		['appé:1', 'unicode characters are not allowed'],
		['app:vé', 'unicode characters are not allowed'],
		['a___b', "parts of a repository name are separated by one '.', one '_', '__' or dashes"],
		['a..b', "parts of a repository name are separated by one '.', one '_', '__' or dashes"],
		['a._b', "parts of a repository name are separated by one '.', one '_', '__' or dashes"],
		['-a', 'each part of a repository name must start and end with a letter or digit'],
		['a-', 'each part of a repository name must start and end with a letter or digit'],
		['_a', 'each part of a repository name must start and end with a letter or digit'],
		['team/.app', 'each part of a repository name must start and end with a letter or digit'],
		['a!b', "a repository name may only contain lowercase letters, digits, '.', '_', '-' and '/'"],
		['a//b', "a repository name cannot have an empty part between '/'"],
		['app/', "a repository name cannot have an empty part between '/'"],
		['/app', "a repository name cannot have an empty part between '/'"],
		['localhost:5000/', "a repository name cannot have an empty part between '/'"],
		['localhost:abc/app', 'a registry port must be a number'],
		['localhost:/app', 'a registry port must be a number'],
		[':5000/app', 'the registry host is empty'],
		['::1:5000/app', 'an IPv6 registry address goes in brackets, e.g. [::1]:5000'],
		['-bad.example.com/app', "'-bad.example.com' is not a valid registry host"],
		['example..com/app', "'example..com' is not a valid registry host"],
		['[zz::1]:5000/app', "'[zz::1]:5000' is not a valid registry host"],
		['[::1]5000/app', "'[::1]5000' is not a valid registry host"],
		['app@', "a digest is an algorithm, ':' and at least 32 hex digits, e.g. sha256:…"],
		['app@sha256:abc', "a digest is an algorithm, ':' and at least 32 hex digits, e.g. sha256:…"],
		[`app@256:${hex64}`, "a digest is an algorithm, ':' and at least 32 hex digits, e.g. sha256:…"],
		[`app@sha256:${'g'.repeat(64)}`, "a digest is an algorithm, ':' and at least 32 hex digits, e.g. sha256:…"],
		[`app@${digest}@${digest}`, "a reference can have only one '@'"],
		[`@${digest}`, 'the repository name is empty'],
		[hex64, 'a 64-character hex string is an image ID, not a repository name'],
		[tooLongPath, 'repository name longer than 255 characters'],
		[`registry.example.com/${'a'.repeat(240)}`, 'repository name longer than 255 characters'],
	])('%j', (text, reason) => expect(parseReference(text)).toEqual({ok: false, reason}));
});

describe('validateTagTarget checks repository and tag apart', () => {
	test.each([
		['app', '1.3.0', 'app:1.3.0'],
		['127.0.0.1:5000/app', '1.2.0', '127.0.0.1:5000/app:1.2.0'],
		['localhost:5000/team/app', 'latest', 'localhost:5000/team/app:latest'],
		['[::1]:5000/app', 'v2', '[::1]:5000/app:v2'],
		['registry.example.com/a/b/c', tag128, `registry.example.com/a/b/c:${tag128}`],
	])('%s + %s → %s', (repository, tag, reference) => expect(validateTagTarget(repository, tag)).toEqual({ok: true, reference}));

	test.each([
		['app', '', 'enter a tag'],
		['', '1', 'the repository name is empty'],
		['App', '1', 'repository names must be lowercase'],
		['app:1', '2', "':' must separate a repository from a tag (or a registry host from its port)"],
		['localhost:5000', '1', "':' must separate a repository from a tag (or a registry host from its port)"],
		['app', '1:2', "a tag may only contain letters, digits, '_', '.' and '-', and not start with '.' or '-'"],
		['app', tag129, 'a tag is at most 128 characters'],
		['app', ' 1', 'spaces are not allowed'],
		['app', 'vé', 'unicode characters are not allowed'],
		['app', digest, 'a digest cannot be a tag target'],
		['app', `@${digest}`, 'a digest cannot be a tag target'],
		[`app@${digest}`, '1', 'a digest cannot be a tag target'],
	])('%j + %j refused', (repository, tag, reason) => expect(validateTagTarget(repository, tag)).toEqual({ok: false, reason}));
});

describe('normalizeRepository spells Docker Hub names in full', () => {
	test.each([
		['app', 'docker.io/library/app'],
		['team/app', 'docker.io/team/app'],
		['docker.io/app', 'docker.io/library/app'],
		['index.docker.io/team/app', 'docker.io/team/app'],
		['docker.io/library/app', 'docker.io/library/app'],
		['localhost:5000/app', 'localhost:5000/app'],
		['127.0.0.1:5000/team/app', '127.0.0.1:5000/team/app'],
		['App', null],
		['app:1', null],
	])('%s → %s', (repository, normalized) => expect(normalizeRepository(repository)).toBe(normalized));
});
