// The prune request as the engine receives it, against a small engine on loopback.
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import Docker from 'dockerode';
import {afterEach, expect, test} from 'vitest';
import {BuildCacheError, pruneBuildCache} from '../../source/engine/build-cache';

type Answer = {status: number; body: unknown};
let server: Server | null = null;
afterEach(() => new Promise<void>(resolve => (server ? server.close(() => resolve()) : resolve())));

/** An engine answering each path from its own queue of answers; every request is recorded. */
async function fakeEngine(answers: Record<string, Answer[]>, version = 'v1.45'): Promise<{docker: Docker; requests: URL[]}> {
	const requests: URL[] = [];
	server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://engine');
		requests.push(url);
		const answer = answers[`${request.method} ${url.pathname}`]?.shift() ?? {status: 500, body: {message: 'unexpected request'}};
		response.writeHead(answer.status, {'content-type': 'application/json'});
		response.end(JSON.stringify(answer.body));
	});
	await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {docker: new Docker({host: '127.0.0.1', port, protocol: 'http', version}), requests};
}

const entry = (ID: string, Size: number) => ({ID, Size, InUse: false, Shared: false, LastUsedAt: '2026-12-05T10:00:00Z'});

test('keep-storage, all and the until filter reach the engine; a pass that leaves the cache above the cap is followed by another', async () => {
	const {docker, requests} = await fakeEngine({
		'POST /v1.45/build/prune': [
			{status: 200, body: {CachesDeleted: ['a', 'b'], SpaceReclaimed: 1_333_936}},
			{status: 200, body: {CachesDeleted: ['c'], SpaceReclaimed: 1_409_002}},
		],
		// Between passes: still above the cap, then within it.
		'GET /v1.45/system/df': [
			{status: 200, body: {BuildCache: [entry('c', 1_409_002), entry('d', 12_288)]}},
			{status: 200, body: {BuildCache: [entry('d', 12_288)]}},
		],
	});
	const pruned = await pruneBuildCache(docker, {keepBytes: 500_000, unusedFor: 86_400});
	expect(pruned).toEqual({cachesDeleted: 3, spaceReclaimed: 1_333_936 + 1_409_002});
	const prunes = requests.filter(url => url.pathname.endsWith('/build/prune'));
	expect(prunes).toHaveLength(2);
	expect(prunes[0]!.searchParams.get('keep-storage')).toBe('500000');
	expect(prunes[0]!.searchParams.get('all')).toBe('1');
	expect(JSON.parse(prunes[0]!.searchParams.get('filters')!)).toEqual({until: ['86400s']});
});

test('without a cap one pass prunes all there is; a pass that removes nothing ends the prune', async () => {
	const {docker, requests} = await fakeEngine({'POST /v1.45/build/prune': [{status: 200, body: {CachesDeleted: null, SpaceReclaimed: 0}}]});
	expect(await pruneBuildCache(docker, {keepBytes: null, unusedFor: null})).toEqual({cachesDeleted: 0, spaceReclaimed: 0});
	expect(requests).toHaveLength(1);
	expect(requests[0]!.searchParams.has('keep-storage')).toBe(false);
	expect(requests[0]!.searchParams.has('filters')).toBe(false);
});

test('an engine without BuildKit (404) and one below API 1.39 are refused with a sentence, not a stack', async () => {
	const {docker} = await fakeEngine({'POST /v1.45/build/prune': [{status: 404, body: {message: 'page not found'}}]});
	await expect(pruneBuildCache(docker, {keepBytes: 1, unusedFor: null})).rejects.toThrow(new BuildCacheError('this engine has no BuildKit build cache to prune (POST /build/prune: 404)'));
	await new Promise<void>(resolve => server!.close(() => resolve()));
	const old = await fakeEngine({}, 'v1.38');
	await expect(pruneBuildCache(old.docker, {keepBytes: 1, unusedFor: null})).rejects.toThrow(/API 1\.38; dockswab prunes the build cache on API 1\.39/);
	expect(old.requests).toHaveLength(0);
});
