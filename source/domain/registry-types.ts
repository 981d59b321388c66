// The registries' objects as dockswab sees them: plain data that registry/ reads, state/ holds and
// engine/ passes on (a push or pull carries a credential).

/** A secret as the docker CLI keeps it: user + password, or an identity token (username '<token>' when it comes from a helper). */
export type Credential = {readonly username: string; readonly secret: string; readonly identityToken?: boolean};

/** A login the docker CLI keeps: the server, its user, and the store that holds the secret. */
export type RegistryEntry = {readonly server: string; readonly user: string | null; readonly store: string};

/** A registry's pull rate limit from its `ratelimit-limit` and `ratelimit-remaining` headers (registry/rate-limit.ts). */
export type RateLimit = {readonly limit: number; readonly remaining: number | null; readonly windowSeconds: number | null};
