import {describe, expect, test, vi} from 'vitest';
import {planLines, planTotals} from '../../source/view/plan-text';
import {planRemoval, type RemovalTarget} from '../../source/domain/removal-plan';
import {checkingMessage, digestsFor, recoverabilityOf, syncStateOf, syncTargetOf, type SyncEntry} from '../../source/domain/sync-status';
import {describeSync, syncMarker} from '../../source/view/sync-text';
import type {ImageInfo} from '../../source/domain/types';
import {RegistryError} from '../../source/registry/failure';
import {checkSyncStatus, startSyncStatus, type RemoteDigestLookup} from '../../source/services/sync-status';
import {initialState} from '../../source/state/reducer';
import {createAppStore} from '../../source/ui/dialogs/dialog-table';
import {container, image, now} from '../fixtures/scene';

const d = (n: string) => `sha256:${n.padEnd(64, n)}`;
const reg = '127.0.0.1:5000';

describe('syncStateOf', () => {
	test.each([
		['the registry digest is a RepoDigest of the same repository', [`${reg}/app@${d('a')}`], `${reg}/app:1.3.0`, d('a'), 'in sync'],
		['another digest under the tag', [`${reg}/app@${d('a')}`], `${reg}/app:1.3.0`, d('b'), 'outdated'],
		['never pushed: no RepoDigest at all, registry holds another', [], `${reg}/app:1.3.0`, d('b'), 'outdated'],
		['the digest matches only in another repository', [`${reg}/other@${d('a')}`], `${reg}/app:1.3.0`, d('a'), 'outdated'],
		['the digest matches only on another registry', [`127.0.0.1:6000/app@${d('a')}`], `${reg}/app:1.3.0`, d('a'), 'outdated'],
		['no such tag on the registry', [`${reg}/app@${d('a')}`], `${reg}/app:never`, null, 'not pushed'],
		['the registry could not be asked', [`${reg}/app@${d('a')}`], `${reg}/app:1.3.0`, undefined, 'unknown'],
		['Docker Hub: familiar and full names compare equal', [`app@${d('a')}`], 'docker.io/library/app:1.0', d('a'), 'in sync'],
		['Docker Hub: user repositories', [`docker.io/me/app@${d('a')}`], 'me/app:1.0', d('a'), 'in sync'],
	] as const)('%s → %s', (_name, digests, reference, remote, state) => {
		expect(syncStateOf({id: 'c'.repeat(64), repoDigests: digests}, reference, remote)).toBe(state);
	});

	// Docker 26's containerd store: the image ID is the manifest digest, and the list's RepoDigests
	// may name only one repository while every tag's counts.
	test.each([
		['the registry holds the manifest the image ID names, though no RepoDigest says so', [`app@${d('a')}`], d('a'), 'in sync'],
		['a RepoDigest of a tag never pushed is no proof: the registry has another digest', [`${reg}/app@${d('a')}`], d('b'), 'outdated'],
		['a RepoDigest of a tag never pushed is no proof: the registry has no such tag', [`${reg}/app@${d('a')}`], null, 'not pushed'],
	] as const)('containerd store: %s → %s', (_name, digests, remote, state) => {
		expect(syncStateOf({id: d('a').slice(7), repoDigests: digests}, `${reg}/app:1.3.0`, remote)).toBe(state);
	});

	test('digestsFor picks the digests of the reference repository only', () => {
		expect(digestsFor([`${reg}/app@${d('a')}`, `${reg}/web@${d('b')}`, 'garbage'], `${reg}/app:1`)).toEqual([d('a')]);
	});
});

describe('syncTargetOf: which references have a registry to ask', () => {
	test.each([
		[`${reg}/app:1.3.0`, false, {server: reg, repository: 'app', tag: '1.3.0'}],
		[`${reg}/team/app`, false, {server: reg, repository: 'team/app', tag: 'latest'}],
		['registry.example.com/app:2', false, {server: 'registry.example.com', repository: 'app', tag: '2'}],
		['app:1.0.0', false, null],
		['app:1.0.0', true, {server: 'docker.io', repository: 'library/app', tag: '1.0.0'}],
		['me/app:1', true, {server: 'docker.io', repository: 'me/app', tag: '1'}],
		['docker.io/me/app:1', false, null],
		['docker.io/me/app:1', true, {server: 'docker.io', repository: 'me/app', tag: '1'}],
		[`${reg}/app@${d('a')}`, true, null],
		['Not:Valid!', true, null],
	] as const)('%s (Hub login %s)', (reference, hub, expected) => {
		const target = syncTargetOf(reference, hub);
		expect(target === null ? null : {server: target.server, repository: target.repository, tag: target.tag}).toEqual(expected);
	});
});

