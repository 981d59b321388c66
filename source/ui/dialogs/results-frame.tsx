import {Text} from '../components/text';
import {DialogFrame} from '../components/dialog-frame';
import {keyHint} from '../keymap';
import {useApp} from '../store-context';
import type {StepResult} from '../../state/types';
import {resultLines, resultSummary} from './results-lines';

/** A dialog's last phase: what each step came to, under its title with the counts. */
export function ResultsFrame({
	title,
	results,
	height,
	scroll = 0,
	close = 'close',
}: {
	readonly title: string;
	readonly results: readonly StepResult[];
	readonly height: number;
	readonly scroll?: number;
	readonly close?: string;
}) {
	const {theme} = useApp();
	return (
		<DialogFrame
			title={`${title}: ${resultSummary(results)}`}
			height={height}
			lines={resultLines(results)}
			scroll={scroll}
			footer={<Text color={theme.muted}>{keyHint(close, 'submit', 'back')}</Text>}
		/>
	);
}
