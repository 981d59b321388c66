// Which registries the engine reaches without verified TLS, read from its GET /info answer.

type EngineInfo = {RegistryConfig?: {IndexConfigs?: Record<string, {Name?: unknown; Secure?: unknown} | null> | null} | null};

/**
 * Names of IndexConfigs entries with Secure === false (what `--insecure-registry NAME` produces).
 * InsecureRegistryCIDRs is not consulted: matching a CIDR needs the registry's resolved address,
 * and the one range engines list by default, 127.0.0.0/8, is loopback, which is allowed anyway.
 */
export function insecureRegistries(info: unknown): ReadonlySet<string> {
	const configs = (info as EngineInfo | null)?.RegistryConfig?.IndexConfigs;
	const names = new Set<string>();
	if (!configs || typeof configs !== 'object') return names;
	for (const [key, config] of Object.entries(configs)) {
		if (config?.Secure !== false) continue;
		names.add((typeof config.Name === 'string' && config.Name !== '' ? config.Name : key).toLowerCase());
	}
	return names;
}
