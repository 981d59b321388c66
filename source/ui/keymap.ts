// One table from keys to actions: the key contract of CONVENTIONS.md. Help and the footer read it too.
import type {Key} from 'ink';
import type {Action} from '../state/types';

export type Flow = 'delete' | 'details' | 'housekeeping' | 'stop' | 'start' | 'image' | 'tag' | 'untag' | 'versions';

export type Command = Action | {type: 'quit'} | {type: 'flow'; flow: Flow};

export type KeyBinding = {readonly keys: string; readonly help: string; readonly panes: readonly string[]};

export const keyBindings: readonly KeyBinding[] = [
	{keys: '1 2 3, Tab/S-Tab', help: 'images, containers, registries', panes: ['all']},
	{keys: 'j/k ↓/↑ g/G', help: 'move, first / last', panes: ['images', 'containers']},
	{keys: 'C-d/C-u PgDn/PgUp', help: 'half page / page', panes: ['images', 'containers']},
	{keys: '/', help: 'filter (Enter keeps, Esc clears)', panes: ['images', 'containers']},
	{keys: 's', help: 'cycle sort', panes: ['images', 'containers']},
	{keys: 'a', help: 'show intermediate images (docker images -a)', panes: ['images']},
	{keys: 'space * u', help: 'mark row, mark all visible, clear marks', panes: ['images', 'containers']},
	{keys: 'Enter', help: 'image: details and dependency view; container: jump to its image', panes: ['images', 'containers']},
	{keys: 'd', help: 'delete marked (or current), always through a plan to confirm', panes: ['images', 'containers']},
	{keys: 't', help: 'tag (suggests the next semver; with marks: tag all into a namespace)', panes: ['images']},
	{keys: 'U', help: 'untag the reference under the cursor (the plan says if the image goes)', panes: ['images']},
	{keys: 'v', help: 'versions view: repositories, versions newest first, floating tags, containers', panes: ['images']},
	{keys: 'h', help: 'housekeeping: prune dangling, remove unused, keep newest N', panes: ['images']},
	{keys: 'x / r', help: 'stop / start marked (or current) containers', panes: ['containers']},
	{keys: '? / q', help: 'help / quit', panes: ['all']},
];

/** The few keys the footer shows for a pane; `?` lists them all. */
export function footerKeys(pane: string): string {
	if (pane === 'images') return 'space mark  d delete  t tag  v versions  ⏎ deps  h clean-up  / filter  ? help';
	if (pane === 'containers') return 'space mark  d remove  x stop  r start  ⏎ image  / filter  ? help  q quit';
	return '1-3 panes  ? help  q quit';
}

export function commandForKey(input: string, key: Key): Command | null {
	if (key.ctrl && input === 'd') return {type: 'page', direction: 1, fraction: 0.5};
	if (key.ctrl && input === 'u') return {type: 'page', direction: -1, fraction: 0.5};
	if (key.ctrl) return null;
	if (key.pageDown) return {type: 'page', direction: 1, fraction: 1};
	if (key.pageUp) return {type: 'page', direction: -1, fraction: 1};
	if (key.downArrow) return {type: 'move', delta: 1};
	if (key.upArrow) return {type: 'move', delta: -1};
	if (key.tab) return {type: 'pane-step', step: key.shift ? -1 : 1};
	if (key.return) return {type: 'flow', flow: 'details'};
	switch (input) {
		case '1':
			return {type: 'pane', pane: 'images'};
		case '2':
			return {type: 'pane', pane: 'containers'};
		case '3':
			return {type: 'pane', pane: 'registries'};
		case 'j':
			return {type: 'move', delta: 1};
		case 'k':
			return {type: 'move', delta: -1};
		case 'g':
			return {type: 'move-to', where: 'first'};
		case 'G':
			return {type: 'move-to', where: 'last'};
		case '/':
			return {type: 'filter-start'};
		case 's':
			return {type: 'sort-cycle'};
		case 'a':
			return {type: 'toggle-all'};
		case ' ':
			return {type: 'mark-toggle'};
		case '*':
			return {type: 'mark-visible'};
		case 'u':
			return {type: 'mark-clear'};
		case '?':
			return {type: 'help', open: true};
		case 'q':
			return {type: 'quit'};
		case 'd':
			return {type: 'flow', flow: 'delete'};
		case 'h':
			return {type: 'flow', flow: 'housekeeping'};
		case 't':
			return {type: 'flow', flow: 'tag'};
		case 'U':
			return {type: 'flow', flow: 'untag'};
		case 'v':
			return {type: 'flow', flow: 'versions'};
		case 'x':
			return {type: 'flow', flow: 'stop'};
		case 'r':
			return {type: 'flow', flow: 'start'};
		case 'i':
			return {type: 'flow', flow: 'image'};
		default:
			return null;
	}
}
