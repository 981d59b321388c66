// How long ago an image or container was made, short for columns and long for detail views.

/** Compact age for narrow columns: "45s", "12m", "3h", "4d", "6w", "5mo", "2y". */
export function formatAge(createdSeconds: number, nowMs: number): string {
	const seconds = Math.max(0, Math.floor(nowMs / 1000 - createdSeconds));
	if (seconds < 60) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes}m`;
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return `${hours}h`;
	const days = Math.floor(hours / 24);
	if (days < 14) return `${days}d`;
	if (days < 60) return `${Math.floor(days / 7)}w`;
	if (days < 730) return `${Math.floor(days / 30)}mo`;
	return `${Math.floor(days / 365)}y`;
}

/** "3 days ago" for detail views, like the docker CLI. */
export function formatAgeLong(createdSeconds: number, nowMs: number): string {
	const short = formatAge(createdSeconds, nowMs);
	const match = /^(\d+)(s|m|h|d|w|mo|y)$/.exec(short);
	if (!match) return short;
	const count = Number(match[1]);
	const names: Record<string, string> = {s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week', mo: 'month', y: 'year'};
	const name = names[match[2]!]!;
	return `${count} ${name}${count === 1 ? '' : 's'} ago`;
}
