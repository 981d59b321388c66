// Push and pull streams as engine 20.10 sends them (lines recorded from the sandbox engine pushing
// to and pulling from its htpasswd registry), folded into the progress the view draws.
import {describe, expect, test} from 'vitest';
import {applyStreamLine, emptyProgress, transferTotals, type StreamLine, type TransferProgress} from '../../source/domain/transfer-progress';
import {layerLines} from '../../source/view/transfer-lines';
import {classifyTransferMessage, readableFailure, registryAuthHeader} from '../../source/engine/transfer';

const digest = 'sha256:9908fc7575e85cad184decdd9f8934736041773dbcd0b1ab8d60838a7d5d7fd8';

const pushLines: StreamLine[] = [
	{status: 'The push refers to repository [127.0.0.1:52271/probe/rand]'},
	{status: 'Preparing', progressDetail: {}, id: '8c0569548ace'},
	{status: 'Preparing', progressDetail: {}, id: '285ddeb7cfcb'},
	{status: 'Preparing', progressDetail: {}, id: 'a1b2c3d4e5f6'},
	{status: 'Waiting', progressDetail: {}, id: 'a1b2c3d4e5f6'},
	{status: 'Pushing', progressDetail: {current: 33280, total: 3000000}, id: '285ddeb7cfcb'},
	{status: 'Pushing', progressDetail: {current: 33280, total: 2000000}, id: '8c0569548ace'},
	{status: 'Mounted from library/alpine', progressDetail: {}, id: 'a1b2c3d4e5f6'},
	{status: 'Pushing', progressDetail: {current: 1500000, total: 3000000}, id: '285ddeb7cfcb'},
	// The engine's count passes the total by the last block's padding.
	{status: 'Pushing', progressDetail: {current: 2001920, total: 2000000}, id: '8c0569548ace'},
	{status: 'Pushed', progressDetail: {}, id: '8c0569548ace'},
	{status: 'Pushing', progressDetail: {current: 3001920, total: 3000000}, id: '285ddeb7cfcb'},
	{status: 'Pushed', progressDetail: {}, id: '285ddeb7cfcb'},
	{status: `1: digest: ${digest} size: 739`},
	{progressDetail: {}, aux: {Tag: '1', Digest: digest, Size: 739}},
];

const pullLines: StreamLine[] = [
	{status: 'Pulling from probe/rand', id: '1'},
	{status: 'Already exists', progressDetail: {}, id: '0a0a0a0a0a0a'},
	{status: 'Pulling fs layer', progressDetail: {}, id: '7977a9b7c660'},
	{status: 'Pulling fs layer', progressDetail: {}, id: '7acf9327218c'},
	{status: 'Waiting', progressDetail: {}, id: '7acf9327218c'},
	{status: 'Downloading', progressDetail: {current: 36445, total: 3001120}, id: '7977a9b7c660'},
	{status: 'Downloading', progressDetail: {current: 36445, total: 2000819}, id: '7acf9327218c'},
	{status: 'Downloading', progressDetail: {current: 1000000, total: 2000819}, id: '7acf9327218c'},
	{status: 'Verifying Checksum', progressDetail: {}, id: '7acf9327218c'},
	{status: 'Download complete', progressDetail: {}, id: '7acf9327218c'},
	{status: 'Verifying Checksum', progressDetail: {}, id: '7977a9b7c660'},
	{status: 'Download complete', progressDetail: {}, id: '7977a9b7c660'},
	{status: 'Extracting', progressDetail: {current: 32768, total: 3001120}, id: '7977a9b7c660'},
	{status: 'Extracting', progressDetail: {current: 3001120, total: 3001120}, id: '7977a9b7c660'},
	{status: 'Pull complete', progressDetail: {}, id: '7977a9b7c660'},
	{status: 'Extracting', progressDetail: {current: 2000819, total: 2000819}, id: '7acf9327218c'},
	{status: 'Pull complete', progressDetail: {}, id: '7acf9327218c'},
	{status: `Digest: ${digest}`},
	{status: 'Status: Downloaded newer image for 127.0.0.1:52271/probe/rand:1'},
];

