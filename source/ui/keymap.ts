// One table from keys to commands: the key contract of CONVENTIONS.md. Dispatch, help and the
// footer all read it, so what help says is what the keys do.
import type {Key} from 'ink';
import type {FlowKey, Intent} from '../state/flows/intent';
import type {OpenFlow} from '../state/flows/open';
import type {Action, PaneId} from '../state/types';

export type Command = Action | {type: 'quit'} | {type: 'flow'; flow: OpenFlow};

export type KeyBinding = {
	/** Key names as keyName() gives them. */
	readonly keys: readonly string[];
	/** How help writes the keys. */
	readonly label: string;
	readonly help: string;
	readonly panes: readonly PaneId[];
	readonly command: Command;
	/** The word the footer shows for it, per pane; absent: help only. */
	readonly footer?: Partial<Record<PaneId, string>>;
	/**
	 * The key also works while no engine answers, and the screen that says so names it with these
	 * words; a dialog it opens says in its row that it shows then (ui/dialogs/dialog-table.ts).
	 */
	readonly withoutEngine?: string;
};

const lists: readonly PaneId[] = ['images', 'containers'];
const browsable: readonly PaneId[] = ['images', 'containers', 'registries'];
const all: readonly PaneId[] = ['images', 'containers', 'registries', 'fleet'];
const fleet: readonly PaneId[] = ['fleet'];
// Fleet keys share the lines of their kin, so help stays one screen at 80x24.
const panesHelp = 'images, containers, registries, fleet (r asks its engines again); next / previous pane';
const enterHelp = 'image: details and dependencies; container: its image; registry: browse; fleet: each engine (e: go there)';
const housekeepingHelp = 'housekeeping: prune dangling, remove unused, keep newest N, build cache (fleet: on every engine)';

