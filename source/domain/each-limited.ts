// Bounded concurrency: the one helper every "a few at a time" loop uses (engine requests,
// registry checks, removal steps, fleet engines). No I/O of its own.

/** Runs `work` over `items`, at most `limit` at a time, in order of start; resolves when all are done. */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			await work(items[index]!, index);
		}
	};
	await Promise.all(Array.from({length: Math.min(Math.max(1, limit), items.length)}, worker));
}