/** Folds the first `count` lines, one second apart, starting at t = 0. */
function fold(lines: readonly StreamLine[], count = lines.length): TransferProgress {
	return lines.slice(0, count).reduce((progress, line, index) => applyStreamLine(progress, line, (index + 1) * 1000), emptyProgress(0));
}

const statuses = (progress: TransferProgress) => Object.fromEntries(progress.layers.map(layer => [layer.id, layer.status]));

describe('applyStreamLine: push', () => {
	test.each([
		[1, {}],
		[4, {'8c0569548ace': 'Preparing', '285ddeb7cfcb': 'Preparing', a1b2c3d4e5f6: 'Preparing'}],
		[5, {'8c0569548ace': 'Preparing', '285ddeb7cfcb': 'Preparing', a1b2c3d4e5f6: 'Waiting'}],
		[8, {'8c0569548ace': 'Pushing', '285ddeb7cfcb': 'Pushing', a1b2c3d4e5f6: 'Mounted from library/alpine'}],
		[11, {'8c0569548ace': 'Pushed', '285ddeb7cfcb': 'Pushing', a1b2c3d4e5f6: 'Mounted from library/alpine'}],
		[pushLines.length, {'8c0569548ace': 'Pushed', '285ddeb7cfcb': 'Pushed', a1b2c3d4e5f6: 'Mounted from library/alpine'}],
	])('after %i lines', (count, expected) => {
		expect(statuses(fold(pushLines, count))).toEqual(expected);
	});

	test('layers keep the order they first appeared in', () => {
		expect(fold(pushLines).layers.map(layer => layer.id)).toEqual(['8c0569548ace', '285ddeb7cfcb', 'a1b2c3d4e5f6']);
	});

	test('the digest comes from the status line, then aux', () => {
		expect(fold(pushLines, pushLines.length - 2).digest).toBeNull();
		expect(fold(pushLines, pushLines.length - 1).digest).toBe(digest);
		expect(fold([{aux: {Tag: '1', Digest: 'sha256:' + 'b'.repeat(64), Size: 1}}]).digest).toBe('sha256:' + 'b'.repeat(64));
	});

	test('lines that are not about a layer become messages', () => {
		expect(fold(pushLines).messages).toEqual(['The push refers to repository [127.0.0.1:52271/probe/rand]', `1: digest: ${digest} size: 739`]);
	});

	test('an in-band error is kept as a message', () => {
		const progress = fold([...pushLines.slice(0, 3), {errorDetail: {message: 'no basic auth credentials'}, error: 'no basic auth credentials'}]);
		expect(progress.messages.at(-1)).toBe('no basic auth credentials');
		expect(progress.digest).toBeNull();
	});

	test('a layer keeps its total when a later line has none', () => {
		const layer = fold(pushLines).layers.find(entry => entry.id === '285ddeb7cfcb');
		expect(layer).toEqual({id: '285ddeb7cfcb', status: 'Pushed', current: 3001920, total: 3000000});
	});

	test('updatedAt follows the clock', () => {
		expect(fold(pushLines, 3).updatedAt).toBe(3000);
	});
});

