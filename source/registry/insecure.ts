// Which registries the engine reaches without verified TLS, read from its GET /info answer.

type EngineInfo = {RegistryConfig?: {IndexConfigs?: Record<string, {Name?: unknown; Secure?: unknown} | null> | null; InsecureRegistryCIDRs?: unknown} | null};

/**
 * Names of IndexConfigs entries with Secure === false (what `--insecure-registry NAME` produces),
 * and the InsecureRegistryCIDRs ranges (`--insecure-registry 10.0.0.0/8`), which match registries
 * named by an address in them.
 */
export function insecureRegistries(info: unknown): ReadonlySet<string> {
	const registryConfig = (info as EngineInfo | null)?.RegistryConfig;
	const configs = registryConfig?.IndexConfigs;
	const names = new Set<string>();
	const ranges = registryConfig?.InsecureRegistryCIDRs;
	if (Array.isArray(ranges)) for (const range of ranges) if (typeof range === 'string' && range.includes('/')) names.add(range.toLowerCase());
	if (!configs || typeof configs !== 'object') return names;
	for (const [key, config] of Object.entries(configs)) {
		if (config?.Secure !== false) continue;
		names.add((typeof config.Name === 'string' && config.Name !== '' ? config.Name : key).toLowerCase());
	}
	return names;
}
