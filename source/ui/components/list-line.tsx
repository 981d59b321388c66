import {memo} from 'react';
import {Text} from './text';
import type {Theme} from '../theme';

export type ListLineProps = {
	readonly text: string;
	readonly cursor: boolean;
	readonly marked: boolean;
	readonly dim: boolean;
	readonly theme: Theme;
};

/** One row of a list as one Text node: cheap to lay out, memoised on its text and flags. */
export const ListLine = memo(function ListLine({text, cursor, marked, dim, theme}: ListLineProps) {
	const gutter = marked ? '● ' : '  ';
	return (
		<Text inverse={cursor} color={marked ? theme.marked : undefined} dimColor={dim && !cursor && !marked} wrap="truncate">
			{gutter}
			{text}
		</Text>
	);
});
