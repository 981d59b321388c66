// Token realms: a registry reached over HTTPS may not make dockswab send a password or a refresh
// token over plain HTTP (issue 28, item 3).
import {cpSync} from 'node:fs';
import {describe, expect, test} from 'vitest';
import {registrySession, verifyLogin, type RegistryOptions} from '../../source/registry/client';
import {startHostileRegistry, startTokenService} from '../fixtures/hostile-registry';

const options = (certsDir: string): RegistryOptions => ({certsDir, insecure: new Set(), timeoutMs: 3000});
const user = {username: 'alice', password: 'pa55word'};

describe('token realm over plain HTTP', () => {
	test('an HTTPS registry naming an http:// realm gets no password: the login is refused, saying why', async () => {
		const tokens = await startTokenService(user);
		const registry = await startHostileRegistry({tls: true, auth: {kind: 'bearer', realm: tokens.realm, service: 'hostile', accepts: tokens.accepts}});
		const outcome = await verifyLogin(registry.host, user.username, user.password, options(registry.certsDir));
		expect(outcome).toMatchObject({ok: false, kind: 'protocol', message: expect.stringMatching(/HTTPS.*plain HTTP.*https:\/\//)});
		expect(tokens.requests).toEqual([]);
	});

	test('a refresh token is never posted to an http:// realm of an HTTPS registry', async () => {
		const tokens = await startTokenService(user);
		const registry = await startHostileRegistry({tls: true, auth: {kind: 'bearer', realm: tokens.realm, service: 'hostile', accepts: tokens.accepts}});
		registry.pushImage('demo/app', '1.0.0');
		const session = registrySession(registry.host, {username: '<token>', secret: 'refresh-secret', identityToken: true}, options(registry.certsDir));
		await expect(session.tags('demo/app')).rejects.toMatchObject({failure: {kind: 'protocol'}});
		expect(tokens.requests).toEqual([]);
	});

	test('a plain-HTTP loopback registry may name an http:// realm, as the engine allows', async () => {
		const tokens = await startTokenService(user);
		const registry = await startHostileRegistry({auth: {kind: 'bearer', realm: tokens.realm, service: 'hostile', accepts: tokens.accepts}});
		expect(await verifyLogin(registry.host, user.username, user.password, options(registry.certsDir))).toMatchObject({ok: true, auth: 'token'});
		expect(tokens.requests).toHaveLength(1);
	});

	test('an HTTPS registry with an https:// realm logs in', async () => {
		const tokens = await startTokenService({...user, tls: true});
		const registry = await startHostileRegistry({tls: true, auth: {kind: 'bearer', realm: tokens.realm, service: 'hostile', accepts: tokens.accepts}});
		// The realm's certs.d entry next to the registry's.
		cpSync(tokens.certsDir, registry.certsDir, {recursive: true});
		expect(await verifyLogin(registry.host, user.username, user.password, options(registry.certsDir))).toMatchObject({ok: true, auth: 'token'});
	});
});
