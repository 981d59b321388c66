// Flow reducers driven by tables of events, without rendering.
import {describe, expect, test} from 'vitest';
import type {Key} from 'ink';
import {containersDialog, deleteDialog, planOf} from '../../source/state/dialogs';
import {reduceDialog} from '../../source/ui/dialogs/dialog-table';
import {decideConfirm} from '../../source/state/flows/confirm';
import type {FlowEvent, FlowResult} from '../../source/state/flows/flow';
import {tagDialog} from '../../source/state/flows/tag';
import type {TagDialog} from '../../source/state/flows/tag-types';
import {browseDialog, browseRows, loginDialog, logoutDialog, reduceRemotePlanOutcome} from '../../source/state/flows/registries';
import type {TagDigest} from '../../source/domain/remote-plan';
import {buildDialog, operationDialog, pullDialog, pullMatches, reduceOperation, startPush} from '../../source/state/flows/transfers';
import {releaseDialog, releaseSteps, releaseVersion} from '../../source/state/flows/release';
import {initialState, reducer} from '../../source/state/reducer';
import {selectRepositories} from '../../source/state/selectors';
import type {Action, Dialog, State} from '../../source/state/types';
import type {BrowseDialog, RemotePlanDialog} from '../../source/state/flows/registries-types';
import type {OperationDialog, PullDialog, QuitDialog} from '../../source/state/flows/transfers-types';
import type {ReleaseDialog} from '../../source/state/flows/release-types';
import {blankKey} from '../../source/terminal/parse-input';
import {flowKey} from '../../source/ui/keymap';
import {containers, images, now} from '../fixtures/scene';

const state: State = [
	{type: 'connected', host: 'unix:///test.sock', engineVersion: '20.10', apiVersion: '1.41', images: [], containers: []},
	{type: 'lists', images, containers},
].reduce((current, action) => reducer(current, action as Action), initialState({host: 'unix:///test.sock', columns: 100, rows: 30, now}));

const id = (prefix: string) => prefix.padEnd(64, '0');

/** A key; `ahead` means it arrived in the same read as the step before it, so no frame came between. */
const key = (input: string, flags: Partial<Key> = {}, ahead = false) => ({input, flags, ahead});
type Step = ReturnType<typeof key> | {paste: string};

/** Runs steps like the input router: `onScreen` holds when the dialog is the one drawn before the key. */
function run(dialog: Dialog, steps: readonly Step[]): {dialog: Dialog | null; effects: FlowResult<Dialog>['effects'][number][]} {
	let current: Dialog | null = dialog;
	let drawn: Dialog | null = null;
	const effects: FlowResult<Dialog>['effects'][number][] = [];
	for (const step of steps) {
		if (!current) break;
		if (!('paste' in step) && !step.ahead) drawn = current;
		const event: FlowEvent = 'paste' in step ? {type: 'paste', text: step.paste} : flowKey(step.input, {...blankKey, ...step.flags}, drawn === current);
		const result = reduceDialog(current, event, state);
		current = result.dialog;
		effects.push(...result.effects);
	}
	return {dialog: current, effects};
}

const deleting = () => deleteDialog(state, 'Delete 1 reference', [{imageId: id('a1'), reference: 'app:1.0.0'}]);
const enter = (ahead = false) => key('', {return: true}, ahead);
const tab = key('', {tab: true});
const esc = key('', {escape: true});

describe('the one confirm step', () => {
	test.each([
		['y on a drawn dialog', 'cancel', key('y'), true, 'confirm'],
		['y typed ahead', 'cancel', key('y'), false, null],
		['Enter on Cancel', 'cancel', enter(), true, 'cancel'],
		['Enter on the button', 'confirm', enter(), true, 'confirm'],
		['Enter on the button, typed ahead', 'confirm', enter(), false, null],
		['Tab', 'cancel', tab, true, 'switch'],
		['n', 'confirm', key('n'), true, 'cancel'],
		['Esc', 'confirm', esc, false, 'cancel'],
		['another letter', 'confirm', key('x'), true, null],
	] as const)('%s', (_name, focus, step, onScreen, decision) => {
		expect(decideConfirm(focus, flowKey(step.input, {...blankKey, ...step.flags}, onScreen))).toBe(decision);
	});
});

