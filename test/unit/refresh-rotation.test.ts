// A token service that rotates refresh tokens voids the one it was given: the new one must be kept
// (in the session and where the login is stored), or the next use asks for a new login (issue 28).
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, test} from 'vitest';
import {registrySession, verifyLogin, type RegistryOptions} from '../../source/registry/client';
import {storeCredential} from '../../source/registry/credentials';
import {openRegistrySession} from '../../source/services/registry-session';
import {startHostileRegistry, startTokenService} from '../fixtures/hostile-registry';
import {tempDir} from '../fixtures/temp-dir';

const user = {username: 'alice', password: 'pa55word'};

async function rotatingSetup() {
	const tokens = await startTokenService({...user, rotateRefreshTokens: true});
	const registry = await startHostileRegistry({auth: {kind: 'bearer', realm: tokens.realm, service: 'hostile', accepts: tokens.accepts}});
	registry.pushImage('demo/app', '1.0.0');
	registry.pushImage('demo/web', '2.0.0');
	const options: RegistryOptions = {certsDir: registry.certsDir, insecure: new Set(), timeoutMs: 3000};
	const login = await verifyLogin(registry.host, user.username, user.password, options);
	if (!login.ok || !login.identityToken) throw new Error('the login gave no refresh token');
	return {tokens, registry, options, refreshToken: login.identityToken};
}

describe('rotated refresh tokens', () => {
	test('the rotated token is stored, so the next session logs in with it', async () => {
		const {tokens, registry, options, refreshToken} = await rotatingSetup();
		const configDir = tempDir('dsw-rotate-');
		await storeCredential(configDir, registry.host, {username: user.username, secret: refreshToken, identityToken: true});

		expect((await (await openRegistrySession(configDir, registry.host, options)).tags('demo/app')).tags).toEqual(['1.0.0']);
		const stored = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as {auths: Record<string, {identitytoken?: string}>};
		expect([...tokens.refreshTokens]).toEqual([stored.auths[registry.host]!.identitytoken]);
		expect(stored.auths[registry.host]!.identitytoken).not.toBe(refreshToken);

		expect((await (await openRegistrySession(configDir, registry.host, options)).tags('demo/app')).tags).toEqual(['1.0.0']);
	});

	test('one session keeps using the newest token, also for grants asked at the same time', async () => {
		const {tokens, registry, options, refreshToken} = await rotatingSetup();
		const seen: string[] = [];
		const session = registrySession(registry.host, {username: '<token>', secret: refreshToken, identityToken: true}, options, async token => void seen.push(token));
		const [app, web] = await Promise.all([session.tags('demo/app'), session.tags('demo/web')]);
		expect([app.tags, web.tags]).toEqual([['1.0.0'], ['2.0.0']]);
		expect(seen).toHaveLength(2);
		expect([...tokens.refreshTokens]).toEqual([seen[1]]);
		expect(tokens.requests.filter(request => request.method === 'POST').map(request => request.form.refresh_token)).toEqual([refreshToken, seen[0]]);
	});
});
