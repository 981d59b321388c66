// Fleet: rows per reference over several engines, the configured engines, answers arriving one by one, and keep-N per engine.
import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {createHash} from 'node:crypto';
import {join} from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import type {Key} from 'ink';
import {buildFleetRows, filterFleetRows} from '../../source/domain/fleet-rows';
import {fleetTimeoutSeconds} from '../../source/engine/call-deadline';
import {fleetTargets} from '../../source/services/fleet';
import {imageIdentity} from '../../source/engine/fleet';
import {reduceDialog} from '../../source/ui/dialogs/dialog-table';
import type {FlowEvent} from '../../source/state/flows/flow';
import {fleetKeepPlans, openFleetFlow} from '../../source/state/flows/fleet';
import type {FleetKeepDialog} from '../../source/state/fleet-types';
import {initialState, reducer} from '../../source/state/reducer';
import {selectFleetRows} from '../../source/state/selectors';
import type {Action, State} from '../../source/state/types';
import {blankKey} from '../../source/terminal/parse-input';
import {flowKey} from '../../source/ui/keymap';
import {container, image, now} from '../fixtures/scene';
import {tempDir} from '../fixtures/temp-dir';

const one = {
	engine: 'one',
	images: [image('a1', ['app:1.0.0']), image('a2', ['app:1.1.0', 'app:latest'], {size: 9}), image('n1', ['<none>:<none>'])],
	containers: [container('c1', 'web-1', 'a2', 'running'), container('c2', 'old', 'n1', 'exited')],
};
const two = {
	engine: 'two',
	images: [image('a1', ['app:1.0.0']), image('z2', ['app:1.1.0'], {size: 12}), image('x1', ['cache:7'])],
	containers: [container('c3', 'api-1', 'a1', 'running'), container('c4', 'api-2', 'a1', 'running')],
};

describe('buildFleetRows', () => {
	const rows = buildFleetRows([one, two]);
	const row = (key: string) => rows.find(candidate => candidate.key === key)!;

	test.each([
		// reference, engines holding it, running on, same image ID, size
		['app:1.0.0', ['one', 'two'], ['two'], true, 5_000_000],
		['app:1.1.0', ['one', 'two'], ['one'], false, 12],
		['app:latest', ['one'], ['one'], true, 9],
		['cache:7', ['two'], [], true, 5_000_000],
	])('%s', (key, engines, runningOn, sameId, size) => {
		expect(row(key).presence.map(entry => entry.engine)).toEqual(engines);
		expect(row(key).runningOn).toEqual(runningOn);
		expect(row(key).sameId).toBe(sameId);
		expect(row(key).size).toBe(size);
	});

	test('sorted by reference, untagged images left out, running names per engine', () => {
		expect(rows.map(candidate => candidate.key)).toEqual(['app:1.0.0', 'app:1.1.0', 'app:latest', 'cache:7']);
		expect(row('app:1.0.0').presence.find(entry => entry.engine === 'two')?.running).toEqual(['api-1', 'api-2']);
		expect(row('app:1.0.0').presence.find(entry => entry.engine === 'one')?.running).toEqual([]);
	});

	test('across image stores one image has two IDs: the same creation time and layers make it the same', () => {
		const id = (short: string) => short.padEnd(64, '0');
		const classic = {
			...one,
			identities: new Map([
				[id('a2'), 'made-once'],
				[id('a1'), 'first'],
			]),
		};
		const containerd = {
			...two,
			identities: new Map([
				[id('z2'), 'made-once'],
				[id('a1'), 'first'],
			]),
		};
		const mixed = buildFleetRows([classic, containerd]);
		expect(mixed.find(candidate => candidate.key === 'app:1.1.0')!.sameId).toBe(true);
		// Another build under the same tag stays another image.
		const rebuilt = buildFleetRows([classic, {...two, identities: new Map([[id('z2'), 'built-again']])}]);
		expect(rebuilt.find(candidate => candidate.key === 'app:1.1.0')!.sameId).toBe(false);
	});

	test('an identity is the creation time, platform and diff IDs; without them there is none', () => {
		const inspect = {Created: '2026-12-05T11:31:26.537581825Z', Os: 'linux', Architecture: 'amd64', RootFS: {Layers: ['sha256:a9c3', 'sha256:85ab']}};
		expect(imageIdentity(inspect)).toBe(imageIdentity({...inspect}));
		expect(imageIdentity({...inspect, RootFS: {Layers: ['sha256:a9c3']}})).not.toBe(imageIdentity(inspect));
		expect(imageIdentity({...inspect, Created: '2026-12-05T11:31:27Z'})).not.toBe(imageIdentity(inspect));
		expect(imageIdentity({Os: 'linux'})).toBeNull();
	});

	test('filter narrows by reference', () => {
		expect(filterFleetRows(rows, 'CACHE').map(candidate => candidate.key)).toEqual(['cache:7']);
	});
});

