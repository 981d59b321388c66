// A remote plan is run only after the registry has been read again: the registry service against a
// small registry served on loopback by the test, whose tags can be moved between reads. The
// requests the registry received are the oracle.
import {createHash} from 'node:crypto';
import {writeFileSync} from 'node:fs';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {createRegistryActions, type RegistryActions} from '../../source/services/registries';
import {createAppStore, reduceDialog} from '../../source/ui/dialogs/dialog-table';
import {browseDialog} from '../../source/state/flows/registries';
import {initialState} from '../../source/state/reducer';
import type {Store} from '../../source/state/store';
import type {Dialog} from '../../source/state/types';
import type {BrowseDialog, RemotePlanDialog} from '../../source/state/flows/registries-types';
import {blankKey} from '../../source/terminal/parse-input';
import {flowKey} from '../../source/ui/keymap';
import {tempDir} from '../fixtures/temp-dir';

const fullAccept = [
	'application/vnd.docker.distribution.manifest.v2+json',
	'application/vnd.docker.distribution.manifest.list.v2+json',
	'application/vnd.oci.image.manifest.v1+json',
	'application/vnd.oci.image.index.v1+json',
];

const ociIndex = 'application/vnd.oci.image.index.v1+json';
const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** One image per version: its own config blob, so its own manifest digest. */
function image(version: string): {manifest: string; config: string} {
	const config = JSON.stringify({created: '2026-01-01T00:00:00Z', os: 'linux', architecture: 'amd64', config: {Labels: {version}}});
	const manifest = JSON.stringify({
		schemaVersion: 2,
		mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
		config: {mediaType: 'application/vnd.docker.container.image.v1+json', digest: sha256(config), size: config.length},
		layers: [],
	});
	return {manifest, config};
}

type Request = {readonly method: string; readonly path: string; readonly accept: string};

/** A registry with one repository, `app`, that deletes by digest as distribution does: every tag on it goes. */
class MovableRegistry {
	readonly tags = new Map<string, string>();
	readonly manifests = new Map<string, string>();
	readonly blobs = new Map<string, string>();
	readonly requests: Request[] = [];
	readonly server: Server = createServer((req, res) => this.answer(req, res));

	push(tag: string, version: string): string {
		const {manifest, config} = image(version);
		const digest = sha256(manifest);
		this.manifests.set(digest, manifest);
		this.blobs.set(sha256(config), config);
		this.tags.set(tag, digest);
		return digest;
	}

	/** An OCI index listing `children` (manifest digests held here), tagged `tag`. */
	pushIndex(tag: string, children: readonly string[]): string {
		const index = JSON.stringify({
			schemaVersion: 2,
			mediaType: ociIndex,
			manifests: children.map((child, n) => ({mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: child, size: 1, platform: {os: 'linux', architecture: n === 0 ? 'amd64' : 'arm64'}})),
		});
		const digest = sha256(index);
		this.manifests.set(digest, index);
		this.tags.set(tag, digest);
		return digest;
	}

	deletes(): string[] {
		return this.requests.filter(request => request.method === 'DELETE').map(request => request.path);
	}

	private answer(req: IncomingMessage, res: ServerResponse): void {
		const path = req.url ?? '';
		this.requests.push({method: req.method ?? '', path, accept: String(req.headers.accept ?? '')});
		const send = (status: number, body = '', headers: Record<string, string> = {}) => {
			res.writeHead(status, {'content-type': 'application/json', ...headers});
			res.end(req.method === 'HEAD' ? undefined : body);
		};
		if (path === '/v2/') return send(200, '{}');
		if (path === '/v2/app/tags/list') return send(200, JSON.stringify({name: 'app', tags: [...this.tags.keys()]}));
		const manifest = /^\/v2\/app\/manifests\/(.+)$/.exec(path)?.[1];
		if (manifest && req.method === 'DELETE') {
			if (!this.manifests.delete(manifest)) return send(404, JSON.stringify({errors: [{code: 'MANIFEST_UNKNOWN'}]}));
			for (const [tag, digest] of this.tags) if (digest === manifest) this.tags.delete(tag);
			return send(202);
		}
		if (manifest) {
			const digest = manifest.startsWith('sha256:') ? manifest : this.tags.get(manifest);
			const body = digest ? this.manifests.get(digest) : undefined;
			if (!digest || !body) return send(404, JSON.stringify({errors: [{code: 'MANIFEST_UNKNOWN'}]}));
			const type = body.includes(ociIndex) ? ociIndex : 'application/vnd.docker.distribution.manifest.v2+json';
			return send(200, body, {'content-type': type, 'docker-content-digest': digest});
		}
		const blob = /^\/v2\/app\/blobs\/(.+)$/.exec(path)?.[1];
		if (blob && this.blobs.has(blob)) return send(200, this.blobs.get(blob));
		send(404, JSON.stringify({errors: [{code: 'NOT_FOUND'}]}));
	}
}

