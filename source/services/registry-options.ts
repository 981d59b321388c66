// How registries are reached, as the engine reaches them: certificates from certs.d, plain HTTP
// only for loopback and the registries the engine calls insecure, a timeout on every request.
import {type RegistryOptions} from '../registry/client';
import {insecureRegistries} from '../registry/insecure';
import {logError} from './log';

export const defaultCertsDir = '/etc/docker/certs.d';

/** Seconds per registry request: DOCKSWAB_REGISTRY_TIMEOUT, else 10. */
export function registryTimeoutMs(env: NodeJS.ProcessEnv): number {
	const seconds = Number(env.DOCKSWAB_REGISTRY_TIMEOUT);
	return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 10_000;
}

/** Repositories asked for per catalog page: DOCKSWAB_CATALOG_PAGE_SIZE, else 100 (registries allow up to 1000). */
export function catalogPageSize(env: NodeJS.ProcessEnv): number {
	const size = Number(env.DOCKSWAB_CATALOG_PAGE_SIZE);
	return Number.isInteger(size) && size >= 1 && size <= 1000 ? size : 100;
}

/** The options, with the engine's insecure registries once it has answered `GET /info`. */
export function registryOptions(env: NodeJS.ProcessEnv, engineInfo: () => Promise<unknown> | null): () => Promise<RegistryOptions> {
	let insecure: Promise<ReadonlySet<string>> | null = null;
	return async () => {
		if (!insecure) {
			const info = engineInfo();
			if (info)
				insecure = info.then(insecureRegistries, (error: unknown) => {
					logError('engine info', error);
					insecure = null;
					return new Set<string>();
				});
		}
		return {certsDir: env.DOCKSWAB_CERTS_D || defaultCertsDir, insecure: insecure ? await insecure : new Set(), timeoutMs: registryTimeoutMs(env)};
	};
}