describe('applyStreamLine: pull', () => {
	test.each([
		[1, {}],
		[4, {'0a0a0a0a0a0a': 'Already exists', '7977a9b7c660': 'Pulling fs layer', '7acf9327218c': 'Pulling fs layer'}],
		[8, {'0a0a0a0a0a0a': 'Already exists', '7977a9b7c660': 'Downloading', '7acf9327218c': 'Downloading'}],
		[9, {'0a0a0a0a0a0a': 'Already exists', '7977a9b7c660': 'Downloading', '7acf9327218c': 'Verifying Checksum'}],
		[12, {'0a0a0a0a0a0a': 'Already exists', '7977a9b7c660': 'Download complete', '7acf9327218c': 'Download complete'}],
		[14, {'0a0a0a0a0a0a': 'Already exists', '7977a9b7c660': 'Extracting', '7acf9327218c': 'Download complete'}],
		[pullLines.length, {'0a0a0a0a0a0a': 'Already exists', '7977a9b7c660': 'Pull complete', '7acf9327218c': 'Pull complete'}],
	])('after %i lines', (count, expected) => {
		expect(statuses(fold(pullLines, count))).toEqual(expected);
	});

	test('"Pulling from" names the tag, not a layer', () => {
		const progress = fold(pullLines, 1);
		expect(progress.layers).toEqual([]);
		expect(progress.messages).toEqual(['Pulling from probe/rand']);
	});

	test('the digest comes from the "Digest:" status', () => {
		expect(fold(pullLines, pullLines.length - 2).digest).toBeNull();
		expect(fold(pullLines).digest).toBe(digest);
	});
});

describe('transferTotals', () => {
	test.each([
		// Preparing only: nothing known yet.
		['push, preparing', pushLines, 4, 4000, {done: 0, total: 0, layersDone: 0, layers: 3, etaSeconds: null}],
		// 33280 + 33280 of 5 MB after 7 s; the mounted layer has no bytes to count.
		['push, first bytes', pushLines, 8, 8000, {done: 66560, total: 5_000_000, layersDone: 1, layers: 3, etaSeconds: Math.ceil((5_000_000 - 66560) / (66560 / 8))}],
		// One layer over its total counts as its total.
		['push, one pushed', pushLines, 11, 11000, {done: 3_500_000, total: 5_000_000, layersDone: 2, layers: 3, etaSeconds: Math.ceil(1_500_000 / (3_500_000 / 11))}],
		['push, finished', pushLines, pushLines.length, 15000, {done: 5_000_000, total: 5_000_000, layersDone: 3, layers: 3, etaSeconds: 0}],
		['pull, downloading', pullLines, 8, 8000, {done: 36445 + 1_000_000, total: 3001120 + 2000819, layersDone: 1, layers: 3, etaSeconds: Math.ceil((3001120 + 2000819 - 1036445) / (1036445 / 8))}],
		// Downloaded layers count whole while they extract: the bar does not run backwards.
		['pull, extracting', pullLines, 13, 13000, {done: 3001120 + 2000819, total: 3001120 + 2000819, layersDone: 1, layers: 3, etaSeconds: 0}],
		['pull, finished', pullLines, pullLines.length, 19000, {done: 5001939, total: 5001939, layersDone: 3, layers: 3, etaSeconds: 0}],
	])('%s', (_name, lines, count, now, expected) => {
		const totals = transferTotals(fold(lines, count), now);
		expect({done: totals.done, total: totals.total, layersDone: totals.layersDone, layers: totals.layers, etaSeconds: totals.etaSeconds}).toEqual(expected);
	});

	test('rate is bytes per second since the start', () => {
		expect(transferTotals(fold(pushLines, 11), 10_000).rate).toBe(350_000);
		expect(transferTotals(fold(pushLines, 11), 0).rate).toBe(0);
	});

	test('no ETA before any byte moved', () => {
		expect(transferTotals(emptyProgress(0), 5000)).toEqual({done: 0, total: 0, rate: 0, etaSeconds: null, layersDone: 0, layers: 0});
	});
});

