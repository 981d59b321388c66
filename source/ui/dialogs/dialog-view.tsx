// Draws the open dialog with the view in its kind's row of the dialog table.
import type {Dialog, DialogKind} from '../../state/dialog-kinds';
import {dialogTable, type DialogViewOf} from './dialog-table';

export function DialogView({dialog, height, width}: {readonly dialog: Dialog; readonly height: number; readonly width: number}) {
	// The row is the one for this dialog's kind; TypeScript cannot pair the two through the index.
	const View = dialogTable[dialog.kind].View as DialogViewOf<DialogKind>;
	return <View dialog={dialog} height={height} width={width} />;
}
