import {keyHint, keyHints} from '../keymap';
import {Text} from '../components/text';
import {countNoun, formatBytes, shortId} from '../../domain/format';
import {registryLabel} from '../../view/registry-label';
import {browseRows} from '../../state/flows/registries';
import {fieldTail} from '../../state/flows/text-field';
import type {BrowseDialog, LoginDialog, LogoutDialog, RemoteKeepDialog, RemotePlanDialog} from '../../state/flows/registries-types';
import type {RemoteTag} from '../../domain/registry-types';
import {remotePlanLines, remotePlanTotals} from '../../view/remote-plan-text';
import {ResultsFrame} from './results-frame';
import {wrapText, type PlanLine} from '../../view/plan-text';
import {Buttons, DialogFrame} from '../components/dialog-frame';
import {TextField} from '../components/text-field';
import {useApp} from '../store-context';

export function LoginView({dialog, height, width}: {readonly dialog: LoginDialog; readonly height: number; readonly width: number}) {
	const {theme} = useApp();
	const room = width - 4 - 12;
	const field = (name: LoginDialog['field'], value: string): PlanLine => ({
		text: `${name.padEnd(10)}  ${fieldTail(value, room)}${dialog.field === name && dialog.phase === 'edit' ? '█' : ''}`,
		tone: dialog.field === name ? 'plain' : 'muted',
	});
	const lines: PlanLine[] = [
		field('server', dialog.server),
		field('username', dialog.username),
		// The password is drawn as dots: its length, never its characters.
		field('password', '•'.repeat([...dialog.password].length)),
		{text: ' ', tone: 'plain'},
		{text: 'Checked against the registry itself, then stored where the docker CLI stores it.', tone: 'muted'},
	];
	if (dialog.outcome) lines.push({text: `✓ ${dialog.outcome}`, tone: 'ok'});
	const footer =
		dialog.phase === 'verifying' ? (
			<Text>{`checking with ${dialog.server}…`}</Text>
		) : dialog.phase === 'done' ? (
			<Text color={theme.muted}>{keyHint('close', 'submit', 'back')}</Text>
		) : (
			<>
				{dialog.error ? (
					<Text color={theme.danger} wrap="truncate">
						{dialog.error}
					</Text>
				) : (
					<Text> </Text>
				)}
				<Text color={theme.muted}>Tab/↓ next field · Enter on password logs in · Esc cancel</Text>
			</>
		);
	return <DialogFrame title={`Log in${dialog.server ? ` to ${registryLabel(dialog.server)}` : ''}`} height={height} lines={lines} scroll={0} footer={footer} />;
}

export function LogoutView({dialog, height}: {readonly dialog: LogoutDialog; readonly height: number}) {
	const {theme} = useApp();
	const lines: PlanLine[] = [
		{text: `server       ${registryLabel(dialog.server)}`, tone: 'plain'},
		{text: `user         ${dialog.user ?? '(kept by the helper)'}`, tone: 'plain'},
		{text: `credentials  ${dialog.store}`, tone: 'plain'},
		{text: ' ', tone: 'plain'},
		{text: 'Removes the stored credential, for dockswab and the docker CLI alike.', tone: 'warn'},
	];
	if (dialog.outcome) lines.push({text: dialog.outcome, tone: 'ok'});
	const footer =
		dialog.phase === 'done' ? (
			<Text color={theme.muted}>{keyHint('close', 'submit', 'back')}</Text>
		) : dialog.phase === 'running' ? (
			<Text>logging out…</Text>
		) : (
			<>
				<Text> </Text>
				<Text> </Text>
				<Buttons focus={dialog.focus} confirmLabel="Log out" />
			</>
		);
	return <DialogFrame title={`Log out of ${registryLabel(dialog.server)}`} height={height} lines={lines} scroll={0} footer={footer} tone="danger" />;
}

function tagLine(tag: RemoteTag, cursor: boolean, marked: boolean): PlanLine {
	const pointer = `${cursor ? '›' : ' '}${marked ? '*' : ' '}`;
	if (tag.error) return {text: `${pointer} ${tag.tag.padEnd(20)} ${tag.error}`, tone: 'danger'};
	if (!tag.digest) return {text: `${pointer} ${tag.tag.padEnd(20)} …`, tone: 'muted'};
	const size = tag.size === null ? '-' : formatBytes(tag.size);
	const created = tag.created ? tag.created.slice(0, 19).replace('T', ' ') : '-';
	return {text: `${pointer} ${tag.tag.padEnd(20)} ${shortId(tag.digest)}  ${size.padStart(8)}  ${created}  ${tag.platforms.join(', ')}`, tone: cursor ? 'ok' : marked ? 'warn' : 'plain'};
}