describe('markers and words', () => {
	const entry = (state: SyncEntry['state'], message: string | null = null): SyncEntry => ({state, remoteDigest: state === 'not pushed' || state === 'unknown' ? null : d('a'), message});
	test.each([
		[entry('in sync'), '✓', `in sync (${d('a')})`],
		[entry('outdated'), '≠', `outdated: the registry has ${d('a')}`],
		[entry('not pushed'), '↑', 'not pushed'],
		[entry('unknown', '127.0.0.1:5000 requires a login'), '?', 'unknown: 127.0.0.1:5000 requires a login'],
		[entry('unknown', checkingMessage), '…', 'checking…'],
	])('%o', (value, marker, words) => {
		expect(syncMarker(value)).toBe(marker);
		expect(describeSync(value)).toBe(words);
	});
	test('no entry: blank', () => expect(syncMarker(undefined)).toBe(' '));
});

const inSync = (digest: string): SyncEntry => ({state: 'in sync', remoteDigest: digest, message: null});
const unknown: SyncEntry = {state: 'unknown', remoteDigest: null, message: `${reg} is not reachable`};
const notPushed: SyncEntry = {state: 'not pushed', remoteDigest: null, message: null};

describe('recoverable: the local plan says whether a pull brings an image back', () => {
	const pushed = image('aa', ['app:1.2.0', `${reg}/app:1.2.0`], {repoDigests: [`${reg}/app@${d('a')}`], size: 1000});
	const unpushed = image('bb', ['app:1.0.0'], {size: 1000});
	const untaggedPushed = image('cc', ['app:0.9.0'], {repoDigests: [`${reg}/app@${d('c')}`], size: 1000});
	const unreachable = image('dd', [`${reg}/app:0.1.0`], {size: 1000});
	const images: ImageInfo[] = [pushed, unpushed, untaggedPushed, unreachable];
	const sync = new Map<string, SyncEntry>([
		[`${reg}/app:1.2.0`, inSync(d('a'))],
		// Another local tag whose registry tag holds cc's digest: cc is recoverable through it.
		[`${reg}/app:0.9-alias`, inSync(d('c'))],
		[`${reg}/app:0.1.0`, unknown],
	]);
	const all = (ids: ImageInfo[]): RemovalTarget[] => ids.flatMap(entry => entry.repoTags.map(reference => ({imageId: entry.id, reference})));
	const plan = planRemoval({targets: all(images), images, containers: [], sync, options: {removeStoppedContainers: false, forced: new Set()}});
	const deleteOf = (id: string) => {
		const item = plan.items.find(candidate => candidate.target.imageId === id && candidate.outcome.kind === 'delete');
		return item?.outcome.kind === 'delete' ? item.outcome : undefined;
	};

	test('each deleted image: the reference holding it, none, or unknown', () => {
		expect(deleteOf(pushed.id)).toMatchObject({recoverable: {reference: `${reg}/app:1.2.0`}, unchecked: []});
		expect(deleteOf(unpushed.id)).toMatchObject({recoverable: null, unchecked: []});
		expect(deleteOf(untaggedPushed.id)).toMatchObject({recoverable: {reference: `${reg}/app:0.9-alias`}});
		expect(deleteOf(unreachable.id)).toMatchObject({recoverable: null, unchecked: [`${reg}/app:0.1.0`]});
		expect(plan.totals).toMatchObject({imagesDeleted: 4, recoverable: 2, notInRegistry: 1, recoveryUnknown: 1});
	});

	test('an outdated or unpushed registry tag does not make an image recoverable', () => {
		const outdated = new Map([[`${reg}/app:1.2.0`, {state: 'outdated', remoteDigest: d('f'), message: null} satisfies SyncEntry]]);
		expect(recoverabilityOf(pushed, outdated)).toEqual({kind: 'lost'});
		expect(recoverabilityOf(pushed, new Map([[`${reg}/app:1.2.0`, notPushed]]))).toEqual({kind: 'lost'});
		expect(recoverabilityOf(pushed, new Map())).toEqual({kind: 'lost'});
	});

	test('plan lines and totals say it, wide and narrow', () => {
		const lines = planLines(plan, images, 300).map(line => line.text);
		expect(lines.find(line => line.startsWith(`delete  ${reg}/app:1.2.0`))).toMatch(/frees 1kB; recoverable from 127\.0\.0\.1:5000\/app:1\.2\.0$/);
		expect(lines.find(line => line.startsWith('delete  app:1.0.0'))).toMatch(/frees 1kB; not in any registry$/);
		expect(lines.find(line => line.startsWith(`delete  ${reg}/app:0.1.0`))).toMatch(/recoverable: unknown \(could not ask the registry of 127\.0\.0\.1:5000\/app:0\.1\.0\)$/);
		expect(planTotals(plan, 120)).toBe('4 images deleted · 5 tags removed · 0 containers removed · 4kB reclaimed · 2 recoverable · 1 not in any registry · 1 unknown');
		expect(planTotals(plan, 80)).toBe('deletes 4 imgs, 5 tags, 0 ctrs · frees 4kB · 2 of 4 recoverable, 1 unknown');
	});

	test('narrow totals keep the blocked count ahead of the recovery counts', () => {
		const running = image('ee', ['web:1'], {size: 1000});
		const withBlocked = planRemoval({
			targets: [
				{imageId: unpushed.id, reference: 'app:1.0.0'},
				{imageId: running.id, reference: 'web:1'},
			],
			images: [...images, running],
			containers: [container('w1', 'web-1', 'ee', 'running')],
			sync,
			options: {removeStoppedContainers: false, forced: new Set()},
		});
		expect(planTotals(withBlocked, 80)).toBe('deletes 1 img, 1 tag, 0 ctrs · frees 1kB · 1 blocked · 0 of 1 recoverable');
	});

	test('a plan that deletes nothing says nothing about registries', () => {
		const untag = planRemoval({targets: [{imageId: pushed.id, reference: 'app:1.2.0'}], images, containers: [], sync, options: {removeStoppedContainers: false, forced: new Set()}});
		expect(planTotals(untag, 120)).toBe('0 images deleted · 1 tag removed · 0 containers removed · 0B reclaimed');
	});
});

