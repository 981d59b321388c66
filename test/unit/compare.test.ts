import {expect, test} from 'vitest';
import {compareNatural, compareText} from '../../source/domain/compare';

test('names order without case first, then lower case before upper case, as a collator orders them', () => {
	expect(['web', 'App', 'app', 'Base', 'api'].sort(compareText)).toEqual(['api', 'app', 'App', 'Base', 'web']);
	expect(compareText('same', 'same')).toBe(0);
});

test('tags order runs of digits by value', () => {
	expect(['1.10.0', '1.9.0', '1.9.10', '1.9.2', 'latest', '1.9.0-rc1', 'v2'].sort(compareNatural)).toEqual(['1.9.0', '1.9.0-rc1', '1.9.2', '1.9.10', '1.10.0', 'latest', 'v2']);
	expect(compareNatural('build-007', 'build-7')).not.toBe(0);
	expect(compareNatural('a2', 'a2')).toBe(0);
});
