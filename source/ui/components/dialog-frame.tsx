import type {ReactNode} from 'react';
import {Box} from 'ink';
import {Text} from './text';
import {useApp} from '../store-context';
import type {PlanLine} from '../../view/plan-text';

export type DialogFrameProps = {
	readonly title: string;
	readonly height: number;
	readonly lines: readonly PlanLine[];
	readonly scroll: number;
	readonly footer: ReactNode;
	readonly tone?: 'danger' | 'accent';
};

/** A bordered box with a scrolling body: the only shape dialogs take, so they read alike. */
export function DialogFrame({title, height, lines, scroll, footer, tone = 'accent'}: DialogFrameProps) {
	const {theme} = useApp();
	const footerRows = 3;
	const bodyRows = Math.max(1, height - 2 - 1 - footerRows);
	const top = Math.max(0, Math.min(scroll, lines.length - bodyRows));
	const shown = lines.slice(top, top + bodyRows);
	const colors = {ok: theme.ok, warn: theme.warn, danger: theme.danger, muted: theme.muted, plain: undefined};
	return (
		<Box flexDirection="column" height={height} borderStyle="round" borderColor={tone === 'danger' ? theme.danger : theme.accent} paddingX={1}>
			<Text bold wrap="truncate">
				{title}
				{lines.length > bodyRows ? `  (${top + 1}-${top + shown.length} of ${lines.length}, j/k scroll)` : ''}
			</Text>
			<Box flexDirection="column" height={bodyRows}>
				{shown.map((line, index) => (
					<Text key={top + index} color={colors[line.tone]} wrap="truncate">
						{line.text}
					</Text>
				))}
			</Box>
			<Box flexDirection="column" height={footerRows}>
				{footer}
			</Box>
		</Box>
	);
}

export function Buttons({focus, confirmLabel}: {readonly focus: 'confirm' | 'cancel'; readonly confirmLabel: string}) {
	return (
		<Text>
			<Text inverse={focus === 'confirm'} bold>{` ${confirmLabel} `}</Text>
			{'  '}
			<Text inverse={focus === 'cancel'}>{' Cancel '}</Text>
			{'   y confirm · n/Esc cancel · Tab switch'}
		</Text>
	);
}
