// The operation runner with a fake clock: work is a promise the test settles by hand, so queue
// order, cancellation and the pace of progress updates are checked without waiting.
import {afterEach, beforeEach, describe, expect, test, vi} from 'vitest';
import type {StreamLine} from '../../source/domain/transfer-progress';
import {TransferError} from '../../source/engine/transfer';
import {createOperationRunner, type OperationOutcome, type OperationReport} from '../../source/services/operations';
import {initialState, reducer} from '../../source/state/reducer';
import type {Store} from '../../source/state/store';
import {createAppStore} from '../../source/ui/dialogs/dialog-table';
import type {StoreAction} from '../../source/state/types';

type Job = {
	readonly signal: AbortSignal;
	readonly report: OperationReport;
	resolve: (outcome: OperationOutcome) => void;
	reject: (error: unknown) => void;
};

let store: Store;
let actions: StoreAction[];
/** Work started, in the order the runner started it, by title. */
let jobs: Map<string, Job>;
let started: string[];

beforeEach(() => {
	vi.useFakeTimers({now: 1_000_000});
	const inner = createAppStore(initialState({host: 'unix:///test.sock', columns: 100, rows: 30, now: Date.now()}));
	actions = [];
	store = {...inner, dispatch: action => (actions.push(action), inner.dispatch(action))};
	jobs = new Map();
	started = [];
});

afterEach(() => {
	vi.useRealTimers();
});

/** Work that waits for the test to settle it; an abort rejects it as the engine calls do. */
function work(title: string) {
	return (signal: AbortSignal, report: OperationReport) =>
		new Promise<OperationOutcome>((resolve, reject) => {
			started.push(title);
			jobs.set(title, {signal, report, resolve, reject});
			signal.addEventListener('abort', () => reject(new TransferError({kind: 'aborted', message: 'cancelled'})));
		});
}

/** Lets settled promises run their callbacks. */
const settle = () => vi.advanceTimersByTimeAsync(0);
const states = () => store.getState().operations.map(operation => `${operation.title}:${operation.state}`);
const operation = (id: number) => store.getState().operations.find(entry => entry.id === id)!;
const progressUpdates = () => actions.filter(action => action.type === 'operation-update' && 'progress' in action.patch && action.patch.state === undefined).length;

describe('queue', () => {
	test('at most two run at once; the third waits and starts when one finishes', async () => {
		const runner = createOperationRunner(store);
		runner.start('push', 'a', work('a'));
		runner.start('pull', 'b', work('b'));
		runner.start('push', 'c', work('c'));
		await settle();
		expect(states()).toEqual(['a:running', 'b:running', 'c:queued']);
		expect(runner.active()).toEqual({running: 2, queued: 1});
		expect(started).toEqual(['a', 'b']);
		jobs.get('b')!.resolve({digest: null});
		await settle();
		expect(states()).toEqual(['a:running', 'b:done', 'c:running']);
		expect(runner.active()).toEqual({running: 2, queued: 0});
	});

	test('queued work starts in the order it was queued', async () => {
		const runner = createOperationRunner(store, 1);
		for (const title of ['a', 'b', 'c', 'd']) runner.start('push', title, work(title));
		for (const title of ['a', 'b', 'c', 'd']) {
			await settle();
			jobs.get(title)!.resolve({});
		}
		await settle();
		expect(started).toEqual(['a', 'b', 'c', 'd']);
		expect(states()).toEqual(['a:done', 'b:done', 'c:done', 'd:done']);
		expect(runner.active()).toEqual({running: 0, queued: 0});
	});

	test('ids are returned in order and name the operation in the store', () => {
		const runner = createOperationRunner(store);
		const ids = [runner.start('push', 'a', work('a')), runner.start('build', 'b', work('b'))];
		expect(ids).toEqual([1, 2]);
		expect(operation(2)).toMatchObject({kind: 'build', title: 'b', error: null, digest: null, imageId: null});
	});
});

