// The first frame written before Ink is loaded must be the frame Ink then draws, byte for byte:
// otherwise Ink's first frame rewrites lines (bytes over SSH) or, worse, the screen changes.
import {EventEmitter} from 'node:events';
import chalk from 'chalk';
import {render} from 'ink';
import {afterEach, beforeEach, expect, test, vi} from 'vitest';
import {firstFrameLines} from '../../source/terminal/first-frame';
import {initialState} from '../../source/state/reducer';
import type {Store} from '../../source/state/store';
import {createAppStore} from '../../source/ui/dialogs/dialog-table';
import type {Action} from '../../source/state/types';
import {App} from '../../source/ui/app';
import {keyBindings, remapBindings, setKeyBindings} from '../../source/ui/keymap';
import {AppContext} from '../../source/ui/store-context';
import {createTheme, type Theme} from '../../source/ui/theme';
import {FrameWriter} from '../../source/terminal/frame-writer';
import {containers, image, images, now} from '../fixtures/scene';

class Terminal extends EventEmitter {
	frames: string[] = [];
	isTTY = true;
	constructor(
		readonly columns: number,
		readonly rows: number,
	) {
		super();
	}
	write = (frame: string) => {
		this.frames.push(frame);
		return true;
	};
}

class Keyboard extends EventEmitter {
	isTTY = true;
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
	read = () => null;
}

const services = new Proxy({}, {get: () => () => undefined});

/** Ink's first frame for this store, drawn as cli does (debug mode, whole frames handed over). */
function inkFirstFrame(store: Store, theme: Theme, columns: number, rows: number): string[] {
	const terminal = new Terminal(columns, rows);
	const instance = render(
		<AppContext.Provider value={{store, theme, services: services as never}}>
			<App />
		</AppContext.Provider>,
		{stdout: terminal as never, stdin: new Keyboard() as never, debug: true, exitOnCtrlC: false, patchConsole: false},
	);
	instance.unmount();
	return terminal.frames[0]!.split('\n');
}

function storeWith(columns: number, rows: number, actions: Action[]): Store {
	const store = createAppStore(initialState({host: 'unix:///var/run/docker.sock', columns, rows, now}));
	for (const action of actions) store.dispatch(action);
	return store;
}

const connected = (list = images): Action => ({type: 'connected', host: 'unix:///var/run/docker.sock', engineVersion: '20.10.24', apiVersion: '1.41', product: 'Docker', images: list, containers});
const many = Array.from({length: 60}, (_, index) => image(`m${index}`, [`bulk/app-${index}:1.${index}.0`], {created: now / 1000 - index * 3600}));

let level: typeof chalk.level;
beforeEach(() => {
	// A terminal's colours (source/terminal-colors.ts raises chalk's level); vitest's stdout is a pipe.
	level = chalk.level;
	chalk.level = 1;
});
afterEach(() => {
	chalk.level = level;
	setKeyBindings(keyBindings);
});

test.each([
	['80x24, colours', 80, 24, {}],
	['160x48, colours', 160, 48, {}],
	['80x24, NO_COLOR', 80, 24, {NO_COLOR: '1'}],
	['60x12, the smallest screen', 60, 12, {}],
	['120x40, NO_COLOR', 120, 40, {NO_COLOR: '1'}],
])('the first frame is the frame Ink draws: %s', (_name, columns, rows, env) => {
	const theme = createTheme(env);
	for (const list of [images, many, []]) {
		const store = storeWith(columns, rows, [connected(list), {type: 'registries', registries: [], configPath: '/c/config.json'}]);
		const lines = firstFrameLines(store.getState(), theme);
		expect(lines).not.toBeNull();
		expect(lines).toEqual(inkFirstFrame(store, theme, columns, rows));
	}
});

test('a name with escape sequences is drawn with visible escapes, as Ink draws it', () => {
	const theme = createTheme({});
	const hostile = [image('e1', ['evil\u001B]0;OWNED-TITLE\u0007\u202E:1']), ...images];
	const store = storeWith(120, 30, [connected(hostile)]);
	const lines = firstFrameLines(store.getState(), theme);
	expect(lines).toEqual(inkFirstFrame(store, theme, 120, 30));
	const text = lines!.join('\n');
	expect(text).toContain('evil\\x1b]0;OWNED-TITLE\\x07\\u202e');
	// The only escapes left are chalk's styles.
	expect(text.replace(/\u001B\[[\d;]*m/g, '')).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202E]/);
});

test('the config file’s sort order and remapped keys are in the first frame as in Ink’s', () => {
	const remapped = remapBindings(keyBindings, {delete: 'X'});
	expect(remapped).toMatchObject({ok: true});
	if (remapped.ok) setKeyBindings(remapped.bindings);
	const theme = createTheme({});
	const store = storeWith(100, 30, [{type: 'settings', protect: [], imageSortIndex: 1}, connected(many)]);
	const lines = firstFrameLines(store.getState(), theme)!;
	expect(lines.at(-1)).toContain('X delete');
	expect(lines).toEqual(inkFirstFrame(store, theme, 100, 30));
});

test('states it does not draw are left to Ink: not connected, a terminal too small', () => {
	const theme = createTheme({});
	expect(firstFrameLines(storeWith(80, 24, []).getState(), theme)).toBeNull();
	expect(firstFrameLines(storeWith(50, 24, [connected()]).getState(), theme)).toBeNull();
	expect(firstFrameLines(storeWith(80, 10, [connected()]).getState(), theme)).toBeNull();
});

test('without colour support (chalk level 0, TERM=dumb) both are plain text, and still the same', () => {
	chalk.level = 0;
	const theme = createTheme({});
	const store = storeWith(80, 24, [connected()]);
	const lines = firstFrameLines(store.getState(), theme)!;
	expect(lines.join('')).not.toContain('\u001B');
	expect(lines).toEqual(inkFirstFrame(store, theme, 80, 24));
});

test('a character that may take two cells (here in the host name) leaves the first frame to Ink', () => {
	const theme = createTheme({});
	const store = createAppStore(initialState({host: 'ssh://ビルド@example', columns: 80, rows: 24, now}));
	store.dispatch({...connected(), host: 'ssh://ビルド@example'} as Action);
	expect(firstFrameLines(store.getState(), theme)).toBeNull();
});

test('drawn through the same FrameWriter, the first frame leaves Ink’s first frame nothing to send', async () => {
	const theme = createTheme({});
	const store = storeWith(100, 30, [connected(many)]);
	const terminal = new Terminal(100, 30);
	const frames = new FrameWriter(terminal);
	frames.write(firstFrameLines(store.getState(), theme)!.join('\n'));
	expect(terminal.frames).toHaveLength(1);
	const instance = render(
		<AppContext.Provider value={{store, theme, services: services as never}}>
			<App />
		</AppContext.Provider>,
		{stdout: frames as never, stdin: new Keyboard() as never, debug: true, exitOnCtrlC: false, patchConsole: false},
	);
	// A key moves the cursor: then, and only then, Ink sends something (two changed rows).
	expect(terminal.frames).toHaveLength(1);
	store.dispatch({type: 'move', delta: 1} as Action);
	await vi.waitFor(() => expect(terminal.frames.length).toBeGreaterThan(1));
	instance.unmount();
	// Only the two rows whose cursor mark changed, each addressed by its row: no full redraw.
	expect(terminal.frames[1]!.match(/\u001B\[\d+;1H/g)).toHaveLength(2);
});
