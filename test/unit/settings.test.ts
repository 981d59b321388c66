import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, test} from 'vitest';
import {housekeepingChoices} from '../../source/state/dialogs';
import {initialState, reducer} from '../../source/state/reducer';
import type {Action, State} from '../../source/state/types';
import {loadSettings} from '../../source/services/settings';
import {imageSorts} from '../../source/domain/image-rows';
import {keyConfigRules} from '../../source/ui/keymap';
import {containers, image, now} from '../fixtures/scene';
import {tempDir} from '../fixtures/temp-dir';

function configHome(content: string | null): NodeJS.ProcessEnv {
	const home = tempDir('dsw-settings-');
	if (content !== null) {
		mkdirSync(join(home, 'dockswab'));
		writeFileSync(join(home, 'dockswab', 'config.json'), content);
	}
	return {XDG_CONFIG_HOME: home};
}

const rules = {sorts: imageSorts, ...keyConfigRules};

describe('settings file', () => {
	test('a missing file gives the defaults', () => {
		expect(loadSettings(configHome(null), rules)).toEqual({ok: true, settings: {protect: [], keep: 2, sort: null, keys: {}}});
	});

	test('a valid file is read whole', () => {
		const loaded = loadSettings(configHome('{"protect": ["latest", "v*-lts"], "keep": 3, "sort": "size", "keys": {"delete": "D"}}'), rules);
		expect(loaded).toEqual({ok: true, settings: {protect: ['latest', 'v*-lts'], keep: 3, sort: 'size', keys: {delete: 'D'}}});
	});

	test.each([
		['{"protect": ["latest", ""]}', 'protect[1]'],
		['{"other": true}', 'other'],
		['not json', null],
	])('%j is refused with the file and line, naming %s', (content, field) => {
		const env = configHome(content);
		const loaded = loadSettings(env, rules);
		expect(loaded.ok).toBe(false);
		if (loaded.ok) return;
		expect(loaded.message).toContain(`${join(env.XDG_CONFIG_HOME!, 'dockswab', 'config.json')}:1:`);
		if (field) expect(loaded.message).toContain(`"${field}"`);
		else expect(loaded.message).toContain('not valid JSON');
	});

	test('a file that cannot be read (a directory) is refused, not taken as empty', () => {
		const home = tempDir('dsw-settings-');
		mkdirSync(join(home, 'dockswab', 'config.json'), {recursive: true});
		const loaded = loadSettings({XDG_CONFIG_HOME: home}, rules);
		expect(loaded.ok).toBe(false);
	});
});

describe('protect patterns keep their tags out of local rules', () => {
	const images = [image('a0', ['app:0.9.0']), image('a1', ['app:1.0.0-lts']), image('a2', ['app:1.1.0']), image('a3', ['app:1.2.0']), image('a4', ['app:1.3.0', 'app:latest'])];
	const state = (protect: string[]): State =>
		[
			{type: 'connected', host: 'unix:///t.sock', engineVersion: '20.10', apiVersion: '1.41', images: [], containers: []},
			{type: 'lists', images, containers: containers.filter(container => container.state === 'running')},
			{type: 'settings', protect},
		].reduce((current, action) => reducer(current, action as Action), initialState({host: 'unix:///t.sock', columns: 100, rows: 30, now}));
	const references = (s: State, index: number) => {
		const choice = housekeepingChoices[index]!;
		if (choice.kind !== 'images') throw new Error(`entry ${index} is not an image clean-up`);
		return choice.targets(s, 2).map(target => target.reference);
	};

	test('remove all unused leaves protected references alone', () => {
		expect(references(state([]), 1)).toContain('app:1.0.0-lts');
		expect(references(state(['*-lts', 'app:0.9.*']), 1)).not.toContain('app:1.0.0-lts');
		expect(references(state(['*-lts', 'app:0.9.*']), 1)).not.toContain('app:0.9.0');
	});

	test('keep the newest N never selects a protected tag', () => {
		expect(references(state([]), 2)).toContain('app:0.9.0');
		expect(references(state(['0.9.0']), 2)).not.toContain('app:0.9.0');
	});
});
