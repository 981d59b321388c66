// What a key means to a dialog, by name. Which keys mean what is the key table's business
// (ui/keymap.ts); a flow reads only these names and the text a key typed, never a terminal key.

export type Intent =
	// Lists and scrolling.
	| 'down'
	| 'up'
	| 'first'
	| 'last'
	// Leaving, answering, pressing the focused button.
	| 'submit'
	| 'back'
	| 'close'
	| 'yes'
	| 'no'
	| 'switch-focus'
	// Forms: fields, suggestions and options to step through.
	| 'next-field'
	| 'previous-field'
	| 'next-choice'
	| 'previous-choice'
	| 'next-option'
	| 'previous-option'
	| 'more'
	| 'fewer'
	// Text fields.
	| 'erase'
	| 'clear-field'
	// What a dialog offers beside its confirm.
	| 'force'
	| 'toggle-containers'
	| 'toggle-build'
	| 'next-floating'
	| 'refresh'
	| 'retry'
	| 'filter'
	| 'mark'
	// The layers view and the two-version diff.
	| 'layers'
	| 'compare'
	| 'sort'
	| 'all-files'
	| 'clear-marks'
	| 'delete'
	| 'keep'
	| 'tag'
	| 'release'
	| 'go-to-engine'
	| 'operations'
	// Asks for the list of what the open dialog's keys do; only when the dialog itself ignores the key.
	| 'help';

/**
 * A key as a dialog sees it: everything it means (one key may mean several things; the dialog
 * picks what applies to it), the printable text it typed ('' for Enter, arrows and the like),
 * and whether the dialog exactly as it is now was on screen before the read that brought this
 * key: keys typed ahead or pasted never confirm what the user has not seen.
 */
export type FlowKey = {readonly type: 'key'; readonly intents: ReadonlySet<Intent>; readonly text: string; readonly onScreen: boolean};

export const means = (event: FlowKey, ...wanted: readonly Intent[]): boolean => wanted.some(intent => event.intents.has(intent));