/** A registry in memory: digests by `server/repository:tag`; every call recorded, answers released on demand. */
function fakeRegistry(initial: Record<string, string>) {
	const digests = new Map(Object.entries(initial));
	const calls: string[] = [];
	let active = 0;
	let maxActive = 0;
	const waiting: (() => void)[] = [];
	let held = false;
	const lookup: RemoteDigestLookup = async (server, repository, tag) => {
		const key = `${server}/${repository}:${tag}`;
		calls.push(key);
		active++;
		maxActive = Math.max(maxActive, active);
		// The registry's answer as it was when asked, however late it arrives.
		const answer = digests.get(key) ?? null;
		if (held) await new Promise<void>(resolve => waiting.push(resolve));
		active--;
		if (server === 'down:1') throw new RegistryError('unreachable', 'down:1 is not reachable');
		return answer;
	};
	return {
		lookup,
		calls,
		digests,
		maxActive: () => maxActive,
		hold: () => void (held = true),
		release: async (newestFirst = false) => {
			held = false;
			const all = waiting.splice(0);
			for (const resolve of newestFirst ? all.reverse() : all) {
				resolve();
				// Each answer lands before the next is let go.
				await new Promise(done => setImmediate(done));
			}
		},
		waiting: () => waiting.length,
	};
}

function scene(images: ImageInfo[]) {
	const store = createAppStore(initialState({host: 'unix:///test.sock', columns: 100, rows: 30, now}));
	store.dispatch({type: 'connected', host: 'unix:///test.sock', engineVersion: '20.10.24', apiVersion: '1.41', images, containers: []});
	return store;
}

const stateOf = (store: ReturnType<typeof scene>, reference: string) => store.getState().syncStatus.get(reference)?.state;

