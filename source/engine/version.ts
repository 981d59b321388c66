// The API version both sides speak, and what the engine says it is. Pure: the entry uses it for
// the first frame before dockerode is loaded.

/** The newest API version dockswab knows; older engines get their own version. */
export const ourApiVersion = '1.45';

export function compareApiVersions(a: string, b: string): number {
	const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
	const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
	return aMajor - bMajor || aMinor - bMinor;
}

export type VersionAnswer = {ApiVersion: string; Version: string; Components?: readonly {Name?: string; Version?: string}[] | null};

/**
 * Docker names its daemon component `Engine`; Podman's compat socket answers the same `/version`
 * with a component `Podman Engine` and Podman's own version. Anything else is taken as Docker.
 */
export function engineProduct(version: VersionAnswer): {product: string; version: string} {
	const engine = (version.Components ?? []).find(component => /(^|\s)Engine$/.test(component.Name ?? ''));
	if (!engine?.Name || engine.Name === 'Engine') return {product: 'Docker', version: version.Version};
	return {product: engine.Name, version: engine.Version || version.Version};
}

/**
 * dockerode does not negotiate: after the first contact told us the engine's API version, every
 * later call goes through a client pinned to the lower of the two.
 */
export function negotiatedApiVersion(version: VersionAnswer): string {
	return compareApiVersions(version.ApiVersion, ourApiVersion) < 0 ? version.ApiVersion : ourApiVersion;
}
