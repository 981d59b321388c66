// The few words and figures the domain's own messages state (a plan's reasons give byte sizes and
// short IDs, engine errors name images by short ID), so they live here rather than in view/.

const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** Decimal sizes with four significant digits, the way the docker CLI prints them. */
export function formatBytes(bytes: number): string {
	if (!Number.isFinite(bytes) || bytes < 0) return '-';
	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit++;
	}
	return `${Number(value.toPrecision(3))}${units[unit]}`;
}

/** A count with its noun in the right number: "1 step", "2 steps", "0 steps". */
export function countNoun(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function shortId(id: string): string {
	return id.replace(/^sha256:/, '').slice(0, 12);
}
