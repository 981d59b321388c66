// Login, logout and browsing a registry. Pure: the service verifies, stores and fetches.
import type {BrowseDialog, LoginDialog, LogoutDialog, RegistryEntry} from '../types';
import {decideConfirm, otherFocus} from './confirm';
import {stay, type FlowEvent, type FlowResult} from './flow';
import {reduceTextField, textFieldEvent} from './text-field';

export function loginDialog(server: string, username = ''): LoginDialog {
	return {kind: 'login', server, username, password: '', field: server ? (username ? 'password' : 'username') : 'server', phase: 'edit', error: null, outcome: null};
}

const loginFields: readonly LoginDialog['field'][] = ['server', 'username', 'password'];

export function reduceLogin(dialog: LoginDialog, event: FlowEvent): FlowResult {
	const update = (patch: Partial<LoginDialog>) => stay({...dialog, ...patch});
	if (dialog.phase === 'verifying') return stay(dialog);
	if (dialog.phase === 'done') return event.type === 'key' && (event.key.return || event.key.escape || event.input === 'q') ? stay(null) : stay(dialog);
	if (event.type === 'key') {
		const {key} = event;
		const index = loginFields.indexOf(dialog.field);
		if (key.escape) return stay(null);
		if (key.tab || key.upArrow || key.downArrow) {
			const step = (key.tab && key.shift) || key.upArrow ? -1 : 1;
			return update({field: loginFields[(index + step + loginFields.length) % loginFields.length]!});
		}
		if (key.return) {
			if (dialog.field !== 'password') return update({field: loginFields[index + 1]!});
			if (!event.onScreen) return stay(dialog);
			const missing = loginFields.find(field => dialog[field].trim() === '');
			if (missing) return update({field: missing, error: `Type the ${missing} first.`});
			return stay(
				{...dialog, phase: 'verifying', error: null},
				{type: 'login', server: dialog.server.trim(), username: dialog.username.trim(), password: dialog.password},
			);
		}
	}
	const change = textFieldEvent(event);
	if (!change) return stay(dialog);
	const value = reduceTextField(dialog[dialog.field], change);
	return value === dialog[dialog.field] ? stay(dialog) : update({[dialog.field]: value, error: null});
}

export function logoutDialog(registry: RegistryEntry): LogoutDialog {
	return {kind: 'logout', server: registry.server, user: registry.user, store: registry.store, focus: 'cancel', phase: 'confirm', outcome: null};
}

export function reduceLogout(dialog: LogoutDialog, event: FlowEvent): FlowResult {
	if (dialog.phase === 'running' || event.type === 'paste') return stay(dialog);
	if (dialog.phase === 'done') return event.key.return || event.key.escape || event.input === 'q' ? stay(null) : stay(dialog);
	const decision = decideConfirm(dialog.focus, event);
	if (decision === 'cancel') return stay(null);
	if (decision === 'switch') return stay({...dialog, focus: otherFocus(dialog.focus)});
	return decision === 'confirm' ? stay({...dialog, phase: 'running'}, {type: 'logout', server: dialog.server}) : stay(dialog);
}

export function browseDialog(server: string): FlowResult {
	const dialog: BrowseDialog = {kind: 'browse', server, repository: null, repositories: [], tags: [], loading: true, pages: 0, error: null, noCatalog: false, cursor: 0, filter: '', filtering: false, typed: ''};
	return stay(dialog, {type: 'browse-repositories', server, refresh: false});
}

/** The rows the browse view lists now: repositories (filtered) or tags. */
export function browseRows(dialog: BrowseDialog): readonly string[] {
	if (dialog.repository !== null) return dialog.tags.map(tag => tag.tag);
	const needle = dialog.filter.trim().toLowerCase();
	return needle ? dialog.repositories.filter(name => name.toLowerCase().includes(needle)) : dialog.repositories;
}

function openRepository(dialog: BrowseDialog, repository: string): FlowResult {
	return stay({...dialog, repository, tags: [], loading: true, error: null, cursor: 0}, {type: 'browse-tags', server: dialog.server, repository, refresh: false});
}

export function reduceBrowse(dialog: BrowseDialog, event: FlowEvent): FlowResult {
	const update = (patch: Partial<BrowseDialog>) => stay({...dialog, ...patch});
	const typing = dialog.filtering ? 'filter' : dialog.repository === null && dialog.noCatalog ? 'typed' : null;
	if (typing) {
		if (event.type === 'key' && event.key.return) {
			if (typing === 'filter') return update({filtering: false});
			const name = dialog.typed.trim();
			return name ? openRepository(dialog, name) : stay(dialog);
		}
		if (event.type === 'key' && event.key.escape) return typing === 'filter' ? update({filtering: false, filter: '', cursor: 0}) : stay(null);
		const change = textFieldEvent(event);
		if (!change) return stay(dialog);
		const value = reduceTextField(dialog[typing], change);
		return value === dialog[typing] ? stay(dialog) : update(typing === 'filter' ? {filter: value, cursor: 0} : {typed: value});
	}
	if (event.type === 'paste') return stay(dialog);
	const {input, key} = event;
	const rows = browseRows(dialog);
	if (key.escape || input === 'q') {
		if (dialog.repository === null || input === 'q') return stay(null);
		const back = Math.max(0, browseRows({...dialog, repository: null}).indexOf(dialog.repository));
		return update({repository: null, tags: [], loading: false, error: null, cursor: back});
	}
	if (input === 'j' || key.downArrow) return update({cursor: Math.min(rows.length - 1, dialog.cursor + 1)});
	if (input === 'k' || key.upArrow) return update({cursor: Math.max(0, dialog.cursor - 1)});
	if (input === 'g') return update({cursor: 0});
	if (input === 'G') return update({cursor: Math.max(0, rows.length - 1)});
	if (input === '/' && dialog.repository === null) return update({filtering: true});
	if (input === 'r') {
		if (dialog.repository === null) return stay({...dialog, repositories: [], pages: 0, loading: true, error: null, cursor: 0}, {type: 'browse-repositories', server: dialog.server, refresh: true});
		return stay({...dialog, tags: [], loading: true, error: null}, {type: 'browse-tags', server: dialog.server, repository: dialog.repository, refresh: true});
	}
	if (key.return && dialog.repository === null && rows[dialog.cursor]) return openRepository(dialog, rows[dialog.cursor]!);
	return stay(dialog);
}
