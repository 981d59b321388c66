// Engines (or what answers in their place) that give malformed answers: each gets a clear message
// or is read as far as it makes sense, never a crash or a made-up value.
import {afterEach, expect, test} from 'vitest';
import Docker from 'dockerode';
import {describeConnectionError} from '../../source/engine/connect';
import {watchEvents, type EngineEvent} from '../../source/engine/events';
import {requestFirstLists} from '../../source/engine/first-lists';
import {listImages} from '../../source/engine/lists';
import {ContextError, engineHost, resolveEngineTarget} from '../../source/engine/target';
import {fakeImage, startFakeEngine, type FakeEngine} from '../fixtures/fake-engine';

let engine: FakeEngine | undefined;
afterEach(async () => {
	await engine?.close();
	engine = undefined;
});

const failureOf = (pending: Promise<unknown>) =>
	pending.then(
		() => null,
		(error: unknown) => error as Error,
	);

test('RepoTags and RepoDigests of null (dangling images on some engines) read as none', async () => {
	engine = await startFakeEngine({images: [{...fakeImage, RepoTags: null, RepoDigests: null, Labels: null}]});
	const lists = await requestFirstLists(resolveEngineTarget({DOCKER_HOST: engine.host}));
	expect(lists.images).toHaveLength(1);
	expect(lists.images[0]).toMatchObject({repoTags: [], repoDigests: [], labels: {}});
});

test('an HTML page where the image list should be (a proxy in between) is named as such, at start and later', async () => {
	const page = '<html>\n  <body><h1>Sign in to the proxy</h1></body>\n</html>';
	engine = await startFakeEngine({
		route: (_request, path, response) => {
			if (path !== '/images/json') return false;
			response.writeHead(200, {'Content-Type': 'text/html'});
			response.end(page);
			return true;
		},
	});
	const target = resolveEngineTarget({DOCKER_HOST: engine.host});
	const atStart = await failureOf(requestFirstLists(target));
	expect(atStart?.message).toBe(
		'the engine\'s answer to /images/json is not JSON (text/html: "<html> <body><h1>Sign in to the proxy</h1></body> </html>"); is a proxy answering instead of the engine?',
	);
	const later = await failureOf(listImages(new Docker({host: '127.0.0.1', port: Number(new URL(engine.host).port), protocol: 'http'})));
	expect(later?.message).toBe('the engine\'s answer to /images/json is not JSON ("<html> <body><h1>Sign in to the proxy</h1></body> </html>"); is a proxy answering instead of the engine?');
});

test("a 500 on the image list at start carries the engine's own words and says the engine was reached", async () => {
	engine = await startFakeEngine({
		route: (_request, path, response) => {
			if (path !== '/images/json') return false;
			response.writeHead(500, {'Content-Type': 'application/json'});
			response.end(JSON.stringify({message: 'failed to get layer sha256:abc: no such file'}));
			return true;
		},
	});
	const target = resolveEngineTarget({DOCKER_HOST: engine.host});
	const failure = await failureOf(requestFirstLists(target));
	expect(failure?.message).toBe('(HTTP code 500) /images/json?all=1: failed to get layer sha256:abc: no such file');
	const described = describeConnectionError(target, failure);
	expect(described.error).toContain('failed to get layer sha256:abc: no such file');
	expect(described.error).not.toMatch(/refused|No engine socket/);
});

test('an event line split across two packets arrives once and whole', async () => {
	const event = (id: string, name: string) => `${JSON.stringify({Type: 'container', Action: 'rename', Actor: {ID: id, Attributes: {name}}, time: 1_800_000_000})}\n`;
	// A whole line, then the split one: the whole line's event shows when the first packet was read.
	const bytes = Buffer.from(event('beef', 'first-1') + event('c0ffee', 'café-1'), 'utf8');
	// Cut inside the second line (and inside the two bytes of "é", which the decoder keeps for the next chunk).
	const cut = bytes.lastIndexOf(Buffer.from('é', 'utf8')) + 1;
	let stream: {write: (chunk: Buffer) => void} | null = null;
	engine = await startFakeEngine({
		route: (_request, path, response) => {
			if (path !== '/events') return false;
			response.writeHead(200, {'Content-Type': 'application/json'});
			response.write(bytes.subarray(0, cut));
			stream = response;
			return true;
		},
	});
	const events: EngineEvent[] = [];
	const watcher = watchEvents(new Docker({host: '127.0.0.1', port: Number(new URL(engine.host).port), protocol: 'http'}), {
		onOpen: () => undefined,
		onEvent: event => events.push(event),
		onBroken: () => undefined,
	});
	try {
		// The second part goes out only once the first was read: it comes in another packet.
		await expect.poll(() => events.length).toBe(1);
		stream!.write(bytes.subarray(cut));
		await expect.poll(() => events.length).toBe(2);
		expect(events[0]).toEqual({type: 'container', action: 'rename', id: 'beef', time: 1_800_000_000});
		expect(events[1]).toEqual({type: 'container', action: 'rename', id: 'c0ffee', time: 1_800_000_000});
	} finally {
		watcher.stop();
	}
});

test('DOCKER_HOST without a host is read as the docker CLI reads it, or refused', () => {
	expect(engineHost('unix://', 'DOCKER_HOST')).toBe('unix:///var/run/docker.sock');
	expect(engineHost('tcp://', 'DOCKER_HOST')).toBe('tcp://localhost:2375');
	expect(engineHost('tcp://:2376', 'DOCKER_HOST')).toBe('tcp://localhost:2376');
	expect(engineHost('tcp://10.0.0.5:2375', 'DOCKER_HOST')).toBe('tcp://10.0.0.5:2375');
	expect(() => engineHost('ssh://', 'DOCKER_HOST')).toThrow(new ContextError('DOCKER_HOST: "ssh://" names no host (ssh://[user@]host[:port])'));
	expect(() => resolveEngineTarget({DOCKER_HOST: 'ssh://user@'})).toThrow(ContextError);
	expect(() => resolveEngineTarget({DOCKER_HOST: '/var/run/docker.sock'})).toThrow(
		'DOCKER_HOST: "/var/run/docker.sock" is not an engine address (unix:///path, tcp://host:port or ssh://[user@]host[:port])',
	);
	expect(resolveEngineTarget({DOCKER_HOST: 'unix://'}).host).toBe('unix:///var/run/docker.sock');
});
