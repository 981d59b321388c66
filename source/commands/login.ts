// `dockswab login SERVER --username U --password-stdin` and `dockswab logout SERVER`: the same
// verification and storage as the login dialog, for scripts. Exit codes as `plan`: 0 done,
// 1 refused by the registry, 2 bad usage or unreachable.
import {verifyLogin, type RegistryOptions} from '../registry/client';
import {credentialSource, eraseCredential, readDockerConfig, storeCredential} from '../registry/credentials';
import {sourceLabel} from '../services/registries';
import type {CommandOutput} from './plan';

export type LoginCommandOptions = {readonly server: string; readonly username: string; readonly password: string};

/** The password as `docker login --password-stdin` takes it: stdin without its line ending. */
export function passwordFromStdin(text: string): string {
	return text.replace(/\r?\n$/, '');
}

export async function runLoginCommand(configDir: string, login: LoginCommandOptions, options: RegistryOptions): Promise<CommandOutput> {
	if (!login.password) return {stdout: '', stderr: 'dockswab: no password on standard input\n', exitCode: 2};
	const verified = await verifyLogin(login.server, login.username, login.password, options);
	if (!verified.ok) {
		const refused = verified.kind === 'unauthorized' || verified.kind === 'denied';
		return {stdout: '', stderr: `dockswab: login to ${login.server} ${refused ? 'refused' : 'failed'}: ${verified.message}\n`, exitCode: refused ? 1 : 2};
	}
	const credential = verified.identityToken ? {username: login.username, secret: verified.identityToken, identityToken: true} : {username: login.username, secret: login.password};
	await storeCredential(configDir, login.server, credential);
	const where = sourceLabel(credentialSource(await readDockerConfig(configDir), login.server));
	return {stdout: `Login Succeeded (${verified.auth} auth; stored in ${where})\n`, stderr: '', exitCode: 0};
}

export async function runLogoutCommand(configDir: string, server: string): Promise<CommandOutput> {
	const removed = await eraseCredential(configDir, server);
	return {stdout: removed ? `Removed the login credentials for ${server}\n` : `Not logged in to ${server}\n`, stderr: '', exitCode: 0};
}