describe('delete flow', () => {
	test.each([
		['opens on Cancel: Enter closes, runs nothing', [enter()], 'closed', []],
		['y runs the plan shown', [key('y')], 'delete:running', ['run-removal']],
		['y in the read that opened it runs nothing', [key('y', {}, true)], 'delete:plan', []],
		['Tab then Enter runs', [tab, enter()], 'delete:running', ['run-removal']],
		['Tab and Enter in one read run nothing', [tab, enter(true)], 'delete:plan', []],
		['j then y in one read: the scrolled plan was not drawn', [key('j'), key('y', {}, true)], 'delete:plan', []],
		['a paste is never a command', [{paste: 'y'}, {paste: '\r'}], 'delete:plan', []],
		['n cancels', [key('n')], 'closed', []],
		['c toggles removing stopped containers first', [key('c')], 'delete:plan', []],
	] as const)('%s', (_name, steps, outcome, effects) => {
		const result = run(deleting(), steps);
		expect(result.dialog ? `${result.dialog.kind}:${'phase' in result.dialog ? result.dialog.phase : ''}` : 'closed').toBe(outcome);
		expect(result.effects.map(effect => effect.type)).toEqual(effects);
	});

	test('the run effect carries the plan that was drawn', () => {
		const dialog = deleting();
		const {effects} = run(dialog, [key('y')]);
		expect(effects[0]).toEqual({type: 'run-removal', plan: planOf(dialog)});
	});

	test('force: only the exact name, typed or pasted, then Enter on a drawn dialog', () => {
		const blocked = deleteDialog(state, 'Delete 1 reference', [{imageId: id('a2'), reference: 'app:1.1.0'}]);
		const typed = run(blocked, [key('f'), ...[...'app:1.1.0'].map(char => key(char)), enter()]);
		expect(typed.dialog?.kind === 'delete' && [...typed.dialog.forced]).toEqual([id('a2')]);
		const pasted = run(blocked, [key('f'), {paste: 'app:1.1.0'}, enter()]);
		expect(pasted.dialog?.kind === 'delete' && [...pasted.dialog.forced]).toEqual([id('a2')]);
		const typedAhead = run(blocked, [key('f'), ...[...'app:1.1.0'].map(char => key(char, {}, true)), enter(true)]);
		expect(typedAhead.dialog?.kind === 'delete' && typedAhead.dialog.phase).toBe('force');
		const wrong = run(blocked, [key('f'), key('x'), enter()]);
		expect(wrong.effects).toEqual([{type: 'message', message: {kind: 'error', text: 'the name does not match; nothing forced'}}]);
		expect(wrong.dialog?.kind === 'delete' && wrong.dialog.forced.size).toBe(0);
	});
});

describe('containers flow', () => {
	const running = containers.filter(container => container.state === 'running');
	test.each([
		['stop: Enter on Cancel closes', 'stop', [enter()], 'closed', []],
		['stop: y runs', 'stop', [key('y')], 'containers:running', ['run-containers']],
		['remove: y typed ahead runs nothing', 'remove', [key('y', {}, true)], 'containers:plan', []],
		['remove a running one: its name, then Enter', 'remove', [key('f'), {paste: 'web-1'}, enter()], 'containers:running', ['run-containers']],
	] as const)('%s', (_name, action, steps, outcome, effects) => {
		const result = run(containersDialog(action, running), steps);
		expect(result.dialog ? `${result.dialog.kind}:${'phase' in result.dialog ? result.dialog.phase : ''}` : 'closed').toBe(outcome);
		expect(result.effects.map(effect => effect.type)).toEqual(effects);
	});
});

