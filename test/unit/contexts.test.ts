import {createHash} from 'node:crypto';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, test} from 'vitest';
import {createEngineSwitch, engineChoices} from '../../source/services/engine-switch';
import type {Session} from '../../source/services/session';
import {initialState, reducer} from '../../source/state/reducer';
import {createAppStore} from '../../source/ui/dialogs/dialog-table';
import type {Action, State} from '../../source/state/types';
import {dockerConfigWithContexts} from '../fixtures/contexts';
import {images, containers, now} from '../fixtures/scene';
import {idleImageJobs} from '../fixtures/image-jobs';

describe('engine-switch in the store', () => {
	test('rows, marks, filters and the dialog go; settings, registries and sorts stay', () => {
		const actions: Action[] = [
			{type: 'connected', host: 'unix:///a.sock', engineVersion: '27', apiVersion: '1.46', images, containers},
			{type: 'settings', protect: ['prod-*'], keep: 4, imageSortIndex: 2},
			{type: 'registries', registries: [{server: 'r.example', user: 'u', store: 'file'}], configPath: '/c/config.json'},
			{type: 'mark-toggle'},
			{type: 'filter-input', text: 'app'},
			{type: 'dialog-open', dialog: {kind: 'operations', cursor: 0}},
			{type: 'engine-switch', host: 'tcp://127.0.0.1:2375', message: 'switched to context other (tcp://127.0.0.1:2375)'},
		];
		const state = actions.reduce(reducer, initialState({host: 'unix:///a.sock', columns: 100, rows: 30, now}));
		expect(state).toMatchObject({
			connection: {status: 'connecting', host: 'tcp://127.0.0.1:2375'},
			listed: false,
			images: [],
			containers: [],
			dialog: null,
			protect: ['prod-*'],
			defaultKeep: 4,
			configPath: '/c/config.json',
		} satisfies Partial<State>);
		expect(state.registries).toHaveLength(1);
		expect(state.views.images).toMatchObject({marks: new Set(), filter: '', cursor: null, sortIndex: 2});
		expect(state.message?.text).toContain('switched to context other');
	});
});

describe('engine choices', () => {
	test('default first, then the stored contexts by name; a broken one says why', () => {
		const dir = dockerConfigWithContexts([
			{name: 'zeta', host: 'ssh://me@box'},
			{name: 'alpha', host: 'tcp://127.0.0.1:2376', tls: true},
		]);
		const broken = join(dir, 'contexts', 'meta', createHash('sha256').update('broken').digest('hex'));
		mkdirSync(broken, {recursive: true});
		writeFileSync(join(broken, 'meta.json'), JSON.stringify({Name: 'broken', Endpoints: {}}));
		const choices = engineChoices({DOCKER_CONFIG: dir, DOCKER_HOST: 'unix:///x.sock'}, undefined, 'zeta');
		expect(choices.map(choice => [choice.name, choice.host, choice.tls, choice.current])).toEqual([
			['default', 'unix:///x.sock', false, false],
			['alpha', 'tcp://127.0.0.1:2376', true, false],
			['broken', '', false, false],
			['zeta', 'ssh://me@box', false, true],
		]);
		expect(choices[2]!.error).toContain('no docker endpoint');
	});
});

describe('switching engines', () => {
	function setup() {
		const dir = dockerConfigWithContexts([{name: 'other', host: 'tcp://127.0.0.1:2375'}]);
		const store = createAppStore(initialState({host: 'unix:///a.sock', columns: 100, rows: 30, now}));
		const log: string[] = [];
		const session = (name: string): Session => ({
			retry: () => void log.push(`retry ${name}`),
			info: () => null,
			docker: () => null,
			stop: () => void log.push(`stop ${name}`),
			imageJobs: idleImageJobs({runRemoval: () => void log.push(`removal on ${name}`)}),
		});
		const engines = createEngineSwitch(store, {
			env: {DOCKER_CONFIG: dir},
			initial: {name: 'default', session: session('a')},
			start: target => session(target.host),
			endOperations: () => void log.push('end operations'),
		});
		return {store, engines, log};
	}

	test('work started after a switch goes to the new engine', () => {
		const {engines, log} = setup();
		engines.switchEngine('other');
		engines.imageJobs.runRemoval({} as never);
		engines.retry();
		expect(log).toEqual(['stop a', 'removal on tcp://127.0.0.1:2375', 'retry tcp://127.0.0.1:2375']);
		expect(engines.current()).toBe('other');
	});

	test('an unknown context is refused with its reason and the engine stays', () => {
		const {store, engines, log} = setup();
		engines.switchEngine('nowhere');
		expect(log).toEqual([]);
		expect(store.getState().message).toMatchObject({kind: 'error', text: expect.stringContaining('context "nowhere"') as string});
	});

	test('a switch asked for elsewhere while operations run opens the confirmation instead', () => {
		const {store, engines, log} = setup();
		store.dispatch({type: 'operation-add', operation: {id: 1, kind: 'pull', title: 'pull x', state: 'queued', progress: {} as never, log: [], error: null, digest: null, imageId: null}});
		engines.switchEngine('other');
		expect(log).toEqual([]);
		expect(store.getState().dialog).toMatchObject({kind: 'contexts', confirming: {name: 'other', active: 1}});
		engines.switchEngine('other', true);
		expect(log).toEqual(['end operations', 'stop a']);
	});

	test('a --host URL is a target of its own', () => {
		const {store, engines} = setup();
		engines.switchEngine('tcp://127.0.0.1:4444');
		expect(store.getState().connection.host).toBe('tcp://127.0.0.1:4444');
	});
});
