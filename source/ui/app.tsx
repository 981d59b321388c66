import {useEffect, useLayoutEffect, useRef} from 'react';
import {Box, useStdout} from 'ink';
import {Text} from './components/text';
import type {Dialog} from '../state/types';
import {ConnectionScreen} from './components/connection-screen';
import {Header} from './components/header';
import {Help} from './components/help';
import {StatusLine} from './components/status-line';
import {useInputRouter} from './input/use-input-router';
import {showsWithoutEngine} from './dialogs/dialog-table';
import {DialogView} from './dialogs/dialog-view';
import {FleetPane} from './panes/fleet-pane';
import {PaneList} from './panes/pane-list';
import {minColumns, minRows} from './screen-text';
import {useApp, useStoreState} from './store-context';

/** Follows the terminal's size; tests pass a fixed size instead. */
function useViewport(fixed: {columns: number; rows: number} | undefined) {
	const {store} = useApp();
	const {stdout} = useStdout();
	const fixedColumns = fixed?.columns;
	const fixedRows = fixed?.rows;
	useEffect(() => {
		if (fixedColumns !== undefined && fixedRows !== undefined) {
			store.dispatch({type: 'resize', columns: fixedColumns, rows: fixedRows});
			return;
		}
		const update = () => store.dispatch({type: 'resize', columns: stdout.columns || 80, rows: stdout.rows || 24});
		update();
		stdout.on('resize', update);
		return () => {
			stdout.off('resize', update);
		};
	}, [store, stdout, fixedColumns, fixedRows]);
}

/** Advances the clock for ages once a minute, on the minute. */
function useMinuteClock() {
	const {store} = useApp();
	useEffect(() => {
		let timer: NodeJS.Timeout;
		const schedule = () => {
			timer = setTimeout(
				() => {
					store.dispatch({type: 'tick', now: Date.now()});
					schedule();
				},
				60_000 - (Date.now() % 60_000),
			);
		};
		schedule();
		return () => clearTimeout(timer);
	}, [store]);
}

export function App({size}: {readonly size?: {columns: number; rows: number}}) {
	useViewport(size);
	useMinuteClock();
	const drawn = useRef<Dialog | null>(null);
	useInputRouter(drawn);
	const viewport = useStoreState(state => state.viewport);
	const connection = useStoreState(state => state.connection);
	const pane = useStoreState(state => state.pane);
	const help = useStoreState(state => state.help);
	const dialog = useStoreState(state => state.dialog);
	const tooSmall = viewport.columns < minColumns || viewport.rows < minRows;
	// Over an engine that does not answer, only a dialog whose row says so shows (the context switcher).
	const overNoEngine = connection.status !== 'ready' && dialog !== null && showsWithoutEngine(dialog);
	// A dialog under its help is not on screen: a key read then confirms nothing.
	const shown = tooSmall || help || (connection.status !== 'ready' && !overNoEngine) ? null : dialog;
	// Runs after Ink has written this frame: from now on the dialog counts as seen.
	useLayoutEffect(() => {
		drawn.current = shown;
	});
	if (tooSmall) {
		return (
			<Box flexDirection="column">
				<Text>{`Terminal too small: ${viewport.columns}x${viewport.rows}.`}</Text>
				<Text>{`dockswab needs at least ${minColumns}x${minRows}; q quits.`}</Text>
			</Box>
		);
	}
	// One line less than the terminal: a frame as tall as the terminal makes Ink clear and redraw it all.
	const height = viewport.rows - 1;
	if (overNoEngine) return help ? <Help height={height} dialog={dialog} /> : <DialogView dialog={dialog} height={height} width={viewport.columns} />;
	if (connection.status !== 'ready') return <ConnectionScreen connection={connection} height={height} />;
	return (
		<Box flexDirection="column" height={height} width={viewport.columns}>
			<Header />
			{dialog && help ? (
				<Help height={height - 4} dialog={dialog} />
			) : dialog ? (
				<DialogView dialog={dialog} height={height - 4} width={viewport.columns} />
			) : help ? (
				<Help height={height - 4} />
			) : pane === 'fleet' ? (
				<FleetPane />
			) : (
				<PaneList key={pane} pane={pane} />
			)}
			<StatusLine />
		</Box>
	);
}
