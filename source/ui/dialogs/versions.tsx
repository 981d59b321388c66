import {keyHint, keyHints} from '../keymap';
import {Text} from '../components/text';
import {shortId} from '../../domain/format';
import type {VersionRow} from '../../domain/version-rows';
import {selectVersionRows} from '../../state/selectors';
import type {VersionsDialog} from '../../state/flows/menus-types';
import {DialogFrame} from '../components/dialog-frame';
import {useApp, useStoreState} from '../store-context';
import type {PlanLine} from '../../view/plan-text';

export function versionLines(rows: readonly VersionRow[], cursor: number, marked: readonly string[] = []): PlanLine[] {
	return rows.map((row, index) => {
		if (row.kind === 'repository') return {text: `${row.repository}  (${row.versions} version${row.versions === 1 ? '' : 's'})`, tone: 'muted'};
		// A mark takes the place of the space after the pointer: unmarked rows read as before.
		const pointer = `${index === cursor ? '›' : ' '}${marked.includes(`${row.repository}:${row.tag}`) ? '*' : ' '}`;
		const floating = row.floating.length > 0 ? ` ← ${row.floating.join(', ')}` : '';
		const runs = [...row.running.map(name => `${name} (running)`), ...row.stopped.map(name => `${name} (stopped)`)].join(', ');
		return {
			text: `${pointer}${row.tag.padEnd(14)} ${shortId(row.imageId)}${floating.padEnd(18)} ${runs}`,
			tone: index === cursor ? 'ok' : row.running.length > 0 ? 'plain' : 'plain',
		};
	});
}

export function VersionsView({dialog, height}: {readonly dialog: VersionsDialog; readonly height: number}) {
	const {theme} = useApp();
	const rows = useStoreState(state => selectVersionRows(state.images, state.containers));
	const body = Math.max(1, height - 6);
	const scroll = Math.max(0, dialog.cursor - body + 2);
	return (
		<DialogFrame
			title="Versions by repository, newest first"
			height={height}
			lines={versionLines(
				rows,
				dialog.cursor,
				dialog.marked.map(mark => mark.reference),
			)}
			scroll={scroll}
			footer={
				<Text color={theme.muted}>
					{keyHints(
						keyHint('move', 'down', 'up'),
						keyHint('tag or move a tag here', 'tag'),
						keyHint('release from here', 'release'),
						keyHint('details', 'submit'),
						keyHint('mark', 'mark'),
						keyHint('what changed between two marked', 'compare'),
						keyHint('back', 'back'),
					)}
				</Text>
			}
		/>
	);
}
