import {describe, expect, test} from 'vitest';
import {countNoun} from '../../source/domain/format';
import {confirmLabel, planLines, planTotals} from '../../source/view/plan-text';
import {planRemoval, type RemovalTarget} from '../../source/domain/removal-plan';
import type {ImageInfo} from '../../source/domain/types';
import {image} from '../fixtures/scene';

const images: ImageInfo[] = [image('aa', ['app:1.0.0'], {size: 1000}), image('ab', ['app:1.3.0', 'app:latest'], {size: 2000})];
const planOf = (...targets: RemovalTarget[]) => planRemoval({targets, images, containers: [], options: {removeStoppedContainers: false, forced: new Set()}});
const id = (short: string) => short.padEnd(64, '0');

describe('counts read in the right number', () => {
	test.each([
		[0, '0 steps'],
		[1, '1 step'],
		[2, '2 steps'],
	])('%d → %s', (count, text) => expect(countNoun(count, 'step')).toBe(text));

	test('one step is "1 step" on the confirm button', () => {
		expect(confirmLabel(planOf({imageId: id('aa'), reference: 'app:1.0.0'}))).toBe('Delete (1 step)');
		expect(confirmLabel(planOf({imageId: id('ab'), reference: 'app:1.3.0'}, {imageId: id('ab'), reference: 'app:latest'}))).toBe('Delete (2 steps)');
		expect(confirmLabel(planOf())).toBe('Nothing to do');
	});

	test('totals, wide and narrow', () => {
		const plan = planOf({imageId: id('aa'), reference: 'app:1.0.0'});
		expect(planTotals(plan, 120)).toBe('1 image deleted · 1 tag removed · 0 containers removed · 1kB reclaimed · 0 recoverable · 1 not in any registry');
		expect(planTotals(plan, 80)).toBe('deletes 1 img, 1 tag, 0 ctrs · frees 1kB · 0 of 1 recoverable');
	});
});

test('an image marked by ID with several tags is blocked, naming them', () => {
	const lines = planLines(planOf({imageId: id('ab'), reference: null}), images, 200).map(line => line.text);
	expect(lines).toEqual(['blocked ab0000000000 referenced in multiple repositories (app:1.3.0, app:latest); name the tags instead']);
});
