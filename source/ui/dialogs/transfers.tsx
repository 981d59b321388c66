import {intentKeyLabel, keyHint, keyHints} from '../keymap';
import {Text} from '../components/text';
import {formatBytes, shortId} from '../../domain/format';
import {transferTotals} from '../../domain/transfer-progress';
import {layerLines} from '../../view/transfer-lines';
import {pullMatches} from '../../state/flows/transfers';
import {fieldTail} from '../../state/flows/text-field';
import type {Operation} from '../../state/types';
import type {BuildDialog, OperationDialog, OperationsDialog, PullDialog, PushConfirmDialog, QuitDialog} from '../../state/flows/transfers-types';
import type {ReleaseDialog, ReleaseStep} from '../../state/flows/release-types';
import {releaseSteps, releaseVersion} from '../../state/flows/release';
import {wrapText, type PlanLine} from '../../view/plan-text';
import {Buttons, DialogFrame} from '../components/dialog-frame';
import {useApp, useStoreState} from '../store-context';
import {isActiveOperation} from '../../state/selectors';

export function PushConfirmView({dialog, height}: {readonly dialog: PushConfirmDialog; readonly height: number}) {
	const lines: PlanLine[] = [
		{text: 'These references name no registry, so they would go to Docker Hub (docker.io):', tone: 'warn'},
		...dialog.hub.map(reference => ({text: `  ${reference}  →  docker.io/${reference.includes('/') ? reference : `library/${reference}`}`, tone: 'plain' as const})),
		{text: ' ', tone: 'plain'},
		{text: 'To push to a private registry instead, tag the image with its host first (t).', tone: 'muted'},
	];
	const others = dialog.targets.length - dialog.hub.length;
	if (others > 0) lines.push({text: `${others} other reference${others === 1 ? '' : 's'} name a registry and go there.`, tone: 'muted'});
	const footer = (
		<>
			<Text> </Text>
			<Text> </Text>
			<Buttons focus={dialog.focus} confirmLabel="Push to Docker Hub" />
		</>
	);
	return <DialogFrame title={`Push ${dialog.targets.length} reference${dialog.targets.length === 1 ? '' : 's'}`} height={height} lines={lines} scroll={0} footer={footer} />;
}

const bar = (done: number, total: number, width: number) => {
	const filled = total > 0 ? Math.round((Math.min(done, total) / total) * width) : 0;
	return `[${'#'.repeat(filled)}${' '.repeat(width - filled)}]`;
};

export function operationSummary(operation: Operation, now: number): string {
	if (operation.state === 'failed') return `failed: ${operation.error?.message ?? 'unknown error'}`;
	if (operation.state === 'cancelled') return 'cancelled';
	if (operation.state === 'queued') return 'queued';
	if (operation.state === 'done') return operation.digest ? `done · ${operation.digest}` : operation.imageId ? `done · ${shortId(operation.imageId)}` : 'done';
	const totals = transferTotals(operation.progress, now);
	if (totals.total === 0) return operation.kind === 'build' ? 'building…' : `${operation.kind === 'push' ? 'pushing' : 'pulling'}…`;
	const eta = totals.etaSeconds === null ? '' : ` · ${Math.ceil(totals.etaSeconds)} s left`;
	return `${bar(totals.done, totals.total, 20)} ${formatBytes(totals.done)} / ${formatBytes(totals.total)} · ${formatBytes(totals.rate)}/s${eta}`;
}

