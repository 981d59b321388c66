// The registries' objects as dockswab sees them: plain data that registry/ reads, state/ holds and
// engine/ passes on (a push or pull carries a credential).

/** A secret as the docker CLI keeps it: user + password, or an identity token (username '<token>' when it comes from a helper). */
export type Credential = {readonly username: string; readonly secret: string; readonly identityToken?: boolean};

/** A login the docker CLI keeps: the server, its user, and the store that holds the secret. */
export type RegistryEntry = {readonly server: string; readonly user: string | null; readonly store: string};

/** A registry's pull rate limit from its `ratelimit-limit` and `ratelimit-remaining` headers (registry/rate-limit.ts). */
export type RateLimit = {readonly limit: number; readonly remaining: number | null; readonly windowSeconds: number | null};

/** A tag a registry lists and what describing it found (digest, size, platforms), or why that failed. */
export type RemoteTag = {
	readonly tag: string;
	readonly digest: string | null;
	readonly size: number | null;
	readonly created: string | null;
	readonly platforms: readonly string[];
	/** The platform manifests an index lists, by digest; empty for a single manifest or while unknown. */
	readonly children: readonly string[];
	readonly error: string | null;
};

/**
 * What a registry holding the image's digest says it is: an index and its platforms (`source`:
 * the repository that answered), a single manifest, or not known and why.
 */
export type IndexPlatforms = {readonly kind: 'index'; readonly platforms: readonly string[]; readonly source: string} | {readonly kind: 'single'} | {readonly kind: 'unknown'; readonly reason: string};