let registry: MovableRegistry;
let server = '';
let store: Store;
let actions: RegistryActions;

beforeEach(async () => {
	registry = new MovableRegistry();
	await new Promise<void>(resolve => registry.server.listen(0, '127.0.0.1', resolve));
	const address = registry.server.address();
	if (!address || typeof address === 'string') throw new Error('no port');
	server = `127.0.0.1:${address.port}`;
	const configDir = tempDir('dockswab-recheck-');
	writeFileSync(join(configDir, 'config.json'), '{}\n');
	store = createAppStore(initialState({host: 'unix:///test.sock', columns: 100, rows: 30, now: 0}));
	actions = createRegistryActions(store, configDir, async () => ({certsDir: tempDir('dockswab-certs-'), insecure: new Set(), timeoutMs: 3000}));
	// The deletes the plan's flow asks for once the re-check found it unchanged, as the input hook runs them.
	store.onEffects(effects => {
		for (const effect of effects) if (effect.type === 'remote-delete') actions.deleteRemotePlan(effect.server, effect.plan);
	});
});

afterEach(async () => {
	registry.server.closeAllConnections();
	await new Promise<void>(resolve => registry.server.close(() => resolve()));
});

/** Resolves with the dialog once `accept` takes it; the timeout only guards against a hang. */
function untilDialog<T extends Dialog>(accept: (dialog: Dialog | null) => dialog is T, what: string): Promise<T> {
	return new Promise((resolve, reject) => {
		const check = () => {
			const {dialog} = store.getState();
			if (!accept(dialog)) return false;
			unsubscribe();
			clearTimeout(timer);
			resolve(dialog);
			return true;
		};
		const unsubscribe = store.subscribe(check);
		const timer = setTimeout(() => {
			unsubscribe();
			reject(new Error(`timed out waiting for ${what}; dialog is ${JSON.stringify(store.getState().dialog?.kind)}`));
		}, 5000);
		check();
	});
}

const loadedTags = (dialog: Dialog | null): dialog is BrowseDialog => dialog?.kind === 'browse' && dialog.repository === 'app' && !dialog.loading;
const planIn =
	(phase: RemotePlanDialog['phase']) =>
	(dialog: Dialog | null): dialog is RemotePlanDialog =>
		dialog?.kind === 'remote-plan' && dialog.phase === phase;

/** The tag list of `app` as the browse view opens it (from the session's cache when it was read before). */
async function openTags(): Promise<BrowseDialog> {
	const opened = {...(browseDialog(server).dialog as BrowseDialog), repository: 'app', loading: true};
	store.dispatch({type: 'dialog-open', dialog: opened});
	actions.loadTags(server, 'app', false);
	return untilDialog(loadedTags, 'the tag list');
}

/** A key on the dialog as drawn, routed as the input router does; remote re-checks go to the service. */
function press(input: string): void {
	const {dialog} = store.getState();
	if (!dialog) throw new Error('no dialog');
	const result = reduceDialog(dialog, flowKey(input, blankKey, true), store.getState());
	store.dispatch(result.dialog ? {type: 'dialog-open', dialog: result.dialog} : {type: 'dialog-close'});
	for (const effect of result.effects) if (effect.type === 'remote-verify') actions.verifyRemotePlan(effect.server, effect.plan);
}

/** d on `tag` in the tag list shown now. */
function planDelete(list: BrowseDialog, tag: string): RemotePlanDialog {
	store.dispatch({type: 'dialog-open', dialog: {...list, cursor: list.tags.findIndex(entry => entry.tag === tag)}});
	press('d');
	const {dialog} = store.getState();
	if (dialog?.kind !== 'remote-plan') throw new Error('no remote plan');
	return dialog;
}

