// A registry session with the user's stored login. A token service may rotate the refresh token it
// is given, voiding the old one: the new one is stored at once, where the old one was kept, or the
// next session would present a void token and ask the user to log in again.
import {registrySession, type RegistryOptions, type RegistrySession} from '../registry/client';
import {getCredential, identityTokenUser, storeCredential} from '../registry/credentials';
import {logError} from './log';

export async function openRegistrySession(configDir: string, server: string, options: RegistryOptions): Promise<RegistrySession> {
	const credential = await getCredential(configDir, server);
	return registrySession(server, credential, options, async refreshToken => {
		try {
			await storeCredential(configDir, server, {username: credential?.username ?? identityTokenUser, secret: refreshToken, identityToken: true});
		} catch (error) {
			// The session goes on with the new token; only a later start would need a new login.
			logError(`store the rotated login token for ${server}`, error);
		}
	});
}
