// A tcp:// engine behind TLS with client certificates, on loopback: DOCKER_TLS_VERIFY=1 without
// DOCKER_CERT_PATH takes ca.pem, cert.pem and key.pem from the docker CLI's config directory.
import {writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:https';
import type {AddressInfo} from 'node:net';
import {join} from 'node:path';
import {afterEach, beforeAll, expect, test} from 'vitest';
import {describeConnectionError} from '../../source/engine/connect';
import {requestFirstLists} from '../../source/engine/first-lists';
import {resolveEngineTarget} from '../../source/engine/target';
import {fakeImage} from '../fixtures/fake-engine';
import {makeTestPki, type TestPki} from '../fixtures/test-pki';
import {tempDir} from '../fixtures/temp-dir';

let pki: TestPki;
let server: Server | null = null;

beforeAll(() => {
	pki = makeTestPki();
});

afterEach(async () => {
	server?.closeAllConnections();
	await new Promise<void>(resolve => (server ? server.close(() => resolve()) : resolve()));
	server = null;
});

/** An engine that answers only clients with a certificate of the test CA. */
async function tlsEngine(): Promise<string> {
	server = createServer({key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert, requestCert: true, rejectUnauthorized: true}, (request, response) => {
		const path = new URL(request.url ?? '/', 'https://engine').pathname;
		const body = path === '/version' ? {Version: '26.1.4', ApiVersion: '1.45', MinAPIVersion: '1.24'} : path === '/images/json' ? [fakeImage] : [];
		response.writeHead(200, {'Content-Type': 'application/json'});
		response.end(JSON.stringify(body));
	});
	await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve));
	return `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('DOCKER_TLS_VERIFY=1 without DOCKER_CERT_PATH verifies the engine with $DOCKER_CONFIG/ca.pem and presents cert.pem and key.pem', async () => {
	const host = await tlsEngine();
	const configDir = tempDir('dsw-tls-config-');
	writeFileSync(join(configDir, 'ca.pem'), pki.caCert);
	writeFileSync(join(configDir, 'cert.pem'), pki.clientCert);
	writeFileSync(join(configDir, 'key.pem'), pki.clientKey);
	const target = resolveEngineTarget({DOCKER_HOST: host, DOCKER_TLS_VERIFY: '1', DOCKER_CONFIG: configDir});
	expect(target.tls).toMatchObject({required: true, ca: join(configDir, 'ca.pem'), cert: join(configDir, 'cert.pem'), key: join(configDir, 'key.pem')});
	const lists = await requestFirstLists(target);
	expect(lists.images.map(image => image.repoTags)).toEqual([fakeImage.RepoTags]);
});

test('a client certificate or key not there is left out, as docker does; a missing ca.pem is named', async () => {
	const configDir = tempDir('dsw-tls-config-');
	const target = resolveEngineTarget({DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CONFIG: configDir});
	expect(target.tls).toMatchObject({required: true, ca: join(configDir, 'ca.pem'), cert: null, key: null});
	const failure = await requestFirstLists(target).then(
		() => null,
		(error: unknown) => error,
	);
	expect(describeConnectionError(target, failure)).toEqual({
		error: `TLS for tcp://127.0.0.1:2376 (from DOCKER_HOST): cannot read ${join(configDir, 'ca.pem')} (TLS material of ${configDir}, used when DOCKER_CERT_PATH is unset).`,
		hint: `Check ${configDir}, used when DOCKER_CERT_PATH is unset.`,
	});
});
