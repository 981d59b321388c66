import {Box} from 'ink';
import {Text} from './text';
import type {ListView} from '../../state/types';
import {ListLine} from './list-line';
import {useApp} from '../store-context';

export type ListWindowProps<Row extends {key: string}> = {
	readonly header: string;
	readonly rows: readonly Row[];
	readonly view: ListView;
	readonly cursor: number;
	readonly height: number;
	readonly line: (row: Row) => string;
	readonly dim: (row: Row) => boolean;
	readonly empty: string;
};

/** A column header and the visible window of rows: only `height` rows are ever laid out. */
export function ListWindow<Row extends {key: string}>({header, rows, view, cursor, height, line, dim, empty}: ListWindowProps<Row>) {
	const {theme} = useApp();
	const shown = rows.slice(view.top, view.top + height);
	return (
		<Box flexDirection="column" height={height + 1}>
			<Text bold wrap="truncate">{`  ${header}`}</Text>
			{shown.map((row, offset) => (
				<ListLine key={row.key} text={line(row)} cursor={view.top + offset === cursor} marked={view.marks.has(row.key)} dim={dim(row)} theme={theme} />
			))}
			{shown.length === 0 && <Text color={theme.muted} wrap="truncate">{`  ${empty}`}</Text>}
		</Box>
	);
}