export function OperationView({dialog, height, width}: {readonly dialog: OperationDialog; readonly height: number; readonly width: number}) {
	const {theme} = useApp();
	const operation = useStoreState(state => state.operations.find(candidate => candidate.id === dialog.id));
	const now = useStoreState(state => state.now);
	if (!operation)
		return <DialogFrame title="Operation" height={height} lines={[{text: 'This operation is gone.', tone: 'muted'}]} scroll={0} footer={<Text color={theme.muted}>{keyHint('back', 'back')}</Text>} />;
	const body = width - 4;
	const lines: PlanLine[] =
		operation.kind === 'build'
			? operation.log.flatMap(text => wrapText(text, body).map(line => ({text: line, tone: 'plain' as const})))
			: layerLines(operation.progress, body).map(text => ({text, tone: 'plain' as const}));
	if (operation.state === 'failed' && operation.error) lines.push(...wrapText(`✗ ${operation.error.message}`, body).map(text => ({text, tone: 'danger' as const})));
	if (operation.digest) lines.push({text: `digest ${operation.digest}`, tone: 'ok'});
	const scroll = operation.kind === 'build' && dialog.scroll === 0 ? Math.max(0, lines.length - (height - 6)) : dialog.scroll;
	const active = isActiveOperation(operation);
	const footer = dialog.confirmingCancel ? (
		<>
			<Text color={theme.danger}>{`Cancel the ${operation.kind}? What was transferred stays; the ${operation.kind === 'push' ? 'tag is not pushed' : 'image is not complete'}.`}</Text>
			<Text> </Text>
			<Buttons focus={dialog.focus} confirmLabel={`Cancel the ${operation.kind}`} />
		</>
	) : (
		<>
			<Text wrap="truncate" color={operation.state === 'failed' ? theme.danger : operation.state === 'done' ? theme.ok : undefined}>
				{operationSummary(operation, now)}
			</Text>
			<Text> </Text>
			<Text color={theme.muted}>
				{active
					? keyHints(`${intentKeyLabel('submit')} leave it running (${intentKeyLabel('operations')} lists it)`, keyHint('cancel it', 'back'), keyHint('scroll', 'down', 'up'))
					: keyHints(keyHint('close', 'submit', 'back'), keyHint('scroll', 'down', 'up'))}
			</Text>
		</>
	);
	return <DialogFrame title={operation.title} height={height} lines={lines} scroll={scroll} footer={footer} tone={dialog.confirmingCancel ? 'danger' : 'accent'} />;
}

export function OperationsView({dialog, height}: {readonly dialog: OperationsDialog; readonly height: number}) {
	const {theme} = useApp();
	const operations = useStoreState(state => state.operations);
	const now = useStoreState(state => state.now);
	const newestFirst = [...operations].reverse();
	const lines: PlanLine[] = newestFirst.map((operation, index) => ({
		text: `${index === dialog.cursor ? '›' : ' '} ${operation.state.padEnd(9)} ${operation.title.padEnd(40)} ${operationSummary(operation, now)}`,
		tone: index === dialog.cursor ? 'ok' : operation.state === 'failed' ? 'danger' : 'plain',
	}));
	if (lines.length === 0) lines.push({text: 'Nothing has been pushed, pulled or built yet.', tone: 'muted'});
	return (
		<DialogFrame
			title="Operations, newest first"
			height={height}
			lines={lines}
			scroll={Math.max(0, dialog.cursor - (height - 8))}
			footer={<Text color={theme.muted}>{keyHints(keyHint('move', 'down', 'up'), keyHint('progress', 'submit'), keyHint('back', 'back'))}</Text>}
		/>
	);
}

/** A text dialog's footer: the last error (or a blank line), then its keys. */
function FieldFooter({error, keys}: {readonly error?: string | null; readonly keys: string}) {
	const {theme} = useApp();
	return (
		<>
			{error ? (
				<Text color={theme.danger} wrap="truncate">
					{error}
				</Text>
			) : (
				<Text> </Text>
			)}
			<Text> </Text>
			<Text color={theme.muted}>{keys}</Text>
		</>
	);
}

export function PullView({dialog, height, width}: {readonly dialog: PullDialog; readonly height: number; readonly width: number}) {
	const matches = pullMatches(dialog);
	const lines: PlanLine[] = [
		{text: `reference  ${fieldTail(dialog.reference, width - 18)}█`, tone: 'plain'},
		{text: ' ', tone: 'plain'},
		{
			text:
				matches.length > 0
					? `tags (Tab): ${matches.slice(0, 12).join(' · ')}${matches.length > 12 ? ' …' : ''}`
					: dialog.suggestionsFor
						? 'tags: none known for this repository'
						: 'type repository: then Tab for its tags',
			tone: 'muted',
		},
	];
	const footer = <FieldFooter error={dialog.error} keys={keyHints(keyHint('complete the tag', 'next-field'), keyHint('pull', 'submit'), keyHint('cancel', 'back'))} />;
	return <DialogFrame title="Pull an image" height={height} lines={lines} scroll={0} footer={footer} />;
}

