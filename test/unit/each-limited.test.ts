import {expect, test} from 'vitest';
import {eachLimited} from '../../source/domain/each-limited';

test('eachLimited runs every item once, never more than the limit at a time, starting in order', async () => {
	let running = 0;
	let most = 0;
	const started: number[] = [];
	await eachLimited([0, 1, 2, 3, 4, 5, 6], 3, async (item, index) => {
		expect(index).toBe(item);
		started.push(item);
		running++;
		most = Math.max(most, running);
		await Promise.resolve();
		running--;
	});
	expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
	expect(most).toBe(3);
});

test('a limit below one still makes progress; no items, no work', async () => {
	const seen: string[] = [];
	await eachLimited(['a', 'b'], 0, async item => void seen.push(item));
	expect(seen).toEqual(['a', 'b']);
	await eachLimited([], 4, async () => {
		throw new Error('not called');
	});
});
