// The one confirm step every action that changes the engine goes through. Dialogs open with focus
// on Cancel: Enter alone never confirms. `y`, or Enter after Tab moved the focus to the confirm
// button, confirms, and only when the dialog as it is was on screen before the key was read.
import type {FlowKey} from './flow';

export type ConfirmFocus = 'confirm' | 'cancel';

export type ConfirmDecision = 'confirm' | 'cancel' | 'switch' | null;

export function decideConfirm(focus: ConfirmFocus, event: FlowKey): ConfirmDecision {
	const {input, key} = event;
	if (key.escape || input === 'n' || input === 'q') return 'cancel';
	if (key.tab || key.leftArrow || key.rightArrow || input === 'h' || input === 'l') return 'switch';
	if (key.return && focus === 'cancel') return 'cancel';
	if (input === 'y' || key.return) return event.onScreen ? 'confirm' : null;
	return null;
}

export const otherFocus = (focus: ConfirmFocus): ConfirmFocus => (focus === 'confirm' ? 'cancel' : 'confirm');