describe('tag flow', () => {
	const single = () => tagDialog([{imageId: id('a1'), reference: 'app:1.0.0'}], selectRepositories(state.images));
	test('opens with the next version; Enter on a drawn dialog tags', () => {
		const result = run(single(), [enter()]);
		const shown = result.dialog as TagDialog;
		expect(result.effects).toEqual([{type: 'run-tag', sources: [{imageId: id('a1'), reference: 'app:1.0.0'}], target: {repository: 'app', tag: shown.tag, namespace: shown.namespace}}]);
	});

	test('typed ahead, Enter does not tag', () => {
		const result = run(single(), [key('9'), enter(true)]);
		expect(result.effects).toEqual([]);
	});

	test('moving latest asks first: Enter on Cancel goes back, y applies', () => {
		const toLatest = run(single(), [key('u', {ctrl: true}), ...[...'latest'].map(char => key(char)), enter()]);
		expect(toLatest.dialog?.kind === 'tag' && toLatest.dialog.phase).toBe('confirm');
		const back = run(toLatest.dialog!, [enter()]);
		expect(back.dialog?.kind === 'tag' && back.dialog.phase).toBe('edit');
		expect(run(toLatest.dialog!, [key('y')]).effects.map(effect => effect.type)).toEqual(['run-tag']);
	});

	test('a paste goes into the focused field as printable text', () => {
		const result = run(single(), [key('u', {ctrl: true}), {paste: '2.0.0\u0000\r\n'}]);
		expect(result.dialog?.kind === 'tag' && result.dialog.tag).toBe('2.0.0 ');
	});
});

describe('menus lead on, never run', () => {
	test('housekeeping: 2, Enter opens the remove-unused plan; y in the same read runs nothing', () => {
		const result = run({kind: 'housekeeping', choice: 0, keep: 2}, [key('2', {}, true), enter(true), key('y', {}, true)]);
		expect(result.dialog?.kind === 'delete' && result.dialog.title).toBe('Remove all unused images (no container uses them)');
		expect(result.effects.map(effect => effect.type)).toEqual(['load-layers']);
	});

	test('details: d plans every tag of the image shown, nothing else', () => {
		const result = run({kind: 'details', imageId: id('a3'), history: null, error: null, local: {kind: 'asking'}, index: {kind: 'asking'}, scroll: 0}, [key('d')]);
		expect(result.dialog?.kind === 'delete' && result.dialog.targets).toEqual([
			{imageId: id('a3'), reference: 'app:1.3.0'},
			{imageId: id('a3'), reference: 'app:latest'},
		]);
	});

	test('details of an untagged image: d plans it by ID', () => {
		const result = run({kind: 'details', imageId: id('c1'), history: null, error: null, local: {kind: 'asking'}, index: {kind: 'asking'}, scroll: 0}, [key('d')]);
		expect(result.dialog?.kind === 'delete' && result.dialog.targets).toEqual([{imageId: id('c1'), reference: null}]);
	});

	test('versions: Enter opens the details of the row and asks for its history and platforms; t opens the tag dialog', () => {
		const opened = run({kind: 'versions', cursor: 1, marked: []}, [enter()]);
		expect(opened.dialog?.kind).toBe('details');
		expect(opened.effects.map(effect => effect.type)).toEqual(['load-history', 'load-platforms']);
		expect(run({kind: 'versions', cursor: 1, marked: []}, [key('t')]).dialog?.kind).toBe('tag');
	});
});

