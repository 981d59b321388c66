// Docker Hub's pull rate limit as its registry reports it: `ratelimit-limit: 100;w=21600` and
// `ratelimit-remaining: 76;w=21600` on manifest requests, `docker-ratelimit-source` naming who is
// counted, and 429 once it is used up. Other registries may send the same IETF-style headers.
import type {RateLimit} from '../domain/registry-types';

type Headers = Readonly<Record<string, string | string[] | undefined>>;

function header(headers: Headers, name: string): string | null {
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== name || value === undefined) continue;
		const text = (Array.isArray(value) ? value.join(', ') : value).trim();
		return text === '' ? null : text;
	}
	return null;
}

/** `100;w=21600` → 100 and 21600; the first of several policies (`100, 100;w=21600`) counts. */
function quota(value: string | null): {count: number; windowSeconds: number | null} | null {
	if (value === null) return null;
	const match = /^\s*(\d+)/.exec(value);
	if (!match) return null;
	const windowMatch = /(?:^|;)\s*w\s*=\s*(\d+)/.exec(value);
	return {count: Number(match[1]), windowSeconds: windowMatch ? Number(windowMatch[1]) : null};
}

export function parseRateLimit(headers: Headers): RateLimit | null {
	const limit = quota(header(headers, 'ratelimit-limit'));
	if (!limit) return null;
	const remaining = quota(header(headers, 'ratelimit-remaining'));
	return {limit: limit.count, remaining: remaining ? remaining.count : null, windowSeconds: limit.windowSeconds ?? remaining?.windowSeconds ?? null};
}

/** 21600 → "6 h", 90 → "90 s". */
export function formatWindow(seconds: number): string {
	if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
	if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
	return `${seconds} s`;
}

/** When the limit resets: Retry-After (seconds or an HTTP date), else RateLimit-Reset (seconds from now). */
function resetTime(headers: Headers, now: Date): Date | null {
	const retryAfter = header(headers, 'retry-after');
	if (retryAfter !== null) {
		if (/^\d+$/.test(retryAfter)) return new Date(now.getTime() + Number(retryAfter) * 1000);
		const date = Date.parse(retryAfter);
		if (!Number.isNaN(date)) return new Date(Math.max(date, now.getTime()));
	}
	const reset = header(headers, 'ratelimit-reset');
	if (reset !== null && /^\d+$/.test(reset)) return new Date(now.getTime() + Number(reset) * 1000);
	return null;
}

const twoDigits = (value: number) => String(value).padStart(2, '0');

function inWords(ms: number): string {
	const minutes = Math.ceil(ms / 60_000);
	if (minutes < 1) return 'in less than a minute';
	if (minutes < 60) return `in ${minutes} min`;
	const hours = Math.floor(minutes / 60);
	return minutes % 60 === 0 ? `in ${hours} h` : `in ${hours} h ${minutes % 60} min`;
}

/** A 429 as a sentence: whose limit, how large, and when it resets (local time) if the registry says. */
export function explainTooManyRequests(headers: Headers, now: Date): string {
	const limit = parseRateLimit(headers);
	const dockerHub = header(headers, 'docker-ratelimit-source') !== null;
	const size = limit ? ` (${limit.limit}${limit.windowSeconds ? ` per ${formatWindow(limit.windowSeconds)}` : ''})` : '';
	const head = dockerHub || limit ? `${dockerHub ? "Docker Hub's pull rate limit" : "the registry's rate limit"} is used up${size}` : 'too many requests';
	const reset = resetTime(headers, now);
	if (!reset) return `${head}; try again later`;
	const at = `${twoDigits(reset.getHours())}:${twoDigits(reset.getMinutes())}`;
	return `${head}; it resets at ${at} (${inWords(reset.getTime() - now.getTime())})`;
}