describe('confirming a remote plan reads the registry again', () => {
	test('latest moved onto 1.0.0 after the list was read: y deletes nothing and shows the new plan naming latest', async () => {
		const old = registry.push('1.0.0', '1.0.0');
		registry.push('1.1.0', '1.1.0');
		registry.push('latest', '1.1.0');
		await openTags();
		// Someone else moves latest; the list is reopened from the session's cache.
		registry.tags.set('latest', old);
		const reopened = await openTags();
		expect(reopened.tags.find(entry => entry.tag === 'latest')?.digest).not.toBe(old);
		const plan = planDelete(reopened, '1.0.0');
		expect(plan.plan.totals).toEqual({digests: 1, tags: 1, blocked: 0});
		const heads = registry.requests.length;

		press('y');
		const shown = await untilDialog(planIn('plan'), 'the plan to be shown again');

		expect(registry.deletes()).toEqual([]);
		expect(registry.tags.get('latest')).toBe(old);
		expect(shown.recheck).toEqual({kind: 'changed'});
		expect(shown.plan.items).toEqual([{digest: old, tags: ['1.0.0', 'latest'], outcome: {kind: 'blocked', reason: 'latest shares this digest: mark it too'}}]);
		// Every tag was asked again, by HEAD, with the full Accept list, after the list itself.
		const asked = registry.requests.slice(heads);
		expect(asked.filter(request => request.method === 'GET').map(request => request.path)).toEqual(['/v2/app/tags/list']);
		const headed = asked.filter(request => request.method === 'HEAD');
		expect(headed.map(request => request.path).sort()).toEqual(['/v2/app/manifests/1.0.0', '/v2/app/manifests/1.1.0', '/v2/app/manifests/latest']);
		for (const request of headed) expect(request.accept.split(/,\s*/).sort()).toEqual([...fullAccept].sort());
	});

	test('an unchanged registry: y deletes exactly the planned digest', async () => {
		const old = registry.push('1.0.0', '1.0.0');
		const kept = registry.push('1.1.0', '1.1.0');
		registry.push('latest', '1.1.0');
		planDelete(await openTags(), '1.0.0');
		press('y');
		const done = await untilDialog(planIn('done'), 'the deletes to finish');
		expect(registry.deletes()).toEqual([`/v2/app/manifests/${old}`]);
		expect(done.results.map(result => result.status)).toEqual(['deleted']);
		expect(Object.fromEntries(registry.tags)).toEqual({'1.1.0': kept, latest: kept});
	});

	test('the new plan runs after a second confirm; the registry is read again for it', async () => {
		const first = registry.push('1.0.0', '1.0.0');
		registry.push('latest', '1.1.0');
		planDelete(await openTags(), '1.0.0');
		// 1.0.0 is pushed again as another image: the plan would have deleted the wrong digest.
		const second = registry.push('1.0.0', '1.0.1');
		press('y');
		const shown = await untilDialog(planIn('plan'), 'the new plan');
		expect(shown.plan.items.map(item => item.digest)).toEqual([second]);
		expect(registry.deletes()).toEqual([]);
		press('y');
		await untilDialog(planIn('done'), 'the deletes to finish');
		expect(registry.deletes()).toEqual([`/v2/app/manifests/${second}`]);
		expect(registry.manifests.has(first)).toBe(true);
	});

	test('an index tagged after the list was read: y learns its platforms and deletes none of them', async () => {
		const amd64 = registry.push('1.0-amd64', '1.0-amd64');
		const arm64 = registry.push('1.0-arm64', '1.0-arm64');
		const list = await openTags();
		const plan = planDelete(list, '1.0-amd64');
		expect(plan.plan.totals).toEqual({digests: 1, tags: 1, blocked: 0});
		const index = registry.pushIndex('1.0', [amd64, arm64]);
		registry.tags.set('stable', index);
		press('y');
		const shown = await untilDialog(planIn('plan'), 'the plan with the index');
		expect(registry.deletes()).toEqual([]);
		expect(shown.recheck).toEqual({kind: 'changed'});
		expect(shown.plan.items).toEqual([{digest: amd64, tags: ['1.0-amd64'], outcome: {kind: 'blocked', reason: 'a platform of 1.0, stable (index), which stay'}}]);
		// The index itself was read once, by its digest, with the full Accept list, for both its tags.
		const reads = registry.requests.filter(request => request.method === 'GET' && request.path === `/v2/app/manifests/${index}`);
		expect(reads).toHaveLength(1);
		expect(reads[0]!.accept.split(/,\s*/).sort()).toEqual([...fullAccept].sort());
	});

	test('an index the browse view read: its platform is blocked at once; with the index marked too both go, the index first', async () => {
		const amd64 = registry.push('1.0-amd64', '1.0-amd64');
		const index = registry.pushIndex('1.0', [amd64]);
		const list = await openTags();
		expect(list.tags.find(entry => entry.tag === '1.0')?.children).toEqual([amd64]);
		expect(planDelete(list, '1.0-amd64').plan.items.map(item => item.outcome)).toEqual([{kind: 'blocked', reason: 'a platform of 1.0 (index), which stays'}]);
		store.dispatch({type: 'dialog-open', dialog: {...list, marks: new Set(['1.0', '1.0-amd64'])}});
		press('d');
		press('y');
		await untilDialog(planIn('done'), 'the deletes to finish');
		expect(registry.deletes()).toEqual([`/v2/app/manifests/${index}`, `/v2/app/manifests/${amd64}`]);
	});

	test('a registry that fails the re-read: nothing is deleted and the plan says why', async () => {
		registry.push('1.0.0', '1.0.0');
		registry.push('latest', '1.1.0');
		planDelete(await openTags(), '1.0.0');
		registry.server.removeAllListeners('request');
		registry.server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
			res.writeHead(503, {'content-type': 'application/json'});
			res.end('{"errors":[{"code":"UNAVAILABLE","message":"maintenance"}]}');
		});
		press('y');
		const shown = await untilDialog(planIn('plan'), 'the plan with the failure');
		expect(shown.recheck).toEqual({kind: 'failed', message: `${server} failed with HTTP 503: maintenance`});
		expect(registry.deletes()).toEqual([]);
	});
});
