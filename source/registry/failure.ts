// What went wrong talking to a registry, as a kind the UI can branch on and a sentence a user can read.
export type RegistryFailureKind = 'unauthorized' | 'denied' | 'unreachable' | 'timeout' | 'tls' | 'protocol' | 'not-found' | 'unsupported' | 'rate-limited';

export type RegistryFailure = {readonly ok: false; readonly kind: RegistryFailureKind; readonly message: string};

export class RegistryError extends Error {
	readonly failure: RegistryFailure;
	constructor(kind: RegistryFailureKind, message: string) {
		super(message);
		this.name = 'RegistryError';
		this.failure = {ok: false, kind, message};
	}
}

/** A caller's own abort is not a registry failure: it propagates as the signal's reason. */
export async function asFailure<T>(work: () => Promise<T>): Promise<T | RegistryFailure> {
	try {
		return await work();
	} catch (error) {
		if (error instanceof RegistryError) return error.failure;
		throw error;
	}
}
