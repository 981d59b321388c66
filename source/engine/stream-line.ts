// The JSON lines push, pull and build streams carry, and the error their failures become.

/** One JSON line of a push/pull/build stream, as the engine sends it. */
export type StreamLine = {readonly id?: string; readonly status?: string; readonly progressDetail?: {readonly current?: number; readonly total?: number}; readonly aux?: {readonly Tag?: string; readonly Digest?: string; readonly Size?: number; readonly ID?: string}; readonly stream?: string; readonly error?: string; readonly errorDetail?: {readonly message?: string; readonly code?: number}};

export type TransferFailure = {readonly kind: 'unauthorized' | 'denied' | 'not-found' | 'aborted' | 'failed'; readonly message: string};

export class TransferError extends Error {
	readonly failure: TransferFailure;

	constructor(failure: TransferFailure) {
		super(failure.message);
		this.name = 'TransferError';
		this.failure = failure;
	}
}
