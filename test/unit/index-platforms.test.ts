// The details view's platforms from a registry: asked by the image's digest in each repository its
// RepoDigests name, on a small registry served on loopback by the test. Its requests are the oracle.
import {createHash} from 'node:crypto';
import {writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {join} from 'node:path';
import {afterEach, beforeEach, expect, test} from 'vitest';
import {createRegistryActions} from '../../source/services/registries';
import {detailsDialog} from '../../source/state/flows/menus';
import {initialState} from '../../source/state/reducer';
import type {Store} from '../../source/state/store';
import {createAppStore} from '../../source/ui/dialogs/dialog-table';
import type {IndexPlatforms} from '../../source/domain/registry-types';
import type {DetailsDialog} from '../../source/state/flows/menus-types';
import {image} from '../fixtures/scene';
import {tempDir} from '../fixtures/temp-dir';

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const index = JSON.stringify({
	schemaVersion: 2,
	mediaType: 'application/vnd.oci.image.index.v1+json',
	manifests: [
		{mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256('amd64'), size: 1, platform: {os: 'linux', architecture: 'amd64'}},
		{mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256('arm64'), size: 1, platform: {os: 'linux', architecture: 'arm64', variant: 'v8'}},
	],
});
const single = JSON.stringify({
	schemaVersion: 2,
	mediaType: 'application/vnd.oci.image.manifest.v1+json',
	config: {mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256('config'), size: 6},
	layers: [],
});
/** What the registry holds, by repository and digest. */
const held: Record<string, string> = {[`/v2/multi/app/manifests/${sha256(index)}`]: index, [`/v2/one/app/manifests/${sha256(single)}`]: single};

let server: Server;
let host = '';
let store: Store;
const asked: string[] = [];

beforeEach(async () => {
	asked.length = 0;
	server = createServer((req, res) => {
		asked.push(`${req.method} ${req.url} ${req.headers.accept ?? ''}`);
		const body = held[req.url ?? ''];
		if (req.url === '/v2/' || body) {
			res.writeHead(200, {'content-type': body ? (JSON.parse(body) as {mediaType: string}).mediaType : 'application/json'});
			res.end(body ?? '{}');
			return;
		}
		res.writeHead(404, {'content-type': 'application/json'});
		res.end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	if (!address || typeof address === 'string') throw new Error('no port');
	host = `127.0.0.1:${address.port}`;
	store = createAppStore(initialState({host: 'unix:///test.sock', columns: 100, rows: 30, now: 0}));
});

afterEach(async () => {
	server.closeAllConnections();
	await new Promise<void>(resolve => server.close(() => resolve()));
});

/** The details view of an image with these RepoDigests, and what the registries made of it. */
async function platformsFor(repoDigests: string[]): Promise<IndexPlatforms> {
	const shown = image('m1', [], {repoDigests});
	store.dispatch({type: 'connected', host: 'unix:///test.sock', engineVersion: '26.1.5', apiVersion: '1.45', images: [shown], containers: []});
	store.dispatch({type: 'dialog-open', dialog: detailsDialog(shown.id).dialog!});
	const configDir = tempDir('dockswab-platforms-');
	writeFileSync(join(configDir, 'config.json'), '{}\n');
	createRegistryActions(store, configDir, async () => ({certsDir: tempDir('dockswab-certs-'), insecure: new Set(), timeoutMs: 3000})).loadIndexPlatforms(shown.id);
	const answered = () => {
		const answer = (store.getState().dialog as DetailsDialog | null)?.index;
		return answer && answer.kind !== 'asking' ? answer : null;
	};
	await expect.poll(answered, {message: 'no answer from the registries'}).not.toBeNull();
	return answered()!;
}

test('an index: its platforms, from the repository that holds the digest, asked by digest with the full Accept list', async () => {
	const answer = await platformsFor([`${host}/gone/app@${sha256(index)}`, `${host}/multi/app@${sha256(index)}`]);
	expect(answer).toEqual({kind: 'index', platforms: ['linux/amd64', 'linux/arm64/v8'], source: `${host}/multi/app`});
	const gets = asked.filter(line => line.startsWith('GET /v2/') && line.includes('/manifests/'));
	expect(gets.map(line => line.split(' ')[1])).toEqual([`/v2/gone/app/manifests/${sha256(index)}`, `/v2/multi/app/manifests/${sha256(index)}`]);
	expect(gets[1]).toContain('application/vnd.oci.image.index.v1+json');
	expect(gets[1]).toContain('application/vnd.docker.distribution.manifest.list.v2+json');
});

test('a single manifest says so; no registry holding the digest is "not known", with the registry\'s words', async () => {
	expect(await platformsFor([`${host}/one/app@${sha256(single)}`])).toEqual({kind: 'single'});
	expect(await platformsFor([`${host}/gone/app@${sha256(index)}`])).toEqual({kind: 'unknown', reason: `gone/app@${sha256(index).slice(0, 19)}… not found on ${host}`});
});

test('digests that name no registry are not asked anywhere', async () => {
	expect(await platformsFor([`d26/app@${sha256(index)}`])).toEqual({kind: 'unknown', reason: 'no digest of this image names a registry to ask'});
	expect(asked).toEqual([]);
});
