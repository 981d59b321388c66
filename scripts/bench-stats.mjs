// The statistics every bench measure reports: medians, nearest-rank percentiles, rounding for reading.

export const round = (value, digits = 1) => (value === null || value === undefined || Number.isNaN(value) ? null : Number(value.toFixed(digits)));

export function quantile(samples, q) {
	if (samples.length === 0) return null;
	const sorted = [...samples].sort((a, b) => a - b);
	// Nearest rank: the p95 of 20 samples is the 19th, a value that was really observed.
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function median(samples) {
	if (samples.length === 0) return null;
	const sorted = [...samples].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Samples plus the statistics the report uses, rounded for reading. */
export function summary(samples, digits = 1) {
	return {
		samples: samples.map(value => round(value, digits)),
		median: round(median(samples), digits),
		p95: round(quantile(samples, 0.95), digits),
		min: round(Math.min(...samples), digits),
		max: round(Math.max(...samples), digits),
	};
}
