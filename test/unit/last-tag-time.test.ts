import type Docker from 'dockerode';
import {expect, test} from 'vitest';
import {imageLastTagTimes, parseLastTagTime} from '../../source/engine/last-tag-time';

test.each<[unknown, number | null]>([
	['2026-12-05T11:49:31.223544353Z', Date.parse('2026-12-05T11:49:31.223Z') / 1000],
	['2019-01-01T00:00:00Z', Date.parse('2019-01-01T00:00:00Z') / 1000],
	// What an engine reports for an image it never tagged: unknown, not a use in year 1.
	['0001-01-01T00:00:00Z', null],
	['', null],
	['yesterday', null],
	[undefined, null],
	[1_700_000_000, null],
])('last tag time %j', (value, seconds) => {
	expect(parseLastTagTime(value)).toBe(seconds);
});

test('tag times are read per image asked about; unknown, odd and vanished images are left out', async () => {
	const answers: Record<string, unknown> = {
		tagged: {Metadata: {LastTagTime: '2026-01-02T03:04:05Z'}},
		never: {Metadata: {LastTagTime: '0001-01-01T00:00:00Z'}},
		// Podman and older engines may leave Metadata out altogether.
		bare: {},
	};
	const asked: string[] = [];
	const fake = {
		getImage: (id: string) => ({
			inspect: async () => {
				asked.push(id);
				if (!(id in answers)) throw new Error(`No such image: ${id}`);
				return answers[id];
			},
		}),
	};
	const times = await imageLastTagTimes(fake as unknown as Docker, ['tagged', 'never', 'bare', 'gone']);
	expect([...times]).toEqual([['tagged', Date.parse('2026-01-02T03:04:05Z') / 1000]]);
	expect(asked.sort()).toEqual(['bare', 'gone', 'never', 'tagged']);
});