describe('registry flows', () => {
	const typed = (text: string) => [...text].map(char => key(char));
	test('login: fields in order, the password submitted only by Enter on a drawn dialog', () => {
		const filled = run(loginDialog(''), [...typed('127.0.0.1:5000'), enter(), ...typed('me'), enter(), ...typed('s3cret')]);
		expect(filled.dialog?.kind === 'login' && [filled.dialog.server, filled.dialog.username, filled.dialog.password, filled.dialog.field]).toEqual(['127.0.0.1:5000', 'me', 's3cret', 'password']);
		expect(run(filled.dialog!, [enter(true)]).effects).toEqual([]);
		expect(run(filled.dialog!, [enter()]).effects).toEqual([{type: 'login', server: '127.0.0.1:5000', username: 'me', password: 's3cret'}]);
	});

	test('login: a pasted password is text; an empty field is named, nothing is sent', () => {
		const pasted = run(loginDialog('127.0.0.1:5000', 'me'), [{paste: 'pa\u0000ss\n'}]);
		expect(pasted.dialog?.kind === 'login' && pasted.dialog.password).toBe('pass ');
		const empty = run(loginDialog('127.0.0.1:5000'), [key('', {tab: true}), enter()]);
		expect(empty.effects).toEqual([]);
		expect(empty.dialog?.kind === 'login' && empty.dialog.error).toBe('Type the username first.');
	});

	test('logout: opens on Cancel; y on the drawn dialog erases', () => {
		const dialog = logoutDialog({server: '127.0.0.1:5000', user: 'me', store: 'config.json'});
		expect(run(dialog, [enter()]).dialog).toBeNull();
		expect(run(dialog, [key('y', {}, true)]).effects).toEqual([]);
		expect(run(dialog, [key('y')]).effects).toEqual([{type: 'logout', server: '127.0.0.1:5000'}]);
	});

	test('browse: opening asks for the catalog; Enter on a repository asks for its tags; Esc goes back to it', () => {
		const opened = browseDialog('127.0.0.1:5000');
		expect(opened.effects).toEqual([{type: 'browse-repositories', server: '127.0.0.1:5000', refresh: false}]);
		const listed = {...(opened.dialog as BrowseDialog), repositories: ['app', 'base/runtime', 'web'], loading: false};
		const tags = run(listed, [key('j'), enter()]);
		expect(tags.effects).toEqual([{type: 'browse-tags', server: '127.0.0.1:5000', repository: 'base/runtime', refresh: false}]);
		const back = run(tags.dialog!, [esc]);
		expect(back.dialog?.kind === 'browse' && [back.dialog.repository, back.dialog.cursor]).toEqual([null, 1]);
	});

	test('browse: / filters the repositories; r refreshes bypassing the cache', () => {
		const listed: BrowseDialog = {...(browseDialog('r').dialog as BrowseDialog), repositories: ['app', 'base/runtime', 'web'], loading: false};
		const filtered = run(listed, [key('/'), ...typed('we'), enter()]);
		expect(filtered.dialog?.kind === 'browse' && browseRows(filtered.dialog)).toEqual(['web']);
		expect(run(listed, [key('r')]).effects).toEqual([{type: 'browse-repositories', server: 'r', refresh: true}]);
	});

	test('browse without a catalog: the repository is typed', () => {
		const none: BrowseDialog = {...(browseDialog('https://index.docker.io/v1/').dialog as BrowseDialog), loading: false, noCatalog: true};
		const result = run(none, [...typed('library/busybox'), enter()]);
		expect(result.effects).toEqual([{type: 'browse-tags', server: 'https://index.docker.io/v1/', repository: 'library/busybox', refresh: false}]);
	});
});

