// Login, logout, browsing a registry and its remote plans. Pure: the service verifies, stores,
// fetches, re-reads the registry before a delete and deletes.
import {planByRule, sameRemoteDeletes, type RemotePlanRule, type TagDigest} from '../../domain/remote-plan';
import type {BrowseDialog, LoginDialog, LogoutDialog, RemoteKeepDialog, RemotePlanDialog, BrowseReport, LoginReport, LogoutReport, RemotePlanReport} from './registries-types';
import type {PushTarget} from '../../domain/push-target';
import type {RemotePlanOutcome} from '../../domain/remote-plan';
import type {RegistryEntry} from '../../domain/registry-types';
import {decideConfirm, otherFocus} from './confirm';
import {means} from './intent';
import {stay, type FlowEvent, type FlowResult, type RemoteDeleteEffect, type DialogFlow} from './flow';
import {reduceTextField, textFieldEvent} from './text-field';

/** Browsing a registry, its keep-N question and its plans lead to one another. */
type RemoteDialog = BrowseDialog | RemoteKeepDialog | RemotePlanDialog;

export function loginDialog(server: string, username = ''): LoginDialog {
	return {kind: 'login', server, username, password: '', field: server ? (username ? 'password' : 'username') : 'server', phase: 'edit', error: null, outcome: null};
}

const loginFields: readonly LoginDialog['field'][] = ['server', 'username', 'password'];

function reduceLogin(dialog: LoginDialog, event: FlowEvent): FlowResult<LoginDialog> {
	const update = (patch: Partial<LoginDialog>) => stay({...dialog, ...patch});
	if (dialog.phase === 'verifying') return stay(dialog);
	if (dialog.phase === 'done') return event.type === 'key' && means(event, 'submit', 'back', 'close') ? stay(null) : stay(dialog);
	if (event.type === 'key') {
		const index = loginFields.indexOf(dialog.field);
		if (means(event, 'back')) return stay(null);
		if (means(event, 'next-field', 'previous-field', 'next-choice', 'previous-choice')) {
			const step = means(event, 'previous-field', 'previous-choice') ? -1 : 1;
			return update({field: loginFields[(index + step + loginFields.length) % loginFields.length]!});
		}
		if (means(event, 'submit')) {
			if (dialog.field !== 'password') return update({field: loginFields[index + 1]!});
			if (!event.onScreen) return stay(dialog);
			const missing = loginFields.find(field => dialog[field].trim() === '');
			if (missing) return update({field: missing, error: `Type the ${missing} first.`});
			return stay({...dialog, phase: 'verifying', error: null}, {type: 'login', server: dialog.server.trim(), username: dialog.username.trim(), password: dialog.password});
		}
	}
	const change = textFieldEvent(event);
	if (!change) return stay(dialog);
	const value = reduceTextField(dialog[dialog.field], change);
	return value === dialog[dialog.field] ? stay(dialog) : update({[dialog.field]: value, error: null});
}

/**
 * What verifying and storing the credential came to: a login a refused push led to pushes again;
 * a refusal or a failure asks for the password again.
 */
function reportLogin(dialog: LoginDialog, report: LoginReport): LoginDialog | FlowResult<LoginDialog> {
	if (report.type === 'stored') {
		const outcome = `logged in to ${report.server} as ${report.username} (${report.auth} auth); stored in ${report.store}`;
		const done: LoginDialog = {...dialog, phase: 'done', password: '', outcome};
		return dialog.retryPush && dialog.retryPush.length > 0 ? stay(done, {type: 'push', targets: dialog.retryPush}) : done;
	}
	const error = report.type === 'refused' ? `Login refused: ${report.message}` : `Could not log in: ${report.message}`;
	return {...dialog, phase: 'edit', field: 'password', password: '', error};
}

/** The login a push refused for want of credentials leads to; a successful login pushes `target` again. */
export function loginToPush(server: string, message: string, target: PushTarget): LoginDialog {
	return {...loginDialog(server), error: `${server}: ${message}. Log in to push ${target.reference}.`, retryPush: [target]};
}

export function logoutDialog(registry: RegistryEntry): LogoutDialog {
	return {kind: 'logout', server: registry.server, user: registry.user, store: registry.store, focus: 'cancel', phase: 'confirm', outcome: null};
}

function reduceLogout(dialog: LogoutDialog, event: FlowEvent): FlowResult<LogoutDialog> {
	if (dialog.phase === 'running' || event.type === 'paste') return stay(dialog);
	if (dialog.phase === 'done') return means(event, 'submit', 'back', 'close') ? stay(null) : stay(dialog);
	const decision = decideConfirm(dialog.focus, event);
	if (decision === 'cancel') return stay(null);
	if (decision === 'switch') return stay({...dialog, focus: otherFocus(dialog.focus)});
	return decision === 'confirm' ? stay({...dialog, phase: 'running'}, {type: 'logout', server: dialog.server}) : stay(dialog);
}

