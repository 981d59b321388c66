// Docker Hub's rate-limit headers as its registry sends them (values recorded from manifest HEADs
// and a 429); no test reaches Docker Hub itself.
import {describe, expect, test} from 'vitest';
import {explainTooManyRequests, formatWindow, parseRateLimit} from '../../source/registry/rate-limit';

/** What Docker Hub answers an anonymous manifest HEAD with, as Node hands over headers. */
const hubHead = {
	'content-type': 'application/vnd.docker.distribution.manifest.list.v2+json',
	'docker-content-digest': 'sha256:9ae97d36d26566ff84e8893c64a6dc4fe8ca6d1144bf5b87b2b85a32def253c7',
	'docker-ratelimit-source': '203.0.113.7',
	'ratelimit-limit': '100;w=21600',
	'ratelimit-remaining': '76;w=21600',
};
const hubUsedUp = {...hubHead, 'ratelimit-remaining': '0;w=21600'};

// Local time, as the message shows it.
const now = new Date(2025, 0, 15, 13, 40, 0);

describe('parseRateLimit', () => {
	test.each([
		['Docker Hub HEAD', hubHead, {limit: 100, remaining: 76, windowSeconds: 21600}],
		['used up', hubUsedUp, {limit: 100, remaining: 0, windowSeconds: 21600}],
		['no remaining header', {'ratelimit-limit': '200;w=21600'}, {limit: 200, remaining: null, windowSeconds: 21600}],
		['no window', {'ratelimit-limit': '5000', 'ratelimit-remaining': '4999'}, {limit: 5000, remaining: 4999, windowSeconds: null}],
		['several policies (IETF draft form)', {'ratelimit-limit': '100, 100;w=21600', 'ratelimit-remaining': '12'}, {limit: 100, remaining: 12, windowSeconds: 21600}],
		['header names in any case', {'RateLimit-Limit': '100;w=3600', 'RateLimit-Remaining': '3;w=3600'}, {limit: 100, remaining: 3, windowSeconds: 3600}],
		['repeated header', {'ratelimit-limit': ['100;w=21600', '100;w=21600']}, {limit: 100, remaining: null, windowSeconds: 21600}],
	])('%s', (_name, headers, expected) => {
		expect(parseRateLimit(headers)).toEqual(expected);
	});
	test.each([
		['a registry without limits', {'content-type': 'application/json'}],
		['garbage', {'ratelimit-limit': 'lots', 'ratelimit-remaining': '1'}],
		['empty', {'ratelimit-limit': ''}],
		['undefined value', {'ratelimit-limit': undefined}],
	])('%s → null', (_name, headers) => {
		expect(parseRateLimit(headers)).toBeNull();
	});
});

describe('explainTooManyRequests', () => {
	test.each([
		['Docker Hub, Retry-After in seconds', {...hubUsedUp, 'retry-after': '1500'}, "Docker Hub's pull rate limit is used up (100 per 6 h); it resets at 14:05 (in 25 min)"],
		[
			'Docker Hub, Retry-After as a date',
			{...hubUsedUp, 'retry-after': new Date(2025, 0, 15, 16, 10, 0).toUTCString()},
			"Docker Hub's pull rate limit is used up (100 per 6 h); it resets at 16:10 (in 2 h 30 min)",
		],
		['Docker Hub without a reset time', hubUsedUp, "Docker Hub's pull rate limit is used up (100 per 6 h); try again later"],
		['Docker Hub, only the source header', {'docker-ratelimit-source': '203.0.113.7'}, "Docker Hub's pull rate limit is used up; try again later"],
		[
			'another registry with RateLimit-Reset',
			{'ratelimit-limit': '60;w=60', 'ratelimit-remaining': '0', 'ratelimit-reset': '30'},
			"the registry's rate limit is used up (60 per 1 min); it resets at 13:40 (in 1 min)",
		],
		['a bare 429 with Retry-After', {'retry-after': '7200'}, 'too many requests; it resets at 15:40 (in 2 h)'],
		['a bare 429', {}, 'too many requests; try again later'],
		['a Retry-After date already past', {'retry-after': new Date(2025, 0, 15, 13, 0, 0).toUTCString()}, 'too many requests; it resets at 13:40 (in less than a minute)'],
	])('%s', (_name, headers, expected) => {
		expect(explainTooManyRequests(headers, now)).toBe(expected);
	});
	test('windows read as people say them', () => {
		expect([21600, 3600, 90, 120, 45].map(formatWindow)).toEqual(['6 h', '1 h', '90 s', '2 min', '45 s']);
	});
});