describe('remote clean-up flows', () => {
	const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
	const remoteTag = (tag: string, n: number) => ({tag, digest: digest(n), size: 1, created: null, platforms: [], children: [], error: null});
	const tagList = (): BrowseDialog => ({
		...(browseDialog('127.0.0.1:5000').dialog as BrowseDialog),
		repository: 'app',
		loading: false,
		tags: [remoteTag('1.3.0', 3), remoteTag('latest', 3), remoteTag('1.2.0', 2), remoteTag('dev', 9)],
	});

	test('d on a tag whose digest another tag shares is blocked until that tag is marked too', () => {
		const alone = run(tagList(), [key('d')]);
		expect(alone.dialog?.kind === 'remote-plan' && alone.dialog.plan.items.map(item => item.outcome.kind)).toEqual(['blocked']);
		const both = run(tagList(), [key(' '), key(' '), key('d')]);
		expect(both.dialog?.kind === 'remote-plan' && both.dialog.plan.items.map(item => [item.outcome.kind, [...item.tags].sort()])).toEqual([['delete', ['1.3.0', 'latest']]]);
	});

	test('a digest whose read failed is said, with how to read it again, rather than "still loading" for ever', () => {
		const loading = run({...tagList(), tags: [remoteTag('1.3.0', 3), {...remoteTag('1.2.0', 2), digest: null}]}, [key('d')]);
		expect(loading.effects).toEqual([{type: 'message', message: {kind: 'error', text: 'the digests are still loading; a remote plan needs them all'}}]);
		const failed = {...remoteTag('1.2.0', 2), digest: null, error: '127.0.0.1:5000 did not answer within 10 s'};
		for (const keyName of ['d', 'h']) {
			const refused = run({...tagList(), tags: [remoteTag('1.3.0', 3), failed]}, [key(keyName)]);
			expect(refused.dialog?.kind).toBe('browse');
			expect(refused.effects).toEqual([
				{type: 'message', message: {kind: 'error', text: 'the digest of 1.2.0 could not be read (127.0.0.1:5000 did not answer within 10 s); a remote plan needs them all: r reads them again'}},
			]);
		}
	});

	test('the remote plan opens on Cancel; y on the drawn plan reads the registry again, deleting nothing yet; Esc goes back to the tags', () => {
		const plan = run(tagList(), [key('j'), key('j'), key('d')]).dialog!;
		expect(run(plan, [enter()]).dialog?.kind).toBe('browse');
		expect(run(plan, [key('y', {}, true)]).effects).toEqual([]);
		const confirmed = run(plan, [key('y')]);
		expect(confirmed.dialog?.kind === 'remote-plan' && confirmed.dialog.phase).toBe('verifying');
		expect(confirmed.effects).toEqual([{type: 'remote-verify', server: '127.0.0.1:5000', plan: (plan as RemotePlanDialog).plan}]);
		expect(run(plan, [esc]).dialog?.kind).toBe('browse');
		// Backing out while the registry is read: nothing runs, and the answer has no dialog to go to.
		expect(run(confirmed.dialog!, [esc])).toEqual({dialog: {...tagList(), cursor: 2}, effects: []});
		expect(run(confirmed.dialog!, [key('y')]).effects).toEqual([]);
	});

	describe('what the registry says on the re-read decides', () => {
		/** 1.2.0 planned alone (digest 2); the re-read answers `now`. */
		const verifying = (): RemotePlanDialog => {
			const confirmed = run(run(tagList(), [key('j'), key('j'), key('d')]).dialog!, [key('y')]).dialog;
			if (confirmed?.kind !== 'remote-plan') throw new Error('no remote plan');
			return confirmed;
		};
		const now = (entries: Record<string, number>): TagDigest[] => Object.entries(entries).map(([tag, n]) => ({tag, digest: digest(n)}));
		const asListed = {'1.3.0': 3, latest: 3, '1.2.0': 2, dev: 9};

		test.each([
			['unchanged: the deletes run, with the digests just read', asListed, 'running', ['remote-delete'], ['delete 1.2.0']],
			['latest moved onto the planned digest: the new plan is shown, nothing runs', {...asListed, latest: 2}, 'plan', [], ['blocked 1.2.0,latest']],
			['the planned tag moved to another digest', {...asListed, '1.2.0': 4}, 'plan', [], ['delete 1.2.0']],
			['the planned tag is gone', {'1.3.0': 3, latest: 3, dev: 9}, 'plan', [], []],
			['an unrelated tag moved: the same deletes run', {...asListed, dev: 8, '1.4.0': 5}, 'running', ['remote-delete'], ['delete 1.2.0']],
		] as const)('%s', (_name, tags, phase, effects, items) => {
			const shown = verifying();
			const result = reduceRemotePlanOutcome(shown, {type: 'verified', tags: now(tags)});
			expect(result.dialog.phase).toBe(phase);
			expect(result.effects.map(effect => effect.type)).toEqual(effects);
			expect(result.dialog.plan.items.map(item => `${item.outcome.kind} ${[...item.tags].sort().join(',')}`)).toEqual(items);
			if (phase === 'running') {
				expect(result.effects[0]).toEqual({type: 'remote-delete', server: result.dialog.server, plan: result.dialog.plan});
				expect(result.dialog.plan.items[0]!.digest).toBe(digest(2));
			} else {
				expect(result.dialog.recheck).toEqual({kind: 'changed'});
				expect(result.dialog.focus).toBe('cancel');
			}
		});

		test('the new plan must be confirmed again, as drawn; that confirm reads the registry once more', () => {
			const changed = reduceRemotePlanOutcome(verifying(), {type: 'verified', tags: now({...asListed, latest: 2, '1.2.0': 2})}).dialog;
			expect(changed.plan.items.map(item => [item.outcome.kind, item.outcome.kind === 'blocked' ? item.outcome.reason : ''])).toEqual([['blocked', 'latest shares this digest: mark it too']]);
			expect(run(changed, [key('y', {}, true)]).effects).toEqual([]);
			// Nothing left to delete: y goes back to the tags, reloaded, since they are known to be old.
			expect(run(changed, [key('y')]).effects).toEqual([{type: 'browse-tags', server: '127.0.0.1:5000', repository: 'app', refresh: true}]);
			const moved = reduceRemotePlanOutcome(verifying(), {type: 'verified', tags: now({...asListed, '1.2.0': 4})}).dialog;
			const again = run(moved, [key('y')]);
			expect(again.effects).toEqual([{type: 'remote-verify', server: moved.server, plan: moved.plan}]);
			expect(reduceRemotePlanOutcome(again.dialog as RemotePlanDialog, {type: 'verified', tags: now({...asListed, '1.2.0': 4})}).effects.map(effect => effect.plan.items[0]!.digest)).toEqual([
				digest(4),
			]);
		});

		test('a registry that cannot be read again: nothing runs, the plan stays with the reason, y tries again', () => {
			const failed = reduceRemotePlanOutcome(verifying(), {type: 'verify-failed', message: '127.0.0.1:5000 failed with HTTP 503'});
			expect(failed).toMatchObject({dialog: {phase: 'plan', focus: 'cancel', recheck: {kind: 'failed', message: '127.0.0.1:5000 failed with HTTP 503'}}, effects: []});
			expect(run(failed.dialog, [key('y')]).effects.map(effect => effect.type)).toEqual(['remote-verify']);
		});

		test('keep the newest N is planned again by the same rule', () => {
			const keep = run(run(tagList(), [key('h')]).dialog!, [key('-'), key('-'), enter()]).dialog;
			if (keep?.kind !== 'remote-plan') throw new Error('no remote plan');
			expect(keep.plan.items.map(item => item.tags)).toEqual([['1.2.0']]);
			const confirmed = run(keep, [key('y')]).dialog as RemotePlanDialog;
			const sameRule = reduceRemotePlanOutcome(confirmed, {type: 'verified', tags: now(asListed)});
			expect(sameRule.effects.map(effect => effect.type)).toEqual(['remote-delete']);
			// latest now names 1.2.0's digest: keeping latest keeps that digest, so nothing is deleted.
			const moved = reduceRemotePlanOutcome(confirmed, {type: 'verified', tags: now({...asListed, latest: 2})});
			expect(moved.effects).toEqual([]);
			expect(moved.dialog.plan.kept).toContainEqual({tag: '1.2.0', reason: 'shares its digest with kept latest'});
		});
	});

	test('h: keep the newest N versions, with protect patterns typed in the dialog', () => {
		const keep = run(tagList(), [key('h')]);
		expect(keep.dialog?.kind).toBe('remote-keep');
		const planned = run(keep.dialog!, [key('-'), key('-'), {paste: '1.2.*'}, enter()]);
		expect(planned.dialog?.kind === 'remote-plan' && planned.dialog.plan.items.filter(item => item.outcome.kind === 'delete')).toEqual([]);
	});

	test('a plan before every digest is known is refused with a message', () => {
		const loading = {...tagList(), tags: [{...remoteTag('1.3.0', 3), digest: null}]};
		expect(run(loading, [key('d')]).effects.map(effect => effect.type)).toEqual(['message']);
	});
});

