// The one confirm step every action that changes the engine goes through. Dialogs open with focus
// on Cancel: Enter alone never confirms. `y`, or Enter after Tab moved the focus to the confirm
// button, confirms, and only when the dialog as it is was on screen before the key was read.
import type {FlowEvent, FlowKey} from './flow';
import {means} from './intent';
import {reduceTextField, textFieldEvent} from './text-field';

export type ConfirmFocus = 'confirm' | 'cancel';

export type ConfirmDecision = 'confirm' | 'cancel' | 'switch' | null;

export function decideConfirm(focus: ConfirmFocus, event: FlowKey): ConfirmDecision {
	if (means(event, 'back', 'no', 'close')) return 'cancel';
	if (means(event, 'switch-focus')) return 'switch';
	if (means(event, 'submit') && focus === 'cancel') return 'cancel';
	if (means(event, 'yes', 'submit')) return event.onScreen ? 'confirm' : null;
	return null;
}

export const otherFocus = (focus: ConfirmFocus): ConfirmFocus => (focus === 'confirm' ? 'cancel' : 'confirm');

export type TypedName = {readonly kind: 'edit'; readonly value: string} | {readonly kind: 'back'} | {readonly kind: 'accept'} | {readonly kind: 'none'};

/**
 * Forcing needs the user to type a name: keys and pastes edit it, Esc backs out, and Enter
 * accepts only when the dialog with that name was on screen before the key was read.
 */
export function typeName(value: string, event: FlowEvent): TypedName {
	if (event.type === 'key' && means(event, 'back')) return {kind: 'back'};
	if (event.type === 'key' && means(event, 'submit')) return event.onScreen ? {kind: 'accept'} : {kind: 'none'};
	const change = textFieldEvent(event);
	if (!change) return {kind: 'none'};
	const next = reduceTextField(value, change);
	return next === value ? {kind: 'none'} : {kind: 'edit', value: next};
}
