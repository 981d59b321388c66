// The bytes of an image archive as they arrive, handed to one reader chunk by chunk. A chunk is
// lent for the call only: a socket read into one reused buffer hands out the same memory again,
// so whoever keeps bytes past the call copies them. A gigabyte read into fresh 64 KiB buffers
// made V8 run a full collection every few dozen megabytes over the file records already kept.
import type {Readable} from 'node:stream';

export type ChunkSource = {
	/** Starts the flow: resolves when the bytes end, rejects when the source fails or closes early. */
	flow(onChunk: (chunk: Buffer) => void): Promise<void>;
	pause(): void;
	resume(): void;
	/** Stops the flow and closes what the bytes come from; a flow under way rejects with `error`. */
	destroy(error?: Error): void;
};

/** The stream closed before its end: the engine went away mid-archive. */
export class SourceClosedEarly extends Error {}

/** A Node stream as a chunk source ('data' events: the async iterator would join chunks into new buffers). */
export function readableSource(stream: Readable): ChunkSource {
	return {
		flow: onChunk =>
			new Promise<void>((resolve, reject) => {
				stream.on('data', (chunk: Buffer) => {
					try {
						onChunk(chunk);
					} catch (error) {
						reject(error);
						stream.destroy();
					}
				});
				stream.once('end', resolve);
				stream.once('error', reject);
				stream.once('close', () => reject(new SourceClosedEarly('closed')));
			}),
		pause: () => stream.pause(),
		resume: () => stream.resume(),
		destroy: error => stream.destroy(error),
	};
}