describe('layerLines', () => {
	const moving = fold(pushLines, 9);

	test('a moving layer: id, status, bar, bytes', () => {
		expect(layerLines(moving, 80)).toEqual([
			'8c0569548ace  Pushing     [                              ]  33.3kB / 2MB',
			'285ddeb7cfcb  Pushing     [###############               ]  1.5MB / 3MB',
			'a1b2c3d4e5f6  Mounted from library/alpine',
		]);
	});

	test('finished layers show their size, layers that existed show none', () => {
		expect(layerLines(fold(pullLines), 80)).toEqual(['0a0a0a0a0a0a  Already exists', '7977a9b7c660  Pull complete  3MB', '7acf9327218c  Pull complete  2MB']);
	});

	test.each([120, 80, 60, 45, 40, 30, 20, 10])('every line fits in %i columns', width => {
		for (const progress of [moving, fold(pullLines, 8), fold(pullLines)]) {
			for (const line of layerLines(progress, width)) expect(line.length).toBeLessThanOrEqual(width);
		}
	});

	test('the bar shrinks with the width and goes when there is no room', () => {
		expect(layerLines(moving, 60)[1]).toBe('285ddeb7cfcb  Pushing     [########       ]  1.5MB / 3MB');
		expect(layerLines(moving, 45)[1]).toBe('285ddeb7cfcb  Pushing     1.5MB / 3MB');
	});

	test('a long status is cut with an ellipsis', () => {
		expect(layerLines(moving, 30)[2]).toBe('a1b2c3d4e5f6  Mounted from li…');
	});
});

describe('classifyTransferMessage', () => {
	test.each([
		['unauthorized: authentication required', 'unauthorized'],
		['unauthorized: incorrect username or password', 'unauthorized'],
		['no basic auth credentials', 'unauthorized'],
		['Head "http://127.0.0.1:52271/v2/probe/rand/manifests/1": no basic auth credentials', 'unauthorized'],
		['Get "http://127.0.0.1:5000/v2/": login attempt failed with status: 401 Unauthorized', 'unauthorized'],
		['denied: requested access to the resource is denied', 'denied'],
		["pull access denied for demo/app, repository does not exist or may require 'docker login': denied: requested access to the resource is denied", 'denied'],
		['manifest for 127.0.0.1:52271/probe/rand:nope not found: manifest unknown: manifest unknown', 'not-found'],
		['An image does not exist locally with the tag: 127.0.0.1:52271/probe/gone', 'not-found'],
		['Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused', 'failed'],
		['received unexpected HTTP status: 500 Internal Server Error', 'failed'],
	])('%s → %s', (message, kind) => {
		expect(classifyTransferMessage(message)).toBe(kind);
	});
});

describe('registryAuthHeader', () => {
	const decode = (header: string) => JSON.parse(Buffer.from(header.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')) as unknown;

	test.each([
		['anonymous', null, {}],
		['user and password', {username: 'dockswab', secret: 'pa/ss+word?'}, {username: 'dockswab', password: 'pa/ss+word?', serveraddress: '127.0.0.1:5000'}],
		['identity token', {username: '<token>', secret: 'refresh-token-1', identityToken: true}, {identitytoken: 'refresh-token-1', serveraddress: '127.0.0.1:5000'}],
	])('%s', (_name, credential, expected) => {
		expect(decode(registryAuthHeader(credential, '127.0.0.1:5000'))).toEqual(expected);
	});

	test('anonymous is the base64 of {}', () => {
		expect(registryAuthHeader(null, 'docker.io')).toBe('e30=');
	});

	test('the URL-safe alphabet, never + or /', () => {
		// "??>" encodes to "Pz8+" in the standard alphabet.
		const header = registryAuthHeader({username: '??>', secret: '???'}, 'h');
		expect(header).not.toMatch(/[+/]/);
		expect(decode(header)).toEqual({username: '??>', password: '???', serveraddress: 'h'});
	});
});

test("Docker 26's refusal names the registry's answer, not the blob request that met it; other texts stay", () => {
	expect(readableFailure('unexpected status from HEAD request to http://127.0.0.1:5000/v2/app/blobs/sha256:cee0: 401 Unauthorized')).toBe('the registry answered 401 Unauthorized');
	expect(classifyTransferMessage(readableFailure('unexpected status from PUT request to http://127.0.0.1:5000/v2/app/manifests/1: 403 Forbidden'))).toBe('denied');
	expect(readableFailure('denied: requested access to the resource is denied')).toBe('denied: requested access to the resource is denied');
});