function reportLogout(dialog: LogoutDialog, report: LogoutReport): LogoutDialog {
	const outcome =
		report.type === 'failed' ? `✗ could not log out: ${report.message}` : report.removed ? `✓ logged out of ${report.server}: credential removed` : `nothing was stored for ${report.server}`;
	return {...dialog, phase: 'done', outcome};
}

export function browseDialog(server: string): FlowResult<BrowseDialog> {
	const dialog: BrowseDialog = {
		kind: 'browse',
		server,
		repository: null,
		repositories: [],
		tags: [],
		loading: true,
		pages: 0,
		repositoriesCut: null,
		tagsCut: null,
		error: null,
		noCatalog: false,
		cursor: 0,
		filter: '',
		filtering: false,
		typed: '',
		marks: new Set(),
	};
	return stay(dialog, {type: 'browse-repositories', server, refresh: false});
}

/** The rows the browse view lists now: repositories (filtered) or tags. */
export function browseRows(dialog: BrowseDialog): readonly string[] {
	if (dialog.repository !== null) return dialog.tags.map(tag => tag.tag);
	const needle = dialog.filter.trim().toLowerCase();
	return needle ? dialog.repositories.filter(name => name.toLowerCase().includes(needle)) : dialog.repositories;
}

function openRepository(dialog: BrowseDialog, repository: string): FlowResult<RemoteDialog> {
	return stay<BrowseDialog>(
		{...dialog, repository, tags: [], tagsCut: null, loading: true, error: null, cursor: 0, marks: new Set()},
		{type: 'browse-tags', server: dialog.server, repository, refresh: false},
	);
}

function reduceBrowse(dialog: BrowseDialog, event: FlowEvent, protect: readonly string[]): FlowResult<RemoteDialog> {
	const update = (patch: Partial<BrowseDialog>) => stay({...dialog, ...patch});
	const typing = dialog.filtering ? 'filter' : dialog.repository === null && dialog.noCatalog ? 'typed' : null;
	if (typing) {
		if (event.type === 'key' && means(event, 'submit')) {
			if (typing === 'filter') return update({filtering: false});
			const name = dialog.typed.trim();
			return name ? openRepository(dialog, name) : stay(dialog);
		}
		if (event.type === 'key' && means(event, 'back')) return typing === 'filter' ? update({filtering: false, filter: '', cursor: 0}) : stay(null);
		const change = textFieldEvent(event);
		if (!change) return stay(dialog);
		const value = reduceTextField(dialog[typing], change);
		return value === dialog[typing] ? stay(dialog) : update(typing === 'filter' ? {filter: value, cursor: 0} : {typed: value});
	}
	if (event.type === 'paste') return stay(dialog);
	const rows = browseRows(dialog);
	if (means(event, 'back', 'close')) {
		if (dialog.repository === null || means(event, 'close')) return stay(null);
		const back = Math.max(0, browseRows({...dialog, repository: null}).indexOf(dialog.repository));
		return update({repository: null, tags: [], loading: false, error: null, cursor: back});
	}
	if (means(event, 'down')) return update({cursor: Math.min(rows.length - 1, dialog.cursor + 1)});
	if (means(event, 'up')) return update({cursor: Math.max(0, dialog.cursor - 1)});
	if (means(event, 'first')) return update({cursor: 0});
	if (means(event, 'last')) return update({cursor: Math.max(0, rows.length - 1)});
	if (means(event, 'filter') && dialog.repository === null) return update({filtering: true});
	if (means(event, 'refresh')) {
		if (dialog.repository === null)
			return stay({...dialog, repositories: [], pages: 0, repositoriesCut: null, loading: true, error: null, cursor: 0}, {type: 'browse-repositories', server: dialog.server, refresh: true});
		return stay({...dialog, tags: [], tagsCut: null, loading: true, error: null}, {type: 'browse-tags', server: dialog.server, repository: dialog.repository, refresh: true});
	}
	if (means(event, 'submit') && dialog.repository === null && rows[dialog.cursor]) return openRepository(dialog, rows[dialog.cursor]!);
	if (dialog.repository !== null) return reduceTagList(dialog, dialog.repository, event, protect);
	return stay(dialog);
}

/**
 * What the registry answered for the list on screen: the repositories (`repository` null) or one
 * repository's tags of the dialog's server. An answer for a list no longer shown is dropped; a
 * listing that needs a login leads to the login for that server.
 */
