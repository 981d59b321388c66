// Limits on one paginated listing (a catalog or a tag list): a registry whose Link header always
// points one page further must not keep dockswab fetching and growing without end.

export type ListingLimits = {
	/** Pages fetched at most. */
	readonly pages: number;
	/** Names kept at most. */
	readonly entries: number;
	/** The whole listing, checked between pages (each page has the request timeout on top). */
	readonly deadlineMs: number;
};

export const defaultListingLimits: ListingLimits = {pages: 100, entries: 10_000, deadlineMs: 30_000};

export type ListingBudget = {
	/** Counts a page of `received` names; answers how many of them to keep. */
	readonly page: (received: number) => number;
	/** After a page: null to go on (or to end, when there are no `more` pages), or the sentence saying what was left out. */
	readonly stop: (more: boolean) => string | null;
};

/** `noun` is the plural: "tags", "repositories". */
export function listingBudget(limits: ListingLimits, noun: string): ListingBudget {
	const started = Date.now();
	let pages = 0;
	let kept = 0;
	let overflow = false;
	const shown = () => `first ${kept} ${noun} shown`;
	return {
		page(received) {
			pages++;
			const room = Math.max(0, limits.entries - kept);
			if (received > room) overflow = true;
			const keep = Math.min(received, room);
			kept += keep;
			return keep;
		},
		stop(more) {
			if (overflow) return `${shown()}: the registry lists more than ${limits.entries}`;
			if (!more) return null;
			if (pages >= limits.pages) return `${shown()}: the registry had more after ${pages} pages`;
			if (Date.now() - started >= limits.deadlineMs)
				return `${shown()}: the registry was still sending pages after ${limits.deadlineMs < 1000 ? `${limits.deadlineMs} ms` : `${Math.round(limits.deadlineMs / 1000)} s`}`;
			return null;
		},
	};
}