describe('cancel', () => {
	test('a queued operation never starts', async () => {
		const runner = createOperationRunner(store, 1);
		runner.start('push', 'a', work('a'));
		const queued = runner.start('push', 'b', work('b'));
		runner.cancel(queued);
		expect(runner.active()).toEqual({running: 1, queued: 0});
		await settle();
		jobs.get('a')!.resolve({});
		await settle();
		expect(started).toEqual(['a']);
		expect(operation(queued)).toMatchObject({state: 'cancelled', error: {kind: 'aborted'}});
	});

	test('a running operation is aborted, ends cancelled, and the next one starts', async () => {
		const runner = createOperationRunner(store, 1);
		const id = runner.start('push', 'a', work('a'));
		runner.start('pull', 'b', work('b'));
		await settle();
		runner.cancel(id);
		expect(jobs.get('a')!.signal.aborted).toBe(true);
		await settle();
		expect(states()).toEqual(['a:cancelled', 'b:running']);
		expect(operation(id).error).toEqual({kind: 'aborted', message: 'cancelled'});
	});

	test('a cancel that arrives after the work finished changes nothing', async () => {
		const runner = createOperationRunner(store);
		const id = runner.start('push', 'a', work('a'));
		await settle();
		jobs.get('a')!.resolve({digest: 'sha256:' + 'a'.repeat(64)});
		await settle();
		runner.cancel(id);
		await settle();
		expect(operation(id).state).toBe('done');
		expect(jobs.get('a')!.signal.aborted).toBe(false);
	});
});

describe('outcomes', () => {
	test('done with the digest and image ID the work returned', async () => {
		const runner = createOperationRunner(store);
		const id = runner.start('build', 'a', work('a'));
		await settle();
		jobs.get('a')!.resolve({digest: null, imageId: 'f'.repeat(64)});
		await settle();
		expect(operation(id)).toMatchObject({state: 'done', imageId: 'f'.repeat(64), error: null});
	});

	test('without a digest from the work, the one the stream named', async () => {
		const runner = createOperationRunner(store);
		const id = runner.start('push', 'a', work('a'));
		await settle();
		jobs.get('a')!.report.line({aux: {Tag: '1', Digest: 'sha256:' + 'c'.repeat(64), Size: 739}});
		jobs.get('a')!.resolve({});
		await settle();
		expect(operation(id).digest).toBe('sha256:' + 'c'.repeat(64));
	});

	test('a transfer failure is kept as the engine classified it', async () => {
		const runner = createOperationRunner(store);
		const id = runner.start('push', 'a', work('a'));
		await settle();
		jobs.get('a')!.reject(new TransferError({kind: 'unauthorized', message: 'unauthorized: authentication required'}));
		await settle();
		expect(operation(id)).toMatchObject({state: 'failed', error: {kind: 'unauthorized', message: 'unauthorized: authentication required'}});
	});

	test('any other error fails in one line', async () => {
		const runner = createOperationRunner(store);
		const id = runner.start('build', 'a', work('a'));
		await settle();
		jobs.get('a')!.reject(new Error('the context\ncannot be read'));
		await settle();
		expect(operation(id).error).toEqual({kind: 'failed', message: 'the context cannot be read'});
	});

	test('work that throws before returning a promise fails too', async () => {
		const runner = createOperationRunner(store);
		const id = runner.start('build', 'a', () => {
			throw new Error('no Dockerfile');
		});
		await settle();
		expect(operation(id)).toMatchObject({state: 'failed', error: {kind: 'failed', message: 'no Dockerfile'}});
	});
});