export function reportBrowse(dialog: BrowseDialog, report: BrowseReport): BrowseDialog | LoginDialog {
	const repository = 'repository' in report ? report.repository : null;
	if (dialog.server !== report.server || dialog.repository !== repository) return dialog;
	switch (report.type) {
		case 'repositories-page':
			return {...dialog, repositories: report.repositories, pages: report.pages};
		case 'repositories':
			return {...dialog, repositories: report.repositories, pages: report.pages ?? dialog.pages, repositoriesCut: report.cut, loading: false};
		case 'no-catalog':
			return {...dialog, loading: false, noCatalog: true};
		case 'tags-listed':
			return {...dialog, tags: report.tags, tagsCut: report.cut};
		case 'tags-progress':
			return {...dialog, tags: report.tags};
		case 'tags':
			return {...dialog, tags: report.tags, tagsCut: report.cut, loading: false};
		case 'failed':
			return {...dialog, loading: false, error: report.message};
		case 'auth-needed': {
			const what = report.repository === null ? 'its repositories' : `the tags of ${report.repository}`;
			return {...loginDialog(report.server), error: `${report.server} asks for a login to list ${what}.`};
		}
	}
}

/** Tags with their digests, once every one is known: a remote plan needs them all. */
function tagDigests(dialog: BrowseDialog): TagDigest[] | null {
	if (dialog.loading || dialog.tags.some(tag => !tag.digest)) return null;
	return dialog.tags.map(tag => ({tag: tag.tag, digest: tag.digest!, children: tag.children}));
}

/** Why no plan yet: digests still on their way, or a read that failed (which no wait would end). */
function notYet(dialog: BrowseDialog): FlowResult<RemoteDialog> {
	const failed = dialog.loading ? [] : dialog.tags.filter(tag => !tag.digest && tag.error !== null);
	const text =
		failed.length > 0
			? `the digest of ${failed.length === 1 ? failed[0]!.tag : `${failed.length} tags`} could not be read (${failed[0]!.error}); a remote plan needs them all: r reads them again`
			: 'the digests are still loading; a remote plan needs them all';
	return stay(dialog, {type: 'message', message: {kind: 'error', text}});
}

function remotePlanDialog(server: string, repository: string, title: string, tags: readonly TagDigest[], rule: RemotePlanRule, back: BrowseDialog): RemotePlanDialog {
	return {kind: 'remote-plan', server, title, plan: planByRule(repository, tags, rule), rule, recheck: null, focus: 'cancel', phase: 'plan', results: [], scroll: 0, back};
}

/** Space marks tags, d plans deleting the marked (or current) ones, h plans keeping the newest N. */
function reduceTagList(dialog: BrowseDialog, repository: string, event: FlowEvent & {type: 'key'}, protect: readonly string[]): FlowResult<RemoteDialog> {
	const current = dialog.tags[dialog.cursor]?.tag;
	if (means(event, 'mark') && current) {
		const marks = new Set(dialog.marks);
		if (marks.has(current)) marks.delete(current);
		else marks.add(current);
		return stay({...dialog, marks, cursor: Math.min(dialog.tags.length - 1, dialog.cursor + 1)});
	}
	if (means(event, 'clear-marks')) return stay<BrowseDialog>({...dialog, marks: new Set()});
	if (means(event, 'delete') && current) {
		const tags = tagDigests(dialog);
		if (!tags) return notYet(dialog);
		const selected = dialog.marks.size > 0 ? [...dialog.marks] : [current];
		const title = `Delete ${selected.length} tag${selected.length === 1 ? '' : 's'} from ${dialog.server}/${repository}`;
		return stay(remotePlanDialog(dialog.server, repository, title, tags, {kind: 'delete', selected, protect}, dialog));
	}
	if (means(event, 'keep')) {
		const tags = tagDigests(dialog);
		if (!tags) return notYet(dialog);
		const keep: RemoteKeepDialog = {kind: 'remote-keep', server: dialog.server, repository, tags, keep: 3, protect: protect.join(', '), back: dialog};
		return stay(keep);
	}
	return stay(dialog);
}

export const protectPatterns = (typed: string): string[] =>
	typed
		.split(',')
		.map(pattern => pattern.trim())
		.filter(Boolean);

function reduceRemoteKeep(dialog: RemoteKeepDialog, event: FlowEvent): FlowResult<RemoteDialog> {
	if (event.type === 'key') {
		if (means(event, 'back')) return stay(dialog.back);
		if (means(event, 'previous-choice', 'more')) return stay({...dialog, keep: dialog.keep + 1});
		if (means(event, 'next-choice', 'fewer')) return stay({...dialog, keep: Math.max(1, dialog.keep - 1)});
		if (means(event, 'submit')) {
			const rule: RemotePlanRule = {kind: 'keep-newest', keep: dialog.keep, protect: protectPatterns(dialog.protect)};
			return stay(remotePlanDialog(dialog.server, dialog.repository, `Keep the newest ${dialog.keep} versions of ${dialog.server}/${dialog.repository}`, dialog.tags, rule, dialog.back));
		}
	}
	const change = textFieldEvent(event);
	if (!change) return stay(dialog);
	const protect = reduceTextField(dialog.protect, change);
	return protect === dialog.protect ? stay(dialog) : stay({...dialog, protect});
}