export function BrowseView({dialog, height, width}: {readonly dialog: BrowseDialog; readonly height: number; readonly width: number}) {
	const {theme} = useApp();
	const rows = browseRows(dialog);
	const body = Math.max(1, height - 6);
	const scroll = Math.max(0, dialog.cursor - body + 2);
	const server = registryLabel(dialog.server);
	const title = dialog.repository === null ? `${server}: repositories` : `${server}/${dialog.repository}: tags, newest version first`;
	const repositories = (count: number) => `${count} ${count === 1 ? 'repository' : 'repositories'}`;
	const progress = dialog.loading
		? dialog.repository === null
			? `loading… ${repositories(dialog.repositories.length)} (${countNoun(dialog.pages, 'page')})`
			: `loading… ${countNoun(dialog.tags.length, 'tag')}`
		: dialog.repository === null
			? repositories(rows.length)
			: countNoun(rows.length, 'tag');
	const lines: PlanLine[] =
		dialog.repository === null
			? rows.map((name, index) => ({text: `${index === dialog.cursor ? '›' : ' '} ${name}`, tone: index === dialog.cursor ? 'ok' : 'plain'}))
			: dialog.tags.map((tag, index) => tagLine(tag, index === dialog.cursor, dialog.marks.has(tag.tag)));
	if (dialog.noCatalog && dialog.repository === null) lines.unshift({text: 'This registry lists no repositories (no catalog): type one.', tone: 'muted'});
	const cut = dialog.repository === null ? dialog.repositoriesCut : dialog.tagsCut;
	if (cut) lines.unshift(...wrapText(cut, width - 4).map(text => ({text, tone: 'warn' as const})));
	// An error is said in full, wrapped: it names what to fix (a CA file, a login).
	if (dialog.error) lines.unshift(...wrapText(dialog.error, width - 4).map(text => ({text, tone: 'danger' as const})));
	const keys =
		dialog.repository === null
			? dialog.noCatalog
				? keyHints(keyHint('open', 'submit'), keyHint('back', 'back'))
				: keyHints(keyHint('move', 'down', 'up'), keyHint('tags', 'submit'), keyHint('filter', 'filter'), keyHint('refresh', 'refresh'), keyHint('back', 'back'))
			: keyHints(keyHint('mark', 'mark'), keyHint('delete', 'delete'), keyHint('keep newest N', 'keep'), keyHint('refresh', 'refresh'), keyHint('repositories', 'back'));
	const footer = (
		<>
			<Text color={theme.muted}>{dialog.error ? 'r tries again' : progress}</Text>
			{dialog.filtering ? (
				<TextField label="/" value={dialog.filter} width={width - 4} />
			) : dialog.noCatalog && dialog.repository === null ? (
				<TextField label="repository: " value={dialog.typed} width={width - 4} />
			) : (
				<Text color={theme.muted}>{dialog.filter ? `filter: ${fieldTail(dialog.filter, 30)}` : ' '}</Text>
			)}
			<Text color={theme.muted}>{keys}</Text>
		</>
	);
	return <DialogFrame title={title} height={height} lines={lines} scroll={scroll} footer={footer} />;
}

export function RemotePlanView({dialog, height, width}: {readonly dialog: RemotePlanDialog; readonly height: number; readonly width: number}) {
	const {theme} = useApp();
	if (dialog.phase === 'done') return <ResultsFrame title={dialog.title} results={dialog.results} height={height} scroll={dialog.scroll} close="back to the tags (reloaded)" />;
	const deletes = dialog.plan.items.filter(item => item.outcome.kind === 'delete').length;
	const footer =
		dialog.phase === 'running' || dialog.phase === 'verifying' ? (
			<Text>{dialog.phase === 'running' ? 'deleting from the registry…' : 'reading the registry again before deleting… (Esc cancels)'}</Text>
		) : (
			<>
				<Text wrap="truncate">{remotePlanTotals(dialog.plan)}</Text>
				<Text color={theme.muted}>The registry deletes by digest: every tag on a digest goes with it.</Text>
				<Buttons focus={dialog.focus} confirmLabel={deletes > 0 ? `Delete ${deletes} digest${deletes === 1 ? '' : 's'}` : 'Nothing to do'} />
			</>
		);
	const lines = [...recheckLines(dialog.recheck, width - 4), ...remotePlanLines(dialog.plan, width - 4)];
	return <DialogFrame title={dialog.title} height={height} lines={lines} scroll={dialog.scroll} footer={footer} tone="danger" />;
}

/** Why a confirm did not delete: said above the plan, which is the one the next confirm runs. */
function recheckLines(recheck: RemotePlanDialog['recheck'], width: number): PlanLine[] {
	if (!recheck) return [];
	const text =
		recheck.kind === 'changed'
			? 'The registry changed since its tags were read. Nothing was deleted: this is the plan now.'
			: `Nothing was deleted: the registry could not be read again (${recheck.message}). y tries again.`;
	return [...wrapText(text, width).map(line => ({text: line, tone: 'danger' as const})), {text: ' ', tone: 'plain'}];
}

export function RemoteKeepView({dialog, height, width}: {readonly dialog: RemoteKeepDialog; readonly height: number; readonly width: number}) {
	const {theme} = useApp();
	const versions = dialog.tags.length;
	const lines: PlanLine[] = [
		{text: `${dialog.server}/${dialog.repository}: ${versions} tag${versions === 1 ? '' : 's'}`, tone: 'muted'},
		{text: `keep the newest ${dialog.keep} versions (semver order; other tags such as dev are never selected)`, tone: 'plain'},
		{text: ' ', tone: 'plain'},
		{text: 'Protected tags (never selected; comma separated, * and ? match):', tone: 'muted'},
	];
	const footer = (
		<>
			<TextField label="protect: " value={dialog.protect} width={width - 4} />
			<Text> </Text>
			<Text color={theme.muted}>{keyHints(keyHint('versions to keep', 'more', 'fewer'), keyHint('show the plan', 'submit'), keyHint('back', 'back'))}</Text>
		</>
	);
	return <DialogFrame title={`Keep the newest versions of ${dialog.repository}`} height={height} lines={lines} scroll={0} footer={footer} />;
}
