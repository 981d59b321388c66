// What a pane is, as pure functions of the state: the Ink pane, the header's tabs, the status
// line and the first frame (source/terminal/first-frame.ts, before React and Ink load) all read it.
// A pane's keys are not repeated here: they are the key table's rows for that pane (ui/keymap.ts).
import type {State} from '../../state/types';
import type {AppServices} from '../store-context';

export type PaneSpec<Row extends {readonly key: string}> = {
	readonly title: string;
	/** What its tab counts; null while not known (the fleet before it is asked). */
	readonly count: (state: State) => number | null;
	/** The rows shown, filtered and sorted. */
	readonly rows: (state: State) => readonly Row[];
	readonly header: (state: State) => string;
	/**
	 * How a row is drawn, and whether it is dimmed. Each returns the same function while what it
	 * reads is unchanged (memoised): the store hands it to React as a snapshot.
	 */
	readonly line: (state: State) => (row: Row) => string;
	readonly dim: (state: State) => (row: Row) => boolean;
	/** What the list says when it has no rows. */
	readonly empty: (state: State) => string;
	/** The status line's summary: rows, sort, marks. */
	readonly summary: (state: State) => string;
	/** The work opening the pane starts; run by the key that opens it, never by drawing it. */
	readonly open: (services: AppServices) => void;
};