/** Back to the tag list, reloaded: the registry is the truth after a delete, or after a re-check found it changed. */
function backToTags(dialog: RemotePlanDialog, reload: boolean): FlowResult<RemoteDialog> {
	const {back} = dialog;
	if (!reload || back.repository === null) return stay(back);
	return stay<BrowseDialog>({...back, tags: [], tagsCut: null, loading: true, marks: new Set(), cursor: 0}, {type: 'browse-tags', server: back.server, repository: back.repository, refresh: true});
}

function reduceRemotePlan(dialog: RemotePlanDialog, event: FlowEvent): FlowResult<RemoteDialog> {
	if (dialog.phase === 'running' || event.type === 'paste') return stay(dialog);
	// After a re-check the tag list behind this plan is known to be old, or may be.
	const stale = dialog.recheck !== null;
	// While the registry is read again only backing out counts; its answer for this dialog is then dropped.
	if (dialog.phase === 'verifying') return decideConfirm(dialog.focus, event) === 'cancel' ? backToTags(dialog, stale) : stay(dialog);
	if (means(event, 'down')) return stay({...dialog, scroll: dialog.scroll + 1});
	if (means(event, 'up')) return stay({...dialog, scroll: Math.max(0, dialog.scroll - 1)});
	if (dialog.phase === 'done') return means(event, 'submit', 'back', 'close') ? backToTags(dialog, true) : stay(dialog);
	const decision = decideConfirm(dialog.focus, event);
	if (decision === 'cancel') return backToTags(dialog, stale);
	if (decision === 'switch') return stay({...dialog, focus: otherFocus(dialog.focus)});
	if (decision !== 'confirm') return stay(dialog);
	if (!dialog.plan.items.some(item => item.outcome.kind === 'delete')) return backToTags(dialog, stale);
	// The plan came from a list read earlier (and cached): tags may have moved since. Nothing is
	// deleted until the registry has been read again and gives the same plan.
	const verifying: RemotePlanDialog = {...dialog, phase: 'verifying'};
	return stay(verifying, {type: 'remote-verify', server: dialog.server, plan: dialog.plan});
}

/**
 * The same plan from the registry as it is now runs (with the digests just read); a different
 * one replaces the plan on screen and runs only after a new confirm of what the user now sees.
 */
export function reduceRemotePlanOutcome(dialog: RemotePlanDialog, outcome: RemotePlanOutcome): {readonly dialog: RemotePlanDialog; readonly effects: readonly RemoteDeleteEffect[]} {
	if (outcome.type === 'deleted') return {dialog: {...dialog, phase: 'done', results: outcome.results}, effects: []};
	if (outcome.type === 'verify-failed') return {dialog: {...dialog, phase: 'plan', focus: 'cancel', recheck: {kind: 'failed', message: outcome.message}}, effects: []};
	const plan = planByRule(dialog.plan.repository, outcome.tags, dialog.rule);
	if (!sameRemoteDeletes(dialog.plan, plan)) return {dialog: {...dialog, plan, phase: 'plan', focus: 'cancel', scroll: 0, recheck: {kind: 'changed'}}, effects: []};
	const running: RemotePlanDialog = {...dialog, plan, phase: 'running'};
	return {dialog: running, effects: [{type: 'remote-delete', server: running.server, plan}]};
}

/**
 * The outcome for the plan on screen, through the same rule as above: the plan the service was
 * given, in the phase that asked (a re-read while verifying, deletes while running). One for a plan
 * no longer shown is dropped; every plan made or re-made is a new object.
 */
const reportRemotePlan = (dialog: RemotePlanDialog, report: RemotePlanReport): FlowResult<RemoteDialog> =>
	dialog.plan === report.plan && dialog.phase === (report.outcome.type === 'deleted' ? 'running' : 'verifying') ? reduceRemotePlanOutcome(dialog, report.outcome) : stay(dialog);

export const loginFlow = {reduce: reduceLogin, report: reportLogin} satisfies DialogFlow<LoginDialog, LoginReport>;
export const logoutFlow = {reduce: reduceLogout, report: reportLogout} satisfies DialogFlow<LogoutDialog, LogoutReport>;
export const browseFlow = {reduce: (dialog, event, state) => reduceBrowse(dialog, event, state.protect), report: reportBrowse} satisfies DialogFlow<BrowseDialog, BrowseReport>;
export const remoteKeepFlow = {reduce: reduceRemoteKeep} satisfies DialogFlow<RemoteKeepDialog>;
export const remotePlanFlow = {reduce: reduceRemotePlan, report: reportRemotePlan} satisfies DialogFlow<RemotePlanDialog, RemotePlanReport>;
