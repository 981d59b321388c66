// Service reports go through the dialog's flow, and only to the dialog they were sent for.
import {describe, expect, test} from 'vitest';
import type {Key} from 'ink';
import {dialogReport} from '../../source/state/dialog-report';
import {dialogTable, reduceDialog} from '../../source/ui/dialogs/dialog-table';
import type {Effect} from '../../source/state/flows/flow';
import {reportToFlow} from '../../source/state/flows/reports';
import {blankKey} from '../../source/terminal/parse-input';
import {flowKey} from '../../source/ui/keymap';
import {deleteDialog} from '../../source/state/dialogs';
import {detailsDialog} from '../../source/state/flows/menus';
import {browseDialog, loginDialog} from '../../source/state/flows/registries';
import {pullDialog} from '../../source/state/flows/transfers';
import {releaseDialog} from '../../source/state/flows/release';
import {contextsDialog} from '../../source/state/flows/contexts';
import type {FleetKeepDialog} from '../../source/state/fleet-types';
import {initialState, reducer} from '../../source/state/reducer';
import type {Action, DialogReports, State, StoreAction} from '../../source/state/types';
import type {BrowseDialog, RemotePlanDialog} from '../../source/state/flows/registries-types';
import type {DeleteDialog} from '../../source/state/flows/delete-types';
import type {DetailsDialog} from '../../source/state/flows/menus-types';
import type {PullDialog} from '../../source/state/flows/transfers-types';
import type {ReleaseDialog} from '../../source/state/flows/release-types';
import {planByRule} from '../../source/domain/remote-plan';
import {containers, images, now} from '../fixtures/scene';

const id = (prefix: string) => prefix.padEnd(64, '0');
const ready: State = [
	{type: 'connected', host: 'unix:///test.sock', engineVersion: '20.10', apiVersion: '1.41', images: [], containers: []},
	{type: 'lists', images, containers},
].reduce((current, action) => reducer(current, action as Action), initialState({host: 'unix:///test.sock', columns: 100, rows: 30, now}));

const open = (dialog: State['dialog']): State => reducer(ready, {type: 'dialog-open', dialog: dialog!});
/** As the store applies them: reports through the dialog table's reporters, the rest through the reducer. */
const apply = (state: State, ...actions: readonly StoreAction[]) =>
	actions.reduce((current, action) => (action.type === 'dialog-report' ? reportToFlow(current, action, dialogTable).state : reducer(current, action)), state);

describe('delete reports', () => {
	// a2 is used by two stopped containers: blocked unless they go too.
	const plan = deleteDialog(ready, 'Delete 2 references', [
		{imageId: id('a1'), reference: 'app:1.0.0'},
		{imageId: id('a2'), reference: 'app:1.1.0'},
	]);

	test('progress, then the results and the blocked items the run left alone', () => {
		const running = open({...plan, phase: 'running'});
		const progress = {done: 1, total: 1, current: 'app:1.0.0'};
		const done = apply(running, dialogReport('delete', {type: 'progress', progress}), dialogReport('delete', {type: 'done', results: [{label: 'app:1.0.0', status: 'untagged', message: 'untagged'}]}));
		const dialog = done.dialog as DeleteDialog;
		expect(dialog.phase).toBe('done');
		expect(dialog.progress).toEqual(progress);
		expect(dialog.results).toEqual([
			{label: 'app:1.0.0', status: 'untagged', message: 'untagged'},
			{label: 'app:1.1.0', status: 'skipped', message: 'not touched: blocked in the plan'},
		]);
	});

	test.each([
		['the plan it was read for', (dialog: DeleteDialog) => dialog.targets, 'plan', 'floor'],
		['another plan', () => [{imageId: id('a1'), reference: 'app:1.0.0'}], 'plan', 'counting'],
		['the plan once running', (dialog: DeleteDialog) => dialog.targets, 'running', 'counting'],
	] as const)('layers that could not be read count for %s', (_name, targets, phase, bytes) => {
		const state = open({...plan, phase});
		const after = apply(state, dialogReport('delete', {type: 'layers', targets: targets(plan), layers: null}));
		expect((after.dialog as DeleteDialog).bytes).toBe(bytes);
	});

	test('a report for a dialog closed meanwhile is dropped', () => {
		expect(apply(ready, dialogReport('delete', {type: 'done', results: []}))).toBe(ready);
	});
});

test('a platform answer for another image leaves the details view as it is', () => {
	const state = open(detailsDialog(id('a1')).dialog);
	const other = apply(state, dialogReport('details', {type: 'local-platform', imageId: id('a2'), platform: 'linux/arm64'}));
	expect(other).toBe(state);
	const mine = apply(state, dialogReport('details', {type: 'local-platform', imageId: id('a1'), platform: 'linux/arm64'}));
	expect((mine.dialog as DetailsDialog).local).toEqual({kind: 'known', platform: 'linux/arm64'});
});