export const keyBindings: readonly KeyBinding[] = [
	{keys: ['1'], label: '1-4, Tab/S-Tab', help: panesHelp, panes: all, command: {type: 'pane', pane: 'images'}},
	{keys: ['2'], label: '1-4, Tab/S-Tab', help: panesHelp, panes: all, command: {type: 'pane', pane: 'containers'}},
	{keys: ['3'], label: '1-4, Tab/S-Tab', help: panesHelp, panes: all, command: {type: 'pane', pane: 'registries'}},
	{keys: ['4'], label: '1-4, Tab/S-Tab', help: panesHelp, panes: all, command: {type: 'pane', pane: 'fleet'}},
	{keys: ['tab'], label: '1-4, Tab/S-Tab', help: panesHelp, panes: all, command: {type: 'pane-step', step: 1}},
	{keys: ['S-tab'], label: '1-4, Tab/S-Tab', help: panesHelp, panes: all, command: {type: 'pane-step', step: -1}},
	{keys: ['j', 'down'], label: 'j/k ↓/↑ g/G', help: 'move, first / last', panes: browsable, command: {type: 'move', delta: 1}},
	{keys: ['k', 'up'], label: 'j/k ↓/↑ g/G', help: 'move, first / last', panes: browsable, command: {type: 'move', delta: -1}},
	{keys: ['g'], label: 'j/k ↓/↑ g/G', help: 'move, first / last', panes: browsable, command: {type: 'move-to', where: 'first'}},
	{keys: ['G'], label: 'j/k ↓/↑ g/G', help: 'move, first / last', panes: browsable, command: {type: 'move-to', where: 'last'}},
	{keys: ['C-d'], label: 'C-d/C-u PgDn/PgUp', help: 'half page / page', panes: lists, command: {type: 'page', direction: 1, fraction: 0.5}},
	{keys: ['C-u'], label: 'C-d/C-u PgDn/PgUp', help: 'half page / page', panes: lists, command: {type: 'page', direction: -1, fraction: 0.5}},
	{keys: ['pgdn'], label: 'C-d/C-u PgDn/PgUp', help: 'half page / page', panes: lists, command: {type: 'page', direction: 1, fraction: 1}},
	{keys: ['pgup'], label: 'C-d/C-u PgDn/PgUp', help: 'half page / page', panes: lists, command: {type: 'page', direction: -1, fraction: 1}},
	{keys: ['space'], label: 'space * u', help: 'mark row, mark all visible, clear marks', panes: lists, command: {type: 'mark-toggle'}, footer: {images: 'mark', containers: 'mark'}},
	{keys: ['*'], label: 'space * u', help: 'mark row, mark all visible, clear marks', panes: lists, command: {type: 'mark-visible'}},
	{keys: ['u'], label: 'space * u', help: 'mark row, mark all visible, clear marks', panes: lists, command: {type: 'mark-clear'}},
	{
		keys: ['d'],
		label: 'd',
		help: 'delete marked (or current), always through a plan to confirm',
		panes: lists,
		command: {type: 'flow', flow: 'delete'},
		footer: {images: 'delete', containers: 'remove'},
	},
	{keys: ['x'], label: 'x / r', help: 'stop / start marked (or current) containers', panes: ['containers'], command: {type: 'flow', flow: 'stop'}, footer: {containers: 'stop'}},
	{keys: ['r'], label: 'x / r', help: 'stop / start marked (or current) containers', panes: ['containers'], command: {type: 'flow', flow: 'start'}, footer: {containers: 'start'}},
	{
		keys: ['t'],
		label: 't / U',
		help: 'tag (next semver; marks: all into a namespace) / untag (the plan says if the image goes)',
		panes: ['images'],
		command: {type: 'flow', flow: 'tag'},
		footer: {images: 'tag'},
	},
	{keys: ['U'], label: 't / U', help: 'tag (next semver; marks: all into a namespace) / untag (the plan says if the image goes)', panes: ['images'], command: {type: 'flow', flow: 'untag'}},
	{
		keys: ['v'],
		label: 'v',
		help: 'versions view: repositories, versions newest first, floating tags, containers',
		panes: ['images'],
		command: {type: 'flow', flow: 'versions'},
		footer: {images: 'versions'},
	},
	{keys: ['enter'], label: 'Enter / i', help: enterHelp, panes: browsable, command: {type: 'flow', flow: 'details'}, footer: {images: 'deps', containers: 'image', registries: 'browse'}},
	{keys: ['i'], label: 'Enter / i', help: enterHelp, panes: ['containers'], command: {type: 'flow', flow: 'image'}},
	{keys: ['p'], label: 'p P b R / O', help: 'push, pull, build, release (next version → push → latest) / operations', panes: ['images'], command: {type: 'flow', flow: 'push'}},
	{keys: ['P'], label: 'p P b R / O', help: 'push, pull, build, release (next version → push → latest) / operations', panes: all, command: {type: 'flow', flow: 'pull'}},
	{keys: ['b'], label: 'p P b R / O', help: 'push, pull, build, release (next version → push → latest) / operations', panes: ['images'], command: {type: 'flow', flow: 'build'}},
	{keys: ['R'], label: 'p P b R / O', help: 'push, pull, build, release (next version → push → latest) / operations', panes: ['images'], command: {type: 'flow', flow: 'release'}},
	{keys: ['O'], label: 'p P b R / O', help: 'push, pull, build, release (next version → push → latest) / operations', panes: all, command: {type: 'flow', flow: 'operations'}},
	{keys: ['h'], label: 'h', help: housekeepingHelp, panes: ['images'], command: {type: 'flow', flow: 'housekeeping'}, footer: {images: 'clean-up'}},
	{keys: ['a'], label: 's / a', help: 'cycle sort / show intermediate images (docker images -a)', panes: ['images'], command: {type: 'toggle-all'}},
	{keys: ['/'], label: '/', help: 'filter (Enter keeps, Esc clears)', panes: browsable, command: {type: 'filter-start'}, footer: {images: 'filter', containers: 'filter'}},
	{keys: ['l'], label: 'l / o', help: 'registries: log in (verified by the registry), log out', panes: ['registries'], command: {type: 'flow', flow: 'login'}, footer: {registries: 'login'}},
	{keys: ['o'], label: 'l / o', help: 'registries: log in (verified by the registry), log out', panes: ['registries'], command: {type: 'flow', flow: 'logout'}, footer: {registries: 'logout'}},
	{keys: ['s'], label: 's / a', help: 'cycle sort / show intermediate images (docker images -a)', panes: lists, command: {type: 'sort-cycle'}},
	{keys: ['j', 'down'], label: 'j/k ↓/↑ g/G', help: 'move, first / last', panes: fleet, command: {type: 'move', delta: 1}},
	{keys: ['k', 'up'], label: 'j/k ↓/↑ g/G', help: 'move, first / last', panes: fleet, command: {type: 'move', delta: -1}},
	{keys: ['g'], label: 'j/k ↓/↑ g/G', help: 'move, first / last', panes: fleet, command: {type: 'move-to', where: 'first'}},
	{keys: ['G'], label: 'j/k ↓/↑ g/G', help: 'move, first / last', panes: fleet, command: {type: 'move-to', where: 'last'}},
	{keys: ['C-d'], label: 'C-d/C-u PgDn/PgUp', help: 'half page / page', panes: fleet, command: {type: 'page', direction: 1, fraction: 0.5}},
	{keys: ['C-u'], label: 'C-d/C-u PgDn/PgUp', help: 'half page / page', panes: fleet, command: {type: 'page', direction: -1, fraction: 0.5}},
	{keys: ['/'], label: '/', help: 'filter (Enter keeps, Esc clears)', panes: fleet, command: {type: 'filter-start'}, footer: {fleet: 'filter'}},
	{keys: ['enter'], label: 'Enter / i', help: enterHelp, panes: fleet, command: {type: 'flow', flow: 'fleet-detail'}, footer: {fleet: 'engines'}},
	{keys: ['r'], label: '1-4, Tab/S-Tab', help: panesHelp, panes: fleet, command: {type: 'flow', flow: 'fleet-refresh'}, footer: {fleet: 'refresh'}},
	{keys: ['h'], label: 'h', help: housekeepingHelp, panes: fleet, command: {type: 'flow', flow: 'fleet-keep'}, footer: {fleet: 'keep N'}},
	{keys: ['c'], label: 'c / ? / q', help: 'switch engine (docker contexts, --host) / help / quit', panes: all, command: {type: 'flow', flow: 'contexts'}, withoutEngine: 'switch engine'},
	{
		keys: ['?'],
		label: 'c / ? / q',
		help: 'switch engine (docker contexts, --host) / help / quit',
		panes: all,
		command: {type: 'help', open: true},
		footer: {images: 'help', containers: 'help', registries: 'help', fleet: 'help'},
	},
	{
		keys: ['q'],
		label: 'c / ? / q',
		help: 'switch engine (docker contexts, --host) / help / quit',
		panes: all,
		command: {type: 'quit'},
		footer: {containers: 'quit', registries: 'quit', fleet: 'quit'},
		withoutEngine: 'quit',
	},
];

