// An engine on offer in the context switcher, as reading the docker contexts finds it.
/** An engine the user can switch to: a docker context, or a --host URL (its name is the URL). */
export type EngineChoice = {
	readonly name: string;
	readonly host: string;
	readonly tls: boolean;
	readonly current: boolean;
	/** Why this context cannot be used (its meta.json is broken), or null. */
	readonly error: string | null;
};
