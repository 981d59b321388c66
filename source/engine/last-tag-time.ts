// When the engine last put a name on an image: image inspect's `Metadata.LastTagTime`. What sets it
// differs by engine (readme, "Last use"): dockerd 20.10 on tag, build, commit and import, not on
// pull or load; Docker 26 with the containerd store on all of those. An image is inspected only
// when a policy asks about it, a few at a time, since each costs a request.
import type Docker from 'dockerode';
import {eachLimited} from '../domain/each-limited';

type RawMetadata = {Metadata?: {LastTagTime?: unknown}};

/** Seconds since the epoch; null when absent, unreadable, or the zero time (year 1) of an image never tagged. */
export function parseLastTagTime(value: unknown): number | null {
	if (typeof value !== 'string') return null;
	const milliseconds = Date.parse(value);
	return Number.isFinite(milliseconds) && milliseconds > 0 ? milliseconds / 1000 : null;
}

/** Per image ID, its last tag time where the engine knows one; images gone since the list are left out. */
export async function imageLastTagTimes(docker: Docker, imageIds: readonly string[], concurrency = 4): Promise<Map<string, number>> {
	const found = new Map<string, number>();
	await eachLimited(imageIds, concurrency, async id => {
		try {
			const inspect = (await docker.getImage(id).inspect()) as RawMetadata;
			const time = parseLastTagTime(inspect.Metadata?.LastTagTime);
			if (time !== null) found.set(id, time);
		} catch {
			// Removed since the list, or the engine would not say: its last use stays what the rest tells.
		}
	});
	return found;
}
