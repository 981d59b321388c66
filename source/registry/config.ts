// Reads the docker CLI's config.json to list the registries the user has credentials for.
import {readFile} from 'node:fs/promises';
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

export async function readRegistries(configDir: string): Promise<RegistryEntry[]> {
	try {
		return registriesFromConfig(JSON.parse(await readFile(configFilePath(configDir), 'utf8')) as DockerConfigFile);
	} catch {
		return [];
	}
}