describe('the sync service', () => {
	const appImage = image('a1', [`${reg}/app:1.3.0`, 'app:1.3.0'], {repoDigests: [`${reg}/app@${d('a')}`]});
	const neverImage = image('a2', [`${reg}/app:never`]);
	const downImage = image('a3', ['down:1/app:1']);

	test('checks each registry reference once, four at a time, and reports every state', async () => {
		const many = Array.from({length: 10}, (_, i) => image(`m${i}`, [`${reg}/bulk:${i}`]));
		const registry = fakeRegistry({[`${reg}/app:1.3.0`]: d('a')});
		registry.hold();
		const store = scene([appImage, neverImage, downImage, ...many]);
		const service = startSyncStatus(store, registry.lookup, async () => 'none', {publishEveryMs: 0});
		await vi.waitFor(() => expect(registry.waiting()).toBe(4));
		expect(store.getState().syncStatus.get(`${reg}/app:1.3.0`)?.message).toBe(checkingMessage);
		await registry.release();
		await vi.waitFor(() => expect(store.getState().syncStatus.get('down:1/app:1')?.message).toBe('down:1 is not reachable'));
		await vi.waitFor(() => expect(stateOf(store, `${reg}/bulk:9`)).toBe('not pushed'));
		expect(registry.maxActive()).toBe(4);
		expect(stateOf(store, `${reg}/app:1.3.0`)).toBe('in sync');
		expect(stateOf(store, `${reg}/app:never`)).toBe('not pushed');
		expect(stateOf(store, 'down:1/app:1')).toBe('unknown');
		// With Docker Hub checks off, references without a host are not asked about.
		expect(store.getState().syncStatus.has('app:1.3.0')).toBe(false);
		expect([...registry.calls].sort()).toEqual([`${reg}/app:1.3.0`, `${reg}/app:never`, 'down:1/app:1', ...many.map((_, i) => `${reg}/bulk:${i}`)].sort());
		service.stop();
	});

	test('with a Docker Hub login, references without a host are asked of docker.io', async () => {
		const registry = fakeRegistry({'docker.io/library/app:1.3.0': d('h')});
		const store = scene([image('h1', ['app:1.3.0'], {repoDigests: [`app@${d('h')}`]})]);
		const service = startSyncStatus(store, registry.lookup, async () => 'all', {publishEveryMs: 0});
		await vi.waitFor(() => expect(stateOf(store, 'app:1.3.0')).toBe('in sync'));
		expect(registry.calls).toEqual(['docker.io/library/app:1.3.0']);
		service.stop();
	});

	test('without a Hub login, only the Hub references of images running containers use are asked, and a start adds one', async () => {
		const registry = fakeRegistry({'docker.io/library/web:1': d('w'), 'docker.io/library/tool:1': d('t')});
		const web = image('w1', ['web:1'], {repoDigests: [`web@${d('w')}`]});
		const tool = image('t1', ['tool:1'], {repoDigests: [`tool@${d('t')}`]});
		const store = scene([web, tool, neverImage]);
		store.dispatch({type: 'lists', images: [web, tool, neverImage], containers: [container('c1', 'web', 'w1', 'running'), container('c2', 'tool', 't1', 'exited')]});
		const service = startSyncStatus(store, registry.lookup, async () => 'running', {publishEveryMs: 0});
		await vi.waitFor(() => expect(stateOf(store, 'web:1')).toBe('in sync'));
		await vi.waitFor(() => expect(stateOf(store, `${reg}/app:never`)).toBe('not pushed'));
		expect(store.getState().syncStatus.has('tool:1')).toBe(false);
		store.dispatch({type: 'lists', images: [web, tool, neverImage], containers: [container('c1', 'web', 'w1', 'running'), container('c2', 'tool', 't1', 'running')]});
		await vi.waitFor(() => expect(stateOf(store, 'tool:1')).toBe('in sync'));
		expect([...registry.calls].sort()).toEqual([`${reg}/app:never`, 'docker.io/library/tool:1', 'docker.io/library/web:1']);
		service.stop();
	});

	test('a Docker Hub login during the session makes references without a host asked about', async () => {
		const registry = fakeRegistry({'docker.io/library/app:1.3.0': d('h')});
		const store = scene([image('h1', ['app:1.3.0'], {repoDigests: [`app@${d('h')}`]}), neverImage]);
		let loggedIn = false;
		const service = startSyncStatus(store, registry.lookup, async () => (loggedIn ? 'all' : 'none'), {publishEveryMs: 0});
		await vi.waitFor(() => expect(stateOf(store, `${reg}/app:never`)).toBe('not pushed'));
		expect(store.getState().syncStatus.has('app:1.3.0')).toBe(false);
		loggedIn = true;
		store.dispatch({type: 'registries', registries: [{server: 'docker.io', user: 'me', store: 'config.json'}], configPath: '/c/config.json'});
		await vi.waitFor(() => expect(stateOf(store, 'app:1.3.0')).toBe('in sync'));
		expect(registry.calls).toEqual([`${reg}/app:never`, 'docker.io/library/app:1.3.0']);
		service.stop();
	});

	test('a re-list asks only about new names; a moved tag follows the new image without asking', async () => {
		const registry = fakeRegistry({[`${reg}/app:1.3.0`]: d('a')});
		const store = scene([appImage, neverImage]);
		const service = startSyncStatus(store, registry.lookup, async () => 'none', {publishEveryMs: 0});
		await vi.waitFor(() => expect(stateOf(store, `${reg}/app:never`)).toBe('not pushed'));
		expect(registry.calls).toHaveLength(2);
		// The same lists again, then a list where app:1.3.0 moved to another image and a name is new.
		store.dispatch({type: 'lists', images: [{...appImage}, {...neverImage}], containers: []});
		const other = image('b1', [`${reg}/app:1.3.0`], {repoDigests: [`${reg}/app@${d('b')}`]});
		store.dispatch({type: 'lists', images: [{...appImage, repoTags: ['app:1.3.0']}, neverImage, other, image('n1', [`${reg}/new:1`])], containers: []});
		await vi.waitFor(() => expect(stateOf(store, `${reg}/new:1`)).toBe('not pushed'));
		expect(stateOf(store, `${reg}/app:1.3.0`)).toBe('outdated');
		expect(registry.calls).toEqual([`${reg}/app:1.3.0`, `${reg}/app:never`, `${reg}/new:1`]);
		service.stop();
	});

	test('a push event asks again about the pushed reference; a tag event about the tagged image', async () => {
		const registry = fakeRegistry({[`${reg}/app:1.3.0`]: d('a')});
		const store = scene([appImage, neverImage]);
		const service = startSyncStatus(store, registry.lookup, async () => 'none', {publishEveryMs: 0});
		await vi.waitFor(() => expect(stateOf(store, `${reg}/app:1.3.0`)).toBe('in sync'));
		registry.digests.set(`${reg}/app:1.3.0`, d('b'));
		service.imageEvent({type: 'image', action: 'push', id: `${reg}/app:1.3.0`, time: 0});
		await vi.waitFor(() => expect(stateOf(store, `${reg}/app:1.3.0`)).toBe('outdated'));
		expect(registry.calls.filter(call => call === `${reg}/app:never`)).toHaveLength(1);
		registry.digests.set(`${reg}/app:never`, d('c'));
		service.imageEvent({type: 'image', action: 'tag', id: `sha256:${neverImage.id}`, time: 0});
		await vi.waitFor(() => expect(stateOf(store, `${reg}/app:never`)).toBe('outdated'));
		// Other events ask nothing.
		const before = registry.calls.length;
		service.imageEvent({type: 'image', action: 'delete', id: `sha256:${appImage.id}`, time: 0});
		store.dispatch({type: 'tick', now: now + 60_000});
		await new Promise(resolve => setImmediate(resolve));
		expect(registry.calls).toHaveLength(before);
		service.stop();
	});

	test('after a login or logout, references whose registry could not be asked are asked again, the others not', async () => {
		const registry = fakeRegistry({[`${reg}/app:1.3.0`]: d('a')});
		const store = scene([appImage, downImage]);
		const service = startSyncStatus(store, registry.lookup, async () => 'none', {publishEveryMs: 0});
		await vi.waitFor(() => expect(stateOf(store, 'down:1/app:1')).toBe('unknown'));
		await vi.waitFor(() => expect(stateOf(store, `${reg}/app:1.3.0`)).toBe('in sync'));
		store.dispatch({type: 'registries', registries: [{server: 'down:1', user: 'me', store: 'config.json'}], configPath: '/cfg/config.json'});
		await vi.waitFor(() => expect(registry.calls.filter(call => call === 'down:1/app:1')).toHaveLength(2));
		expect(registry.calls.filter(call => call === `${reg}/app:1.3.0`)).toHaveLength(1);
		service.stop();
	});

	test('an answer overtaken by a newer check is dropped', async () => {
		const registry = fakeRegistry({[`${reg}/app:1.3.0`]: d('b')});
		registry.hold();
		const store = scene([appImage]);
		const service = startSyncStatus(store, registry.lookup, async () => 'none', {publishEveryMs: 0});
		await vi.waitFor(() => expect(registry.waiting()).toBe(1));
		registry.digests.set(`${reg}/app:1.3.0`, d('a'));
		service.imageEvent({type: 'image', action: 'push', id: `${reg}/app:1.3.0`, time: 0});
		await vi.waitFor(() => expect(registry.waiting()).toBe(2));
		// The newer answer (in sync) lands first; the older one (outdated) must not overwrite it.
		await registry.release(true);
		expect(registry.calls).toHaveLength(2);
		await vi.waitFor(() => expect(stateOf(store, `${reg}/app:1.3.0`)).toBe('in sync'), {timeout: 500});
		service.stop();
	});

	test('checkSyncStatus: one pass for a headless command', async () => {
		const registry = fakeRegistry({[`${reg}/app:1.3.0`]: d('a')});
		const entries = await checkSyncStatus([appImage, neverImage, downImage], registry.lookup, false);
		expect(Object.fromEntries([...entries].map(([reference, entry]) => [reference, entry.state]))).toEqual({
			[`${reg}/app:1.3.0`]: 'in sync',
			[`${reg}/app:never`]: 'not pushed',
			'down:1/app:1': 'unknown',
		});
	});
});
