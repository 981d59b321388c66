// Background operations (push, pull, build): a queue with bounded concurrency, one AbortController
// per operation, and progress handed to the store at most ~10 times a second however fast the
// engine streams, so drawing never competes with the transfer.
import {applyStreamLine, emptyProgress, type StreamLine, type TransferFailure, type TransferProgress} from '../domain/transfer-progress';
import {TransferError} from '../engine/transfer';
import type {Store} from '../state/store';
import type {Operation, OperationKind} from '../state/types';

export type OperationReport = {
	/** One line of the engine's stream: layer progress, or build output for the log. */
	readonly line: (line: StreamLine) => void;
	readonly log: (text: string) => void;
};
export type OperationOutcome = {readonly digest?: string | null; readonly imageId?: string | null};
export type OperationWork = (signal: AbortSignal, report: OperationReport) => Promise<OperationOutcome>;

export type OperationRunner = {
	/** Queues work; at most `concurrency` run at once. Returns the operation id. */
	start(kind: OperationKind, title: string, work: OperationWork): number;
	/** A queued operation is dropped; a running one is aborted. */
	cancel(id: number): void;
	/** Running + queued count, for the status bar and the quit confirmation. */
	active(): {running: number; queued: number};
};

/** At most ten progress updates a second reach the store. */
export const progressInterval = 100;
/**
 * A log line as a terminal would end up showing it, not with \r and \t escapes (the screen shows
 * control characters as escapes): a build step's progress rewrites its line with carriage returns
 * (curl, apt, pip), so the last rewrite is kept; tabs become spaces to the next 8-column stop.
 */
function asTerminalShows(line: string): string {
	const last =
		line
			.split('\r')
			.filter(part => part !== '')
			.at(-1) ?? '';
	return last.includes('\t') ? last.replace(/[^\t]*\t/g, cell => cell.slice(0, -1).padEnd((Math.floor((cell.length - 1) / 8) + 1) * 8)) : last;
}

/** A long build log keeps its end; the start scrolls away. */
const maxLogLines = 5000;

type Queued = {readonly id: number; readonly work: OperationWork};
type Running = {
	readonly controller: AbortController;
	progress: TransferProgress;
	log: string[];
	/** Changed since the store last saw it. */
	dirty: boolean;
};

function describeFailure(error: unknown): TransferFailure {
	if (error instanceof TransferError) return error.failure;
	const text = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
	return {kind: 'failed', message: text || 'failed without a message'};
}

export function createOperationRunner(store: Pick<Store, 'dispatch'>, concurrency = 2): OperationRunner {
	let nextId = 1;
	const queue: Queued[] = [];
	const running = new Map<number, Running>();
	let lastFlush = Number.NEGATIVE_INFINITY;
	let timer: ReturnType<typeof setTimeout> | null = null;

	const flush = () => {
		timer = null;
		lastFlush = Date.now();
		for (const [id, entry] of running) {
			if (!entry.dirty) continue;
			entry.dirty = false;
			// A copy: the store's state must not change under its readers.
			store.dispatch({type: 'operation-update', id, patch: {progress: entry.progress, log: [...entry.log]}});
		}
	};

	const changed = (entry: Running) => {
		entry.dirty = true;
		// A timer even when due now: a burst of lines read in one chunk becomes one update.
		if (timer === null) timer = setTimeout(flush, Math.max(0, lastFlush + progressInterval - Date.now()));
	};

	const appendLog = (entry: Running, text: string) => {
		entry.log.push(
			...text
				.replace(/\r?\n$/, '')
				.split(/\r?\n/)
				.map(asTerminalShows),
		);
		if (entry.log.length > maxLogLines) entry.log.splice(0, entry.log.length - maxLogLines);
	};

	const report = (entry: Running): OperationReport => ({
		line(line) {
			if (line.stream !== undefined) appendLog(entry, line.stream);
			else if (line.error && !line.id) appendLog(entry, line.errorDetail?.message ?? line.error);
			entry.progress = applyStreamLine(entry.progress, line, Date.now());
			changed(entry);
		},
		log(text) {
			appendLog(entry, text);
			changed(entry);
		},
	});

	const finish = (id: number, entry: Running, patch: Partial<Operation>) => {
		running.delete(id);
		entry.dirty = false;
		store.dispatch({type: 'operation-update', id, patch: {progress: entry.progress, log: [...entry.log], ...patch}});
		pump();
	};

	const run = ({id, work}: Queued) => {
		const entry: Running = {controller: new AbortController(), progress: emptyProgress(Date.now()), log: [], dirty: false};
		running.set(id, entry);
		store.dispatch({type: 'operation-update', id, patch: {state: 'running', progress: entry.progress}});
		const {signal} = entry.controller;
		Promise.resolve()
			.then(() => work(signal, report(entry)))
			.then(
				outcome => finish(id, entry, {state: 'done', digest: outcome.digest ?? entry.progress.digest, imageId: outcome.imageId ?? null}),
				(error: unknown) => {
					if (signal.aborted) finish(id, entry, {state: 'cancelled', error: {kind: 'aborted', message: 'cancelled'}});
					else finish(id, entry, {state: 'failed', error: describeFailure(error)});
				},
			);
	};

	const pump = () => {
		while (running.size < concurrency && queue.length > 0) run(queue.shift()!);
	};

	return {
		start(kind, title, work) {
			const id = nextId++;
			store.dispatch({type: 'operation-add', operation: {id, kind, title, state: 'queued', progress: emptyProgress(Date.now()), log: [], error: null, digest: null, imageId: null}});
			queue.push({id, work});
			pump();
			return id;
		},
		cancel(id) {
			const waiting = queue.findIndex(entry => entry.id === id);
			if (waiting >= 0) {
				queue.splice(waiting, 1);
				store.dispatch({type: 'operation-update', id, patch: {state: 'cancelled', error: {kind: 'aborted', message: 'cancelled before it started'}}});
				return;
			}
			running.get(id)?.controller.abort();
		},
		active: () => ({running: running.size, queued: queue.length}),
	};
}