describe('push, pull, build flows', () => {
	const hubTarget = {imageId: id('a1'), reference: 'app:1.0.0'};
	const registryTarget = {imageId: id('a3'), reference: '127.0.0.1:5000/app:1.3.0'};

	test('a push to a registry starts at once; a reference without a host asks first, on Cancel', () => {
		expect(startPush([registryTarget])).toEqual({dialog: null, effects: [{type: 'push', targets: [registryTarget]}]});
		const asked = startPush([hubTarget, registryTarget]);
		expect(asked.dialog?.kind === 'push-confirm' && asked.dialog.hub).toEqual(['app:1.0.0']);
		expect(run(asked.dialog!, [enter()]).effects).toEqual([]);
		expect(run(asked.dialog!, [key('y', {}, true)]).effects).toEqual([]);
		expect(run(asked.dialog!, [key('y')]).effects).toEqual([{type: 'push', targets: [hubTarget, registryTarget]}]);
	});

	test('the progress view: Enter leaves the operation running; Esc asks, and only y cancels it', () => {
		const view = operationDialog(7);
		const key1 = (input: string, flags: Partial<Key> = {}, onScreen = true) => flowKey(input, {...blankKey, ...flags}, onScreen);
		expect(reduceOperation(view, key1('', {return: true}), true).dialog).toBeNull();
		const asking = reduceOperation(view, key1('', {escape: true}), true).dialog as OperationDialog;
		expect(asking.confirmingCancel).toBe(true);
		expect(reduceOperation(asking, key1('', {return: true}), true).effects).toEqual([]);
		expect(reduceOperation(asking, key1('y', {}, false), true).effects).toEqual([]);
		expect(reduceOperation(asking, key1('y'), true).effects).toEqual([{type: 'cancel-operation', id: 7}]);
		// A finished operation has nothing to cancel: Esc closes its view.
		expect(reduceOperation(view, key1('', {escape: true}), false).dialog).toBeNull();
	});

	test('pull: Tab after repository: asks for its tags, then cycles through them; Enter pulls a valid reference', () => {
		const typed = run(pullDialog(), [...[...'127.0.0.1:5000/app:'].map(char => key(char)), key('', {tab: true})]);
		expect(typed.effects).toEqual([{type: 'pull-suggestions', repository: '127.0.0.1:5000/app'}]);
		const withTags = {...(typed.dialog as PullDialog), suggestions: ['1.3.0', '1.2.0', 'latest']};
		const completed = run(withTags, [key('', {tab: true}), key('', {tab: true})]);
		expect(completed.dialog?.kind === 'pull' && completed.dialog.reference).toBe('127.0.0.1:5000/app:1.2.0');
		expect(run(completed.dialog!, [enter()]).effects).toEqual([{type: 'pull', reference: '127.0.0.1:5000/app:1.2.0'}]);
		const bad = run(pullDialog('Bad:Tag!!'), [enter()]);
		expect(bad.effects).toEqual([]);
		expect(bad.dialog?.kind === 'pull' && bad.dialog.error).toMatch(/^Cannot pull "Bad:Tag!!": /);
	});

	// Tags as the registry lists them (unsorted); the repository's tags were asked by a first Tab.
	const registryTags = ['1.3.0', '2.0.0', '1.2.0', 'latest', '1.2.1'];
	const askedWith = (typed: string): PullDialog => {
		const asked = run(pullDialog(), [...[...`127.0.0.1:5000/app:${typed}`].map(char => key(char)), tab]);
		return {...(asked.dialog as PullDialog), suggestions: registryTags};
	};
	const shiftTab = key('', {tab: true, shift: true});
	test.each<[string, string, readonly Step[], string, readonly string[]]>([
		['nothing typed: every tag, in the registry’s order', '', [tab, tab], '2.0.0', registryTags],
		['a prefix: only the tags starting with it', '1.', [tab], '1.3.0', ['1.3.0', '1.2.0', '1.2.1']],
		['the next Tab: the next match, not the next tag', '1.', [tab, tab], '1.2.0', ['1.3.0', '1.2.0', '1.2.1']],
		['past the last match: back to the first', '1.', [tab, tab, tab, tab], '1.3.0', ['1.3.0', '1.2.0', '1.2.1']],
		['Shift+Tab: the match before', '1.', [tab, tab, shiftTab], '1.3.0', ['1.3.0', '1.2.0', '1.2.1']],
		['a longer prefix', '1.2', [tab, tab], '1.2.1', ['1.2.0', '1.2.1']],
		['typing after a completion starts from what is there now', '1.', [tab, tab, key('.'), key('1'), tab], '1.2.0.1', []],
		['deleting after a completion narrows to the text shown', '1.', [tab, tab, key('', {backspace: true}), tab, tab], '1.2.1', ['1.2.0', '1.2.1']],
		['no tag matches: Tab leaves the text as typed', '9', [tab, tab], '9', []],
	])('pull: Tab cycles through the tags matching what was typed after repository: (%s)', (_name, typed, steps, tag, hinted) => {
		const after = run(askedWith(typed), steps).dialog as PullDialog;
		expect(after.reference).toBe(`127.0.0.1:5000/app:${tag}`);
		expect(pullMatches(after)).toEqual(hinted);
	});

	test('build: the tag is prefilled with the next version; Enter builds; a missing tag is refused', () => {
		const dialog = buildDialog('/src', 'app', selectRepositories(state.images));
		expect(dialog.tag).toBe('app:1.3.1');
		expect(run(dialog, [enter()]).effects).toEqual([{type: 'build', context: '/src', dockerfile: 'Dockerfile', reference: 'app:1.3.1'}]);
		const untagged = run({...dialog, tag: 'app'}, [enter()]);
		expect(untagged.effects).toEqual([]);
		expect(run(dialog, [enter(true)]).effects).toEqual([]);
	});

	test('quit while operations run asks first; only y quits', () => {
		const dialog: QuitDialog = {kind: 'quit', active: 2, focus: 'cancel'};
		expect(run(dialog, [enter()]).dialog).toBeNull();
		expect(run(dialog, [enter()]).effects).toEqual([]);
		expect(run(dialog, [key('y')]).effects).toEqual([{type: 'quit'}]);
	});
});