/** What keys mean in a dialog, by intent (key names as keyName() gives them). */
export type DialogKeys = {readonly [I in Intent]: readonly string[]};

/**
 * The default dialog keys. One key may mean several things: `h` switches a confirm's buttons and
 * plans keep-N in a tag list; each dialog acts on the meaning that applies to it. Every intent has
 * a row: the compiler checks it.
 */
export const dialogKeys: DialogKeys = {
	down: ['j', 'down'],
	up: ['k', 'up'],
	first: ['g'],
	last: ['G'],
	submit: ['enter'],
	back: ['esc'],
	close: ['q'],
	yes: ['y'],
	no: ['n'],
	'switch-focus': ['tab', 'S-tab', 'left', 'right', 'h', 'l'],
	'next-field': ['tab'],
	'previous-field': ['S-tab'],
	'next-choice': ['down'],
	'previous-choice': ['up'],
	'next-option': ['right'],
	'previous-option': ['left'],
	more: ['+', '='],
	fewer: ['-'],
	erase: ['backspace', 'delete'],
	'clear-field': ['C-u'],
	force: ['f'],
	'toggle-containers': ['c'],
	'toggle-build': ['b'],
	'next-floating': ['f'],
	refresh: ['r'],
	retry: ['r'],
	filter: ['/'],
	mark: ['space'],
	layers: ['l'],
	compare: ['='],
	sort: ['s'],
	'all-files': ['a'],
	'clear-marks': ['u'],
	delete: ['d'],
	keep: ['h'],
	tag: ['t'],
	release: ['R'],
	'go-to-engine': ['e'],
	operations: ['O'],
	help: ['?'],
};