describe('progress', () => {
	const pushing = (current: number): StreamLine => ({status: 'Pushing', id: '285ddeb7cfcb', progressDetail: {current, total: 50_000_000}});

	test('a thousand lines over one second reach the store at most ~10 times', async () => {
		const runner = createOperationRunner(store);
		const id = runner.start('push', 'a', work('a'));
		await settle();
		const before = progressUpdates();
		for (let ms = 1; ms <= 1000; ms++) {
			jobs.get('a')!.report.line(pushing(ms * 50_000));
			await vi.advanceTimersByTimeAsync(1);
		}
		const updates = progressUpdates() - before;
		expect(updates).toBeGreaterThanOrEqual(9);
		expect(updates).toBeLessThanOrEqual(11);
		// What the store holds is at most one interval behind the stream.
		expect(operation(id).progress.layers[0]!.current).toBeGreaterThanOrEqual(900 * 50_000);
	});

	test('a burst of lines read at once becomes one update', async () => {
		const runner = createOperationRunner(store);
		const id = runner.start('push', 'a', work('a'));
		await settle();
		const before = progressUpdates();
		for (let index = 1; index <= 200; index++) jobs.get('a')!.report.line(pushing(index * 1000));
		expect(progressUpdates() - before).toBe(0);
		await settle();
		expect(progressUpdates() - before).toBe(1);
		expect(operation(id).progress.layers).toEqual([{id: '285ddeb7cfcb', status: 'Pushing', current: 200_000, total: 50_000_000}]);
	});

	test('the final state carries the last line, even inside an interval', async () => {
		const runner = createOperationRunner(store);
		const id = runner.start('push', 'a', work('a'));
		await settle();
		jobs.get('a')!.report.line(pushing(1000));
		await settle();
		jobs.get('a')!.report.line({status: 'Pushed', id: '285ddeb7cfcb', progressDetail: {}});
		jobs.get('a')!.resolve({digest: null});
		await settle();
		expect(operation(id).state).toBe('done');
		expect(operation(id).progress.layers[0]!.status).toBe('Pushed');
		// Nothing is left to flush for a finished operation.
		const count = actions.length;
		await vi.advanceTimersByTimeAsync(500);
		expect(actions.length).toBe(count);
	});

	test('two operations share the pace: together at most ~10 rounds a second', async () => {
		const runner = createOperationRunner(store);
		runner.start('push', 'a', work('a'));
		runner.start('pull', 'b', work('b'));
		await settle();
		const before = progressUpdates();
		for (let ms = 1; ms <= 1000; ms++) {
			jobs.get('a')!.report.line(pushing(ms));
			jobs.get('b')!.report.line({status: 'Downloading', id: '7977a9b7c660', progressDetail: {current: ms, total: 5000}});
			await vi.advanceTimersByTimeAsync(1);
		}
		expect(progressUpdates() - before).toBeLessThanOrEqual(22);
	});

	test('build output goes to the log line by line; an error line too', async () => {
		const runner = createOperationRunner(store);
		const id = runner.start('build', 'a', work('a'));
		await settle();
		const {report} = jobs.get('a')!;
		report.line({stream: 'Step 1/2 : FROM busybox:sandbox\n'});
		report.line({stream: ' ---> 3f2a1b9c4d5e\nStep 2/2 : RUN false\n'});
		report.log('context: 3 files');
		report.line({error: "The command '/bin/sh -c false' returned a non-zero code: 1", errorDetail: {message: "The command '/bin/sh -c false' returned a non-zero code: 1", code: 1}});
		await settle();
		expect(operation(id).log).toEqual([
			'Step 1/2 : FROM busybox:sandbox',
			' ---> 3f2a1b9c4d5e',
			'Step 2/2 : RUN false',
			'context: 3 files',
			"The command '/bin/sh -c false' returned a non-zero code: 1",
		]);
	});

	test('a log line is kept as a terminal shows it: the last carriage-return rewrite, tabs to 8-column stops', async () => {
		const runner = createOperationRunner(store);
		const id = runner.start('build', 'a', work('a'));
		await settle();
		jobs.get('a')!.report.line({stream: 'fetch  10%\rfetch  60%\rfetch 100%\r\nStep 3/3 : CMD x\n'});
		jobs.get('a')!.report.line({stream: 'name\tsize\n\tlibc6\t12345678\tok\n'});
		await settle();
		expect(operation(id).log).toEqual(['fetch 100%', 'Step 3/3 : CMD x', 'name    size', '        libc6   12345678        ok']);
	});

	test('the log in the store does not change under its readers', async () => {
		const runner = createOperationRunner(store);
		const id = runner.start('build', 'a', work('a'));
		await settle();
		jobs.get('a')!.report.log('one');
		await settle();
		const seen = operation(id).log;
		jobs.get('a')!.report.log('two');
		expect(seen).toEqual(['one']);
	});
});

describe('reducer: operations', () => {
	const base = initialState({host: 'unix:///test.sock', columns: 100, rows: 30, now: 0});
	const added = reducer(base, {
		type: 'operation-add',
		operation: {
			id: 7,
			kind: 'pull',
			title: 'demo/app:1.0',
			state: 'queued',
			progress: {layers: [], startedAt: 0, updatedAt: 0, digest: null, messages: []},
			log: [],
			error: null,
			digest: null,
			imageId: null,
		},
	});

	test('an added operation goes last; an update patches it by id', () => {
		expect(base.operations).toEqual([]);
		const updated = reducer(added, {type: 'operation-update', id: 7, patch: {state: 'done', digest: 'sha256:' + 'd'.repeat(64)}});
		expect(updated.operations).toMatchObject([{id: 7, title: 'demo/app:1.0', state: 'done', digest: 'sha256:' + 'd'.repeat(64)}]);
	});

	test('an update for an unknown id leaves the state as it was', () => {
		expect(reducer(added, {type: 'operation-update', id: 8, patch: {state: 'done'}})).toBe(added);
	});
});
