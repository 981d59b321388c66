// Text in a column of the screen.
import {visibleText} from '../domain/visible-text';

/**
 * Fits text into a column: cut with an ellipsis, then pad. Control and bidi characters are shown
 * as escapes first (see domain/visible-text.ts), so the cut counts the columns the escapes take.
 */
export function fit(text: string, width: number, alignRight = false): string {
	if (width <= 0) return '';
	const shown = visibleText(text);
	const cut = shown.length > width ? `${shown.slice(0, Math.max(0, width - 1))}…` : shown;
	return alignRight ? cut.padStart(width) : cut.padEnd(width);
}
