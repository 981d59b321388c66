// The registries the user has credentials for, read from the docker CLI's config.json before the
// first frame (helpers are not run here: listKnownRegistries in credentials.ts asks them).
import type {RegistryEntry} from '../domain/registry-types';
import {configFilePath, credentialKey, credentialSource, parseDockerConfig, type DockerConfig} from './credentials';
import {compareText} from '../domain/compare';
import {readSmallFile} from '../small-file';

export {configFilePath};

function userFromAuth(auth: string | undefined): string | null {
	if (!auth) return null;
	const decoded = Buffer.from(auth, 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	return colon > 0 ? decoded.slice(0, colon) : null;
}

/** Registries known from auths and credHelpers; precedence credHelpers > credsStore > auths. */
export function registriesFromConfig(config: DockerConfig): RegistryEntry[] {
	const servers = new Map<string, string>();
	for (const server of [...Object.keys(config.auths ?? {}), ...Object.keys(config.credHelpers ?? {})]) {
		const key = credentialKey(server);
		if (key !== '' && !servers.has(key)) servers.set(key, server);
	}
	return [...servers.entries()]
		.sort(([a], [b]) => compareText(a, b))
		.map(([server, written]) => {
			const source = credentialSource(config, written);
			if (source.kind === 'helper') return {server, user: null, store: `helper ${source.helper}`};
			const entry = config.auths?.[written] ?? config.auths?.[server];
			return {server, user: userFromAuth(entry?.auth), store: 'config.json'};
		});
}

/** Synchronous: a small local file, read once before the first frame. */
export function readRegistries(configDir: string): RegistryEntry[] {
	try {
		return registriesFromConfig(parseDockerConfig(readSmallFile(configFilePath(configDir)), configFilePath(configDir)));
	} catch {
		return [];
	}
}