describe('registry reports', () => {
	const browsing = open(browseDialog('127.0.0.1:5000').dialog);

	test.each([
		['the list on screen', '127.0.0.1:5000', ['app', 'web']],
		['another registry', '127.0.0.1:5001', []],
	] as const)('repositories from %s', (_name, server, shown) => {
		const after = apply(browsing, dialogReport('browse', {type: 'repositories', server, repositories: ['app', 'web'], pages: 1, cut: null}));
		expect((after.dialog as BrowseDialog).repositories).toEqual(shown);
	});

	test('tags for a repository no longer shown are dropped', () => {
		const after = apply(browsing, dialogReport('browse', {type: 'tags', server: '127.0.0.1:5000', repository: 'app', tags: [], cut: null}));
		expect(after).toBe(browsing);
	});

	test('a listing that needs a login leads to the login for that server', () => {
		const after = apply(browsing, dialogReport('browse', {type: 'auth-needed', server: '127.0.0.1:5000', repository: null}));
		expect(after.dialog).toMatchObject({kind: 'login', server: '127.0.0.1:5000', error: '127.0.0.1:5000 asks for a login to list its repositories.'});
	});

	test('a refused login asks for the password again, and keeps none', () => {
		const verifying = open({...loginDialog('127.0.0.1:5000', 'me'), password: 'hunter2', phase: 'verifying'});
		const after = apply(verifying, dialogReport('login', {type: 'refused', message: 'bad password'}));
		expect(after.dialog).toMatchObject({phase: 'edit', field: 'password', password: '', error: 'Login refused: bad password'});
	});

	test('a refused push opens its login, which pushes again once logged in', () => {
		const target = {imageId: id('a1'), reference: '127.0.0.1:5000/app:1.0.0'};
		const after = reducer(ready, {type: 'push-unauthorized', server: '127.0.0.1:5000', message: 'authentication required', target});
		expect(after.dialog).toMatchObject({kind: 'login', retryPush: [target], error: '127.0.0.1:5000: authentication required. Log in to push 127.0.0.1:5000/app:1.0.0.'});
	});
});

test('pull suggestions for a repository no longer typed are dropped', () => {
	const asking = open({...pullDialog('app:'), suggestionsFor: 'app'});
	expect((apply(asking, dialogReport('pull', {type: 'suggestions', repository: 'app', tags: ['1.0']})).dialog as PullDialog).suggestions).toEqual(['1.0']);
	expect(apply(asking, dialogReport('pull', {type: 'suggestions', repository: 'web', tags: ['1.0']}))).toBe(asking);
});

describe('release: keys and step reports through the one flow', () => {
	type ReleaseEvent = {readonly key: string; readonly flags?: Partial<Key>} | DialogReports['release'];
	const chosen = () => ({...releaseDialog('127.0.0.1:5000/app', id('a3'), '1.3.0', ['1.3.0', 'latest'], '.'), floating: 'latest'});
	const done = (index: number, detail = 'ok'): ReleaseEvent => ({type: 'step-done', index, detail, releasedImageId: id('a3')});

	/** The dialog after each event, and the steps the flow asked the service to run. */
	function play(events: readonly ReleaseEvent[]) {
		let state = open(chosen());
		const asked: number[] = [];
		for (const event of events) {
			const {dialog} = state;
			if (dialog?.kind !== 'release') break;
			let effects: readonly Effect[];
			if ('key' in event) {
				const result = reduceDialog(dialog, flowKey(event.key, {...blankKey, ...event.flags}, true), state);
				state = reducer(state, result.dialog ? {type: 'dialog-open', dialog: result.dialog} : {type: 'dialog-close'});
				effects = result.effects;
			} else ({state, effects} = reportToFlow(state, dialogReport('release', event), dialogTable));
			for (const effect of effects) if (effect.type === 'release') asked.push(effect.from);
		}
		const dialog = state.dialog as ReleaseDialog;
		return {phase: dialog.phase, states: dialog.steps.map(step => step.state), asked};
	}

	test.each([
		['confirmed: the first step runs', [{key: 'y'}], 'running', ['running', 'pending', 'pending', 'pending'], [0]],
		['each step that ends starts the next', [{key: 'y'}, done(0), done(1)], 'running', ['done', 'done', 'running', 'pending'], [0, 1, 2]],
		['the last step ends the release', [{key: 'y'}, done(0), done(1), done(2), done(3)], 'done', ['done', 'done', 'done', 'done'], [0, 1, 2, 3]],
		['a failed push stops it', [{key: 'y'}, done(0), {type: 'step-failed', index: 1, detail: 'denied'}], 'failed', ['done', 'failed', 'pending', 'pending'], [0, 1]],
		[
			'r runs the failed step again, and what follows',
			[{key: 'y'}, done(0), {type: 'step-failed', index: 1, detail: 'denied'}, {key: 'r'}, done(1)],
			'running',
			['done', 'done', 'running', 'pending'],
			[0, 1, 1, 2],
		],
		['Esc while running stops before the next step', [{key: 'y'}, {key: '', flags: {escape: true}}, done(0)], 'stopped', ['done', 'skipped', 'skipped', 'skipped'], [0]],
	] as const)('%s', (_name, events, phase, states, asked) => {
		expect(play(events)).toEqual({phase, states, asked});
	});
});

