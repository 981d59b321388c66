// Pure text formatting shared by panes and headless output.
import {visibleText} from './visible-text';

const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** Decimal sizes with four significant digits, the way the docker CLI prints them. */
/** A figure the engine may not give: "unknown" rather than a wrong number. */
export const formatKnownBytes = (bytes: number | null): string => (bytes === null ? 'unknown' : formatBytes(bytes));

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

/** A count with its noun in the right number: "1 step", "2 steps", "0 steps". */
export function countNoun(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function shortId(id: string): string {
	return id.replace(/^sha256:/, '').slice(0, 12);
}

/**
 * Fits text into a column: cut with an ellipsis, then pad. Control and bidi characters are shown
 * as escapes first (see visible-text.ts), so the cut counts the columns the escapes take.
 */
export function fit(text: string, width: number, alignRight = false): string {
	if (width <= 0) return '';
	const shown = visibleText(text);
	const cut = shown.length > width ? `${shown.slice(0, Math.max(0, width - 1))}…` : shown;
	return alignRight ? cut.padStart(width) : cut.padEnd(width);
}