export function BuildView({dialog, height, width}: {readonly dialog: BuildDialog; readonly height: number; readonly width: number}) {
	const field = (name: BuildDialog['field'], label: string): PlanLine => ({
		text: `${label.padEnd(11)} ${fieldTail(dialog[name], width - 18)}${dialog.field === name ? '█' : ''}`,
		tone: dialog.field === name ? 'plain' : 'muted',
	});
	const lines: PlanLine[] = [
		field('context', 'context'),
		field('dockerfile', 'Dockerfile'),
		field('tag', 'tag'),
		{text: ' ', tone: 'plain'},
		{text: '.dockerignore in the context is honoured; the engine builds with its own builder.', tone: 'muted'},
	];
	const footer = <FieldFooter error={dialog.error} keys={keyHints(keyHint('next field', 'next-field', 'next-choice'), keyHint('build', 'submit'), keyHint('cancel', 'back'))} />;
	return <DialogFrame title="Build an image" height={height} lines={lines} scroll={0} footer={footer} />;
}

export function QuitView({dialog, height}: {readonly dialog: QuitDialog; readonly height: number}) {
	const lines: PlanLine[] = [{text: `${dialog.active} operation${dialog.active === 1 ? '' : 's'} still running or queued (O lists them). Leaving cancels them.`, tone: 'warn'}];
	const footer = (
		<>
			<Text> </Text>
			<Text> </Text>
			<Buttons focus={dialog.focus} confirmLabel="Quit and cancel them" />
		</>
	);
	return <DialogFrame title="Quit dockswab?" height={height} lines={lines} scroll={0} footer={footer} tone="danger" />;
}

const stepMarks: Record<ReleaseStep['state'], string> = {pending: '·', running: '▶', done: '✓', failed: '✗', skipped: '-'};

export function ReleaseView({dialog, height, width}: {readonly dialog: ReleaseDialog; readonly height: number; readonly width: number}) {
	const {theme} = useApp();
	const version = releaseVersion(dialog);
	const steps = dialog.phase === 'choose' ? releaseSteps(dialog) : dialog.steps;
	const lines: PlanLine[] = [
		{text: `from     ${dialog.repository}:${dialog.sourceTag} (${shortId(dialog.sourceImageId)})`, tone: 'muted'},
		{
			text: `version  ${(['patch', 'minor', 'major'] as const).map((bump, index) => `${index + 1} ${bump === dialog.bump ? `[${dialog.versions[bump]}]` : dialog.versions[bump]}`).join('   ')}`,
			tone: 'plain',
		},
		{text: `how      ${dialog.build ? `build ${dialog.context}` : `tag ${dialog.sourceTag}`}   (b switches)`, tone: 'plain'},
		{text: `then     ${dialog.floating ? `move ${dialog.floating} to ${version} and push it` : 'no floating tag'}   (f cycles)`, tone: 'plain'},
		{text: ' ', tone: 'plain'},
		...steps.flatMap(step =>
			wrapText(`${stepMarks[step.state]} ${step.label}${step.detail ? `  ${step.detail}` : ''}`, width - 4).map(text => ({
				text,
				tone: step.state === 'failed' ? ('danger' as const) : step.state === 'done' ? ('ok' as const) : step.state === 'running' ? ('warn' as const) : ('plain' as const),
			})),
		),
	];
	const footer =
		dialog.phase === 'choose' ? (
			<>
				<Text color={theme.muted}>1/2/3 or ←/→ version · b build or tag · f floating tag</Text>
				<Text> </Text>
				<Buttons focus={dialog.focus} confirmLabel={`Release ${version}`} />
			</>
		) : dialog.phase === 'running' ? (
			<Text>{dialog.stopRequested ? 'stopping after this step…' : 'Esc stops after the current step'}</Text>
		) : dialog.phase === 'failed' ? (
			<Text color={theme.danger}>{keyHints(keyHint('retry the failed step (finished ones stay done)', 'retry'), keyHint('close', 'back'))}</Text>
		) : (
			<Text color={theme.muted}>
				{dialog.phase === 'stopped' ? 'Stopped between steps. ' : ''}
				{keyHint('close', 'submit', 'back')}
			</Text>
		);
	return <DialogFrame title={`Release ${dialog.repository}:${version}`} height={height} lines={lines} scroll={0} footer={footer} />;
}