export const intents = Object.keys(dialogKeys) as Intent[];

/** Each table's key → intents index, built once per table (the default one, or a remapping). */
const intentIndexes = new WeakMap<DialogKeys, ReadonlyMap<string, ReadonlySet<Intent>>>();

function intentsByKey(keys: DialogKeys): ReadonlyMap<string, ReadonlySet<Intent>> {
	const known = intentIndexes.get(keys);
	if (known) return known;
	const index = new Map<string, Set<Intent>>();
	for (const intent of intents) for (const name of keys[intent]) index.set(name, (index.get(name) ?? new Set()).add(intent));
	intentIndexes.set(keys, index);
	return index;
}

const noIntents: ReadonlySet<Intent> = new Set();

/** A terminal key as a dialog gets it: its intents in `keys` and the printable text it typed. */
export function flowKey(input: string, key: Key, onScreen: boolean, keys: DialogKeys = dialogKeys): FlowKey {
	const name = keyName(input, key);
	const text = input && !key.ctrl && !key.meta ? input : '';
	return {type: 'key', intents: (name && intentsByKey(keys).get(name)) || noIntents, text, onScreen};
}

/** The name a key event has in the table: a character, or enter, tab, S-tab, up, pgdn, C-x. */
export function keyName(input: string, key: Key): string | null {
	// Erasing keys first: with a modifier they still erase in a text field.
	if (key.backspace) return 'backspace';
	if (key.delete) return 'delete';
	if (key.ctrl) return input ? `C-${input}` : null;
	if (key.meta) return null;
	if (key.return) return 'enter';
	if (key.tab) return key.shift ? 'S-tab' : 'tab';
	if (key.escape) return 'esc';
	if (key.upArrow) return 'up';
	if (key.downArrow) return 'down';
	if (key.leftArrow) return 'left';
	if (key.rightArrow) return 'right';
	if (key.pageDown) return 'pgdn';
	if (key.pageUp) return 'pgup';
	if (input === ' ') return 'space';
	return input || null;
}

const footerSymbols: Record<string, string> = {enter: '⏎', space: 'space'};

/**
 * The stable name of what a binding does, as the config file's `keys` names it: the flow it
 * opens (delete, versions…), or a word for the movement or toggle. Derived from the command, so
 * a binding added to the table has a name without anyone writing one.
 */
export function actionName(command: Command): string {
	switch (command.type) {
		case 'flow':
			return command.flow;
		case 'pane':
			return command.pane;
		case 'pane-step':
			return command.step === 1 ? 'next-pane' : 'previous-pane';
		case 'move':
			return command.delta > 0 ? 'down' : 'up';
		case 'move-to':
			return command.where;
		case 'page':
			return `${command.fraction === 1 ? 'page' : 'half-page'}-${command.direction === 1 ? 'down' : 'up'}`;
		case 'mark-toggle':
			return 'mark';
		case 'mark-visible':
			return 'mark-all';
		case 'mark-clear':
			return 'clear-marks';
		case 'toggle-all':
			return 'intermediate';
		case 'filter-start':
			return 'filter';
		case 'sort-cycle':
			return 'sort';
		default:
			return command.type;
	}
}

export const actionNames = (table: readonly KeyBinding[] = keyBindings): string[] => [...new Set(table.map(binding => actionName(binding.command)))];

