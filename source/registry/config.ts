// Reads the docker CLI's config.json to list the registries the user has credentials for.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import type {RegistryEntry} from '../state/types';

type DockerConfigFile = {
	auths?: Record<string, {auth?: string; username?: string}>;
	credsStore?: string;
	credHelpers?: Record<string, string>;
};

export function configFilePath(configDir: string): string {
	return join(configDir, 'config.json');
}

function userFromAuth(auth: string | undefined): string | null {
	if (!auth) return null;
	const decoded = Buffer.from(auth, 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	return colon > 0 ? decoded.slice(0, colon) : null;
}

/** Registries known from auths and credHelpers; precedence credHelpers > credsStore > auths. */
export function registriesFromConfig(config: DockerConfigFile): RegistryEntry[] {
	const servers = new Set([...Object.keys(config.auths ?? {}), ...Object.keys(config.credHelpers ?? {})]);
	return [...servers].sort().map(server => {
		const helper = config.credHelpers?.[server] ?? config.credsStore;
		if (helper) return {server, user: null, store: `helper ${helper}`};
		const entry = config.auths?.[server];
		return {server, user: entry?.username ?? userFromAuth(entry?.auth), store: 'config.json'};
	});
}

/** Synchronous: a small local file, read once before the first frame. */
export function readRegistries(configDir: string): RegistryEntry[] {
	try {
		return registriesFromConfig(JSON.parse(readFileSync(configFilePath(configDir), 'utf8')) as DockerConfigFile);
	} catch {
		return [];
	}
}