test('fleet keep: each engine as it finishes, then the run', () => {
	const dialog: FleetKeepDialog = {
		kind: 'fleet-keep',
		keep: 2,
		phase: 'running',
		plans: [],
		skipped: [],
		focus: 'cancel',
		scroll: 0,
		outcomes: [
			{engine: 'one', state: 'waiting', results: [], error: null},
			{engine: 'two', state: 'waiting', results: [], error: null},
		],
	};
	const after = apply(
		open(dialog),
		dialogReport('fleet-keep', {type: 'engine', index: 1, outcome: {engine: 'two', state: 'failed', results: [], error: 'down'}}),
		dialogReport('fleet-keep', {type: 'done'}),
	);
	expect(after.dialog).toMatchObject({
		phase: 'done',
		outcomes: [
			{engine: 'one', state: 'waiting'},
			{engine: 'two', state: 'failed', error: 'down'},
		],
	});
});

test('the context switcher starts on the engine in use, and a switch while operations run asks first', () => {
	const choice = (name: string, current: boolean) => ({name, host: `tcp://${name}:2375`, tls: false, current, error: null});
	const listed = apply(open(contextsDialog().dialog), dialogReport('contexts', {type: 'choices', choices: [choice('a', false), choice('b', true)]}));
	expect(listed.dialog).toMatchObject({kind: 'contexts', cursor: 1});
	expect(reducer(ready, {type: 'confirm-switch', name: 'b', active: 2}).dialog).toMatchObject({kind: 'contexts', confirming: {name: 'b', active: 2}, focus: 'cancel'});
});

test('a login a refused push led to pushes again once stored; a plain login pushes nothing', () => {
	const target = {imageId: id('a1'), reference: '127.0.0.1:5000/app:1.0.0'};
	const stored = dialogReport('login', {type: 'stored', server: '127.0.0.1:5000', username: 'me', auth: 'basic', store: 'config.json'});
	const pushing = reportToFlow(reducer(ready, {type: 'push-unauthorized', server: '127.0.0.1:5000', message: 'authentication required', target}), stored, dialogTable);
	expect(pushing.effects).toEqual([{type: 'push', targets: [target]}]);
	expect(pushing.state.dialog).toMatchObject({kind: 'login', phase: 'done', password: ''});
	expect(reportToFlow(open(loginDialog('127.0.0.1:5000', 'me')), stored, dialogTable).effects).toEqual([]);
});

test('a re-check that finds the plan unchanged asks for its deletes; one for a plan no longer shown is dropped', () => {
	const digest = `sha256:${'a'.repeat(64)}`;
	const browse = {...(browseDialog('127.0.0.1:5000').dialog as BrowseDialog), repository: 'app', loading: false};
	const plan = (): RemotePlanDialog => ({
		kind: 'remote-plan',
		server: '127.0.0.1:5000',
		title: 'Delete 1 tag',
		plan: planByRule('app', [{tag: '1.0.0', digest}], {kind: 'delete', selected: ['1.0.0'], protect: []}),
		rule: {kind: 'delete', selected: ['1.0.0'], protect: []},
		recheck: null,
		focus: 'cancel',
		phase: 'verifying',
		results: [],
		scroll: 0,
		back: browse,
	});
	const shown = plan();
	const verified = reportToFlow(open(shown), dialogReport('remote-plan', {type: 'outcome', plan: shown.plan, outcome: {type: 'verified', tags: [{tag: '1.0.0', digest}]}}), dialogTable);
	expect(verified.state.dialog).toMatchObject({phase: 'running'});
	expect(verified.effects).toEqual([{type: 'remote-delete', server: '127.0.0.1:5000', plan: (verified.state.dialog as RemotePlanDialog).plan}]);
	const stale = reportToFlow(open(plan()), dialogReport('remote-plan', {type: 'outcome', plan: shown.plan, outcome: {type: 'verified', tags: [{tag: '1.0.0', digest}]}}), dialogTable);
	expect(stale.effects).toEqual([]);
	expect(stale.state.dialog).toMatchObject({phase: 'verifying'});
	// The same plan, but no longer waiting for a re-read: a second answer asks for no second delete.
	const running = verified.state.dialog as RemotePlanDialog;
	const again = reportToFlow(verified.state, dialogReport('remote-plan', {type: 'outcome', plan: running.plan, outcome: {type: 'verified', tags: [{tag: '1.0.0', digest}]}}), dialogTable);
	expect(again.effects).toEqual([]);
	expect(again.state.dialog).toBe(running);
});