/** How help writes a key name. */
export const keyLabel = (name: string): string => ({enter: 'Enter', esc: 'Esc', tab: 'Tab', 'S-tab': 'S-Tab', pgdn: 'PgDn', pgup: 'PgUp', up: '↑', down: '↓', left: '←', right: '→'})[name] ?? name;

/** A help label with its keys renamed in one pass, so that swapping two keys ("t / U") reads right. */
const relabel = (label: string, renames: ReadonlyMap<string, string>): string => label.replace(/[^\s/,]+/g, token => renames.get(token) ?? token);

export type Remapped = {readonly ok: true; readonly bindings: readonly KeyBinding[]; readonly dialogKeys: DialogKeys} | {readonly ok: false; readonly action: string; readonly message: string};

/** Every name the config file's `keys` may use: the panes' actions and the dialogs' intents (many are both). */
export const remappableNames = (table: readonly KeyBinding[] = keyBindings): string[] => [...new Set([...actionNames(table), ...intents])];

/**
 * The tables with each named action's first key replaced (its other keys, arrows and the like,
 * stay): a name that is both a pane action and a dialog intent (down, delete, tag…) moves in both.
 * Refused when a new key would do two things in one pane or in dialogs, or when nothing would quit.
 */
export function remapBindings(table: readonly KeyBinding[], remap: Readonly<Record<string, string>>, dialogs: DialogKeys = dialogKeys): Remapped {
	const known = new Set(remappableNames(table));
	for (const action of Object.keys(remap)) if (!known.has(action)) return {ok: false, action, message: `unknown action "${action}"`};
	const renames = new Map<string, Map<string, string>>();
	for (const binding of table) {
		const to = remap[actionName(binding.command)];
		if (to === undefined) continue;
		const forLabel = renames.get(binding.label) ?? new Map<string, string>();
		forLabel.set(keyLabel(binding.keys[0]!), keyLabel(to));
		renames.set(binding.label, forLabel);
	}
	const bindings = table.map(binding => {
		const to = remap[actionName(binding.command)];
		const forLabel = renames.get(binding.label);
		const label = forLabel ? relabel(binding.label, forLabel) : binding.label;
		return to === undefined ? {...binding, label} : {...binding, label, keys: [to, ...binding.keys.slice(1).filter(key => key !== to)]};
	});
	for (const [action, key] of Object.entries(remap)) {
		const mine = bindings.filter(binding => actionName(binding.command) === action);
		for (const other of bindings) {
			const otherAction = actionName(other.command);
			if (otherAction === action || !other.keys.includes(key)) continue;
			const pane = other.panes.find(candidate => mine.some(binding => binding.panes.includes(candidate)));
			if (pane) return {ok: false, action, message: `"${key}" is already ${otherAction} in the ${pane} pane; give one of them another key`};
		}
	}
	if (!bindings.some(binding => binding.command.type === 'quit' && binding.keys.length > 0)) return {ok: false, action: 'quit', message: 'nothing would quit'};
	const remappedDialogs = remapDialogKeys(dialogs, remap);
	return 'clash' in remappedDialogs ? {ok: false, ...remappedDialogs.clash} : {ok: true, bindings, dialogKeys: remappedDialogs};
}

/**
 * The dialog table with each named intent's first key replaced. A new key may not also mean
 * another intent, unless the two shared that key already (tab is both next-field and
 * switch-focus by design): a dialog could not tell which one the user meant.
 */
function remapDialogKeys(dialogs: DialogKeys, remap: Readonly<Record<string, string>>): DialogKeys | {clash: {action: string; message: string}} {
	const remapped = Object.fromEntries(
		intents.map(intent => {
			const to = remap[intent];
			return [intent, to === undefined ? dialogs[intent] : [to, ...dialogs[intent].slice(1).filter(key => key !== to)]];
		}),
	) as Record<Intent, readonly string[]>;
	for (const intent of intents) {
		const key = remap[intent];
		if (key === undefined) continue;
		const other = intents.find(candidate => candidate !== intent && remapped[candidate].includes(key) && !(dialogs[candidate].includes(key) && dialogs[intent].includes(key)));
		if (other) return {clash: {action: intent, message: `"${key}" is already ${other} in dialogs; give one of them another key`}};
	}
	return remapped;
}

