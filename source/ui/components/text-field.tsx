import {Text} from './text';
import stringWidth from 'string-width';
import {fieldTail} from '../../state/flows/text-field';

/** A label and a value on one line, never wrapped: the value's end and the caret stay in view. */
export function TextField({label, value, width, caret = true, color}: {readonly label: string; readonly value: string; readonly width: number; readonly caret?: boolean; readonly color?: string}) {
	const room = Math.max(4, width - stringWidth(label) - 1);
	return (
		<Text color={color} wrap="truncate">
			{label}
			{fieldTail(value, room)}
			{caret ? '█' : ''}
		</Text>
	);
}