describe('fleetTargets', () => {
	let dir = '';
	afterEach(() => rmSync(dir, {recursive: true, force: true}));

	function context(name: string, host: string) {
		const meta = join(dir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
		mkdirSync(meta, {recursive: true});
		writeFileSync(join(meta, 'meta.json'), JSON.stringify({Name: name, Metadata: {}, Endpoints: {docker: {Host: host, SkipTLSVerify: false}}}));
	}

	test('default, each stored context, each --host; an endpoint named twice is asked once, under its context name', () => {
		dir = tempDir('dsw-fleet-');
		context('two', 'unix:///tmp/two.sock');
		context('one', 'unix:///tmp/one.sock');
		context('dead', 'tcp://127.0.0.1:9');
		mkdirSync(join(dir, 'contexts', 'meta', 'broken'), {recursive: true});
		const env = {DOCKER_CONFIG: dir, DOCKER_HOST: 'unix:///tmp/one.sock'};
		const targets = fleetTargets(env, ['tcp://127.0.0.1:2375', 'unix:///tmp/two.sock']);
		expect(targets.map(entry => [entry.name, 'target' in entry ? entry.target.host : entry.error])).toEqual([
			['dead', 'tcp://127.0.0.1:9'],
			['one', 'unix:///tmp/one.sock'],
			['two', 'unix:///tmp/two.sock'],
			['tcp://127.0.0.1:2375', 'tcp://127.0.0.1:2375'],
		]);
		const alone = fleetTargets({DOCKER_CONFIG: dir, DOCKER_HOST: 'unix:///tmp/other.sock'});
		expect(alone.map(entry => entry.name)).toEqual(['default', 'dead', 'one', 'two']);
	});

	test('no contexts: the default engine alone', () => {
		dir = tempDir('dsw-fleet-');
		const targets = fleetTargets({DOCKER_CONFIG: dir, DOCKER_HOST: 'unix:///tmp/x.sock'});
		expect(targets.map(entry => ('target' in entry ? entry.target.host : ''))).toEqual(['unix:///tmp/x.sock']);
	});

	test.each([
		[undefined, 5],
		['2', 2],
		['0.5', 0.5],
		['soon', 5],
		['0', 5],
	])('DOCKSWAB_FLEET_TIMEOUT=%s gives %s s', (value, seconds) => {
		expect(fleetTimeoutSeconds(value === undefined ? {} : {DOCKSWAB_FLEET_TIMEOUT: value})).toBe(seconds);
	});
});

const start: Action = {
	type: 'fleet-start',
	round: 1,
	timeoutSeconds: 5,
	engines: [
		{name: 'one', host: 'unix:///one'},
		{name: 'two', host: 'unix:///two'},
		{name: 'dead', host: 'tcp://127.0.0.1:9'},
	],
};
const live = (name: string, lists: {images: typeof one.images; containers: typeof one.containers}, round = 1): Action => ({
	type: 'fleet-engine',
	round,
	name,
	status: {state: 'live', ...lists, ms: 10},
});

function fleetState(...actions: Action[]): State {
	return [{type: 'connected', host: 'unix:///one', engineVersion: '20.10', apiVersion: '1.41', images: [], containers: []} as Action, {type: 'pane', pane: 'fleet'} as Action, ...actions].reduce(
		reducer,
		initialState({host: 'unix:///one', columns: 100, rows: 24, now}),
	);
}

describe('fleet answers in the store', () => {
	test('each engine counts as soon as it answers; the others stay loading', () => {
		const state = fleetState(start, live('two', two));
		expect(state.fleet!.engines.map(engine => engine.status.state)).toEqual(['loading', 'live', 'loading']);
		expect(selectFleetRows(state).map(row => row.key)).toEqual(['app:1.0.0', 'app:1.1.0', 'cache:7']);
	});

	test('an answer from an earlier round is dropped; a refresh keeps the last answers until new ones come', () => {
		const state = fleetState(start, live('one', one), {...start, round: 2}, live('two', two, 1));
		expect(state.fleet!.engines.map(engine => engine.status.state)).toEqual(['live', 'loading', 'loading']);
	});

	test('the cursor moves over the fleet rows', () => {
		const state = fleetState(start, live('one', one), live('two', two), {type: 'move', delta: 2});
		expect(state.views.fleet.cursor).toBe('app:latest');
	});
});

const press = (input: string, flags: Partial<Key> = {}, onScreen = true): FlowEvent => flowKey(input, {...blankKey, ...flags}, onScreen);

describe('fleet flows', () => {
	const state = fleetState(start, live('one', one), live('two', two), {type: 'fleet-engine', round: 1, name: 'dead', status: {state: 'down', error: 'no answer within 5 s'}});

	test('Enter opens the row on every engine; e asks to switch to the engine under the cursor', () => {
		const opened = openFleetFlow(state, 'fleet-detail')!;
		expect(opened.dialog).toEqual({kind: 'fleet-detail', reference: 'app:1.0.0', cursor: 0});
		const moved = reduceDialog(opened.dialog!, press('j'), state);
		const jumped = reduceDialog(moved.dialog!, press('e'), state);
		expect(jumped.dialog).toBeNull();
		expect(jumped.effects).toEqual([{type: 'switch-engine', context: 'two'}]);
	});

	test("keep-N: one plan per live engine, running containers' images never selected, dead engines left out with the reason", () => {
		const {plans, skipped} = fleetKeepPlans(state, 1);
		expect(plans.map(entry => entry.engine)).toEqual(['one', 'two']);
		const outcome = (engine: string, reference: string) => plans.find(entry => entry.engine === engine)!.plan.items.find(item => item.label === reference)?.outcome.kind;
		expect(outcome('one', 'app:1.0.0')).toBe('delete');
		// api-1 runs app:1.0.0 on two: the policy never selects it there.
		expect(outcome('two', 'app:1.0.0')).toBeUndefined();
		expect(outcome('one', 'app:1.1.0')).toBeUndefined();
		expect(skipped).toEqual([{engine: 'dead', reason: 'no answer within 5 s'}]);
	});

	test('protect patterns keep what they name on every engine', () => {
		const {plans} = fleetKeepPlans({...state, protect: ['app:1.0.*']}, 1);
		expect(plans.every(entry => entry.plan.items.length === 0)).toBe(true);
	});

	test('keep-N: opens on Cancel, Enter there cancels, y confirms only the drawn plan, then runs every engine with steps', () => {
		let dialog = openFleetFlow(state, 'fleet-keep')!.dialog as FleetKeepDialog;
		dialog = reduceDialog(dialog, press('1'), state).dialog as FleetKeepDialog;
		dialog = reduceDialog(dialog, press('', {return: true}), state).dialog as FleetKeepDialog;
		expect(dialog.phase).toBe('plan');
		expect(dialog.focus).toBe('cancel');
		expect(reduceDialog(dialog, press('', {return: true}), state).dialog).toBeNull();
		expect(reduceDialog(dialog, press('y', {}, false), state)).toEqual({dialog, effects: []});
		const confirmed = reduceDialog(dialog, press('y'), state);
		expect(confirmed.dialog).toMatchObject({phase: 'running', outcomes: [{engine: 'one', state: 'waiting'}]});
		expect(confirmed.effects).toEqual([{type: 'fleet-keep-run', plans: dialog.plans.filter(entry => entry.engine === 'one')}]);
	});
});