/** The tables in use: the default ones, or the config file's remapping of them, set once at start-up. */
let activeBindings: readonly KeyBinding[] = keyBindings;
let activeDialogs: DialogKeys = dialogKeys;

export function setKeyBindings(bindings: readonly KeyBinding[], dialogs: DialogKeys = dialogKeys): void {
	activeBindings = bindings;
	activeDialogs = dialogs;
}

/** The pane table set at start-up, for the input hook to hand to the router. */
export const activeKeyBindings = (): readonly KeyBinding[] => activeBindings;

/** The dialog table set at start-up: for the router, and for the views and help that name its keys. */
export const activeDialogKeys = (): DialogKeys => activeDialogs;

/** How a dialog's hint names the key of `intent`: its first key, as help writes it. */
export const intentKeyLabel = (intent: Intent, keys: DialogKeys = activeDialogs): string => keyLabel(keys[intent][0] ?? '');

/**
 * One footer hint, "keys what", with the keys in use for the intents ("j/k scroll"), so that a
 * remapped key shows as the dialog will read it.
 */
export const keyHint = (what: string, ...intents: readonly Intent[]): string => `${intents.map(intent => intentKeyLabel(intent)).join('/')} ${what}`;

/** Footer hints as the dialogs join them. */
export const keyHints = (...hints: readonly string[]): string => hints.join(' · ');

/** The few keys the footer shows for a pane, from the table; `?` lists them all. */
export function footerKeys(pane: PaneId, table: readonly KeyBinding[] = activeBindings): string {
	const extra = pane === 'registries' || pane === 'fleet' ? ['1-4 panes'] : [];
	return [...extra, ...table.filter(binding => binding.footer?.[pane]).map(binding => `${footerSymbols[binding.keys[0]!] ?? binding.keys[0]} ${binding.footer![pane]}`)].join('  ');
}

/** The keys that work while no engine answers, as its screen names them ("c switch engine"), in table order. */
export const withoutEngineHints = (table: readonly KeyBinding[] = activeBindings): string[] =>
	table.flatMap(binding => (binding.withoutEngine && binding.keys[0] ? [`${keyLabel(binding.keys[0])} ${binding.withoutEngine}`] : []));

/** Help lines: one per label, in table order. */
export function helpLines(table: readonly KeyBinding[] = activeBindings): {label: string; help: string}[] {
	const seen = new Map<string, string>();
	for (const binding of table) if (!seen.has(binding.label)) seen.set(binding.label, binding.help);
	return [...seen].map(([label, help]) => ({label, help}));
}

function bindingForKey(pane: PaneId, input: string, key: Key, table: readonly KeyBinding[]): KeyBinding | undefined {
	const name = keyName(input, key);
	if (!name) return undefined;
	return table.find(binding => binding.keys.includes(name) && binding.panes.includes(pane));
}

export function commandForKey(pane: PaneId, input: string, key: Key, table: readonly KeyBinding[] = activeBindings): Command | null {
	return bindingForKey(pane, input, key, table)?.command ?? null;
}

/** The command of a key that also works while no engine answers (`withoutEngine`), or null. */
export function commandWithoutEngine(pane: PaneId, input: string, key: Key, table: readonly KeyBinding[] = activeBindings): Command | null {
	const binding = bindingForKey(pane, input, key, table);
	return binding?.withoutEngine ? binding.command : null;
}

/** What the config file's `keys` may name, and the clash check its remapping must pass. */
export const keyConfigRules = {
	actions: remappableNames(keyBindings),
	checkKeys(keys: Readonly<Record<string, string>>): {action: string; message: string} | null {
		const remapped = remapBindings(keyBindings, keys);
		return remapped.ok ? null : {action: remapped.action, message: remapped.message};
	},
};
