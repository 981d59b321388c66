// The engine's event stream, reconnected with backoff when it breaks.
import {StringDecoder} from 'node:string_decoder';
import type Docker from 'dockerode';

export type EngineEvent = {readonly type: string; readonly action: string; readonly id: string; readonly time: number};

/**
 * Actions that change what the image and container lists show; others (exec, health, mount) are
 * noise here. Docker's names first, then Podman's compat socket's own: it says `remove` where
 * Docker says `destroy`, `build` for a new image, `cleanup` and `stop` around an exit, and
 * `init`, `checkpoint`, `restore`, `exited`, `died` for state changes Docker does not name.
 */
const listChanging = new Set([
	'tag',
	'untag',
	'delete',
	'pull',
	'import',
	'load',
	'commit',
	'create',
	'start',
	'die',
	'destroy',
	'rename',
	'pause',
	'unpause',
	'update',
	'restart',
	'kill',
	'stop',
	'remove',
	'build',
	'cleanup',
	'init',
	'checkpoint',
	'restore',
	'exited',
	'died',
	'prune',
]);

export function changesLists(event: EngineEvent): boolean {
	const action = event.action.split(':')[0]!;
	return listChanging.has(action);
}

export function parseEventLine(line: string): EngineEvent | null {
	try {
		const raw = JSON.parse(line) as {Type?: string; Action?: string; status?: string; id?: string; Actor?: {ID?: string}; time?: number};
		return {type: raw.Type ?? '', action: raw.Action ?? raw.status ?? '', id: raw.Actor?.ID ?? raw.id ?? '', time: raw.time ?? 0};
	} catch {
		return null;
	}
}

export type EventWatcher = {stop: () => void};

export type EventWatcherHandlers = {
	/**
	 * Called once the stream is open (first time and after each reconnect). `replaying`: the
	 * stream was opened from `since`, so the engine sends again what happened after that time and
	 * nothing was missed; otherwise events before this moment are lost and the lists may be stale.
	 */
	onOpen: (replaying: boolean) => void;
	onEvent: (event: EngineEvent) => void;
	onBroken: (error: unknown) => void;
};

export type EventWatcherOptions = {
	/**
	 * Engine time (unix seconds) the first stream starts from: the engine replays what happened
	 * since then. Reconnects start from their own moment: events during a break are lost.
	 */
	since?: number;
};

/**
 * Watches image and container events. After a break it reconnects with exponential backoff
 * (0.25 s … 5 s); the caller re-lists on each onOpen that is not replaying, since events during
 * the gap are lost.
 */
export function watchEvents(docker: Docker, handlers: EventWatcherHandlers, options: EventWatcherOptions = {}): EventWatcher {
	let stopped = false;
	// Only the first attempt replays: once it failed, the lists may miss more than a replay gives.
	let since = options.since;
	let stream: NodeJS.ReadableStream | null = null;
	let retryTimer: NodeJS.Timeout | null = null;
	let delay = 250;

	const scheduleReconnect = (error: unknown) => {
		if (stopped || retryTimer) return;
		stream = null;
		handlers.onBroken(error);
		retryTimer = setTimeout(() => {
			retryTimer = null;
			void open();
		}, delay);
		delay = Math.min(delay * 2, 5000);
	};

	const open = async () => {
		const from = since;
		since = undefined;
		try {
			const filters: Docker.GetEventsOptions['filters'] = {type: ['image', 'container']};
			// Whole seconds, earlier rather than later: an event replayed twice costs one re-list.
			const opened = (await docker.getEvents(from === undefined ? {filters} : {filters, since: Math.floor(from)})) as NodeJS.ReadableStream;
			if (stopped) {
				(opened as unknown as {destroy?: () => void}).destroy?.();
				return;
			}
			stream = opened;
			delay = 250;
			let buffer = '';
			// A chunk may end inside a line and inside a character: both wait for the next one.
			const decoder = new StringDecoder('utf8');
			opened.on('data', (chunk: Buffer) => {
				buffer += decoder.write(chunk);
				let newline = buffer.indexOf('\n');
				while (newline >= 0) {
					const event = parseEventLine(buffer.slice(0, newline));
					buffer = buffer.slice(newline + 1);
					if (event) handlers.onEvent(event);
					newline = buffer.indexOf('\n');
				}
			});
			// A cut connection may only close the stream, without 'end' or 'error'; a late signal
			// from a stream already replaced is ignored.
			const broken = (error: unknown) => stream === opened && scheduleReconnect(error);
			opened.on('end', () => broken(new Error('event stream ended')));
			opened.on('close', () => broken(new Error('event stream closed')));
			opened.on('error', broken);
			handlers.onOpen(from !== undefined);
		} catch (error) {
			scheduleReconnect(error);
		}
	};

	void open();
	return {
		stop() {
			stopped = true;
			if (retryTimer) clearTimeout(retryTimer);
			(stream as unknown as {destroy?: () => void} | null)?.destroy?.();
		},
	};
}