describe('release flow', () => {
	const dialog = () => releaseDialog('127.0.0.1:5000/app', id('a3'), '1.3.0', ['1.2.0', '1.3.0', 'latest'], '/src');

	test('opens on Cancel with the next minor version; every step is listed before it runs', () => {
		const opened = dialog();
		expect(releaseVersion(opened)).toBe('1.4.0');
		expect(run(opened, [enter()]).dialog).toBeNull();
		const chosen = run(opened, [key('3'), key('f')]).dialog as ReleaseDialog;
		expect(releaseVersion(chosen)).toBe('2.0.0');
		expect(releaseSteps(chosen).map(step => step.label)).toEqual([
			`tag 1.3.0 (${id('a3').slice(0, 12)}) as 127.0.0.1:5000/app:2.0.0`,
			'push 127.0.0.1:5000/app:2.0.0',
			'move 127.0.0.1:5000/app:latest to 2.0.0',
			'push 127.0.0.1:5000/app:latest',
		]);
		expect(run(opened, [key('b')]).dialog?.kind === 'release' && releaseSteps(run(opened, [key('b')]).dialog as ReleaseDialog)[0]!.label).toBe('build /src as 127.0.0.1:5000/app:1.4.0');
	});

	test('y on the drawn dialog runs from the first step; typed ahead it runs nothing', () => {
		expect(run(dialog(), [key('y', {}, true)]).effects).toEqual([]);
		const started = run(dialog(), [key('y')]);
		expect(started.effects.map(effect => effect.type === 'release' && effect.from)).toEqual([0]);
		expect(started.dialog?.kind === 'release' && started.dialog.phase).toBe('running');
	});

	test('the steps run with the release confirmed: the chosen version, image and floating tag, and what an earlier step released', () => {
		const started = run(run(dialog(), [key('3'), key('f')]).dialog!, [key('y')]);
		const shown = started.dialog as ReleaseDialog;
		expect(started.effects).toEqual([
			{
				type: 'release',
				from: 0,
				job: {
					repository: shown.repository,
					version: '2.0.0',
					sourceImageId: id('a3'),
					context: shown.context,
					floating: 'latest',
					releasedImageId: null,
					steps: shown.steps.map(({kind, label}) => ({kind, label})),
				},
			},
		]);
		const failed: ReleaseDialog = {...shown, phase: 'failed', releasedImageId: id('a3'), steps: shown.steps.map((step, index) => ({...step, state: index === 0 ? 'done' : 'failed'}))};
		expect(run(failed, [key('r')]).effects).toMatchObject([{type: 'release', from: 1, job: {releasedImageId: id('a3')}}]);
	});

	test('Esc while running asks to stop between steps; r after a failure retries that step only', () => {
		const running = run(dialog(), [key('y')]).dialog as ReleaseDialog;
		expect((run(running, [esc]).dialog as ReleaseDialog).stopRequested).toBe(true);
		const failed: ReleaseDialog = {...running, phase: 'failed', steps: running.steps.map((step, index) => ({...step, state: index === 0 ? 'done' : index === 1 ? 'failed' : 'pending'}))};
		const retried = run(failed, [key('r')]);
		expect(retried.effects.map(effect => effect.type === 'release' && effect.from)).toEqual([1]);
	});
});
