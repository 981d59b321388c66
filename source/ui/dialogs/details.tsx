import {keyHint, keyHints} from '../keymap';
import {Text} from '../components/text';
import {formatBytes, shortId} from '../../domain/format';
import {formatAgeLong} from '../../view/age';
import {describeImages, taggedDescendants} from '../../domain/removal-plan';
import {realTags} from '../../domain/image-rows';
import {usageOf, type UsageIndex} from '../../domain/usage';
import {selectUsage} from '../../state/selectors';
import type {ContainerInfo, ImageInfo} from '../../domain/types';
import type {DetailsDialog} from '../../state/flows/menus-types';
import {DialogFrame} from '../components/dialog-frame';
import {useApp, useStoreState} from '../store-context';
import type {PlanLine} from '../../view/plan-text';
import type {SyncEntry} from '../../domain/sync-status';
import {describeSync} from '../../view/sync-text';
import {compareText} from '../../domain/compare';

const line = (text: string, tone: PlanLine['tone'] = 'plain'): PlanLine => ({text, tone});

/** Everything that ties an image to others: tags, containers, children, parents and layers. */
const syncTone = (entry: SyncEntry): PlanLine['tone'] => (entry.state === 'in sync' ? 'ok' : entry.state === 'unknown' ? 'muted' : 'warn');

/** Each tag that names a registry the user can ask, with what that registry holds for it. */
export function syncLines(image: ImageInfo, syncStatus: ReadonlyMap<string, SyncEntry>): PlanLine[] {
	const tags = realTags(image).filter(tag => syncStatus.has(tag));
	if (tags.length === 0) return [line('  no tag names a registry to check (Docker Hub tags: log in to Docker Hub)')];
	const width = Math.max(...tags.map(tag => tag.length));
	return tags.map(tag => {
		const entry = syncStatus.get(tag)!;
		return line(`  ${tag.padEnd(width)}  ${describeSync(entry)}`, syncTone(entry));
	});
}

/**
 * The platforms a registry's index lists for this digest, and which one the engine is known to
 * hold (image inspect). API 1.45 cannot list the others an engine may hold: they say "not known".
 */
export function platformLines(dialog: DetailsDialog): PlanLine[] {
	const {local, index} = dialog;
	const here = local.kind === 'known' ? local.platform : null;
	const lines: PlanLine[] = [];
	if (local.kind === 'asking') lines.push(line('  asking the engine…'));
	else if (here) lines.push(line(`  ${here.padEnd(14)} present here (the platform this engine holds)`, 'ok'));
	else lines.push(line('  the engine does not say which platform it holds', 'muted'));
	if (index.kind === 'asking') lines.push(line('  asking the registry…'));
	else if (index.kind === 'single') lines.push(line('  a single-platform image (its registry holds one manifest)', 'muted'));
	else if (index.kind === 'unknown') lines.push(line(`  other platforms: not known (${index.reason})`, 'muted'));
	else {
		const others = index.platforms.filter(platform => platform !== here);
		lines.push(line(`  an index of ${index.platforms.length} platform${index.platforms.length === 1 ? '' : 's'} at ${index.source}: ${index.platforms.join(', ') || 'none named'}`));
		for (const platform of others) lines.push(line(`  ${platform.padEnd(14)} in the index; present here: not known`, 'muted'));
	}
	return lines;
}

/** `containersListed` false: the containers are still being listed, so none can be named yet. */
export function detailLines(
	dialog: DetailsDialog,
	images: readonly ImageInfo[],
	usageIndex: UsageIndex,
	now: number,
	syncStatus: ReadonlyMap<string, SyncEntry> = new Map(),
	containersListed = true,
): PlanLine[] {
	const image = images.find(candidate => candidate.id === dialog.imageId);
	if (!image) return [line('This image is gone from the engine.', 'warn')];
	const usage = usageOf(usageIndex, image.id);
	const byId = new Map(images.map(candidate => [candidate.id, candidate]));
	const lines: PlanLine[] = [
		line(`ID       ${image.id}`),
		line(`Tags     ${realTags(image).join(', ') || '<none>'}`),
		line(`Digests  ${image.repoDigests.join(', ') || '-'}`),
		line(`Size     ${formatBytes(image.size)} · created ${formatAgeLong(image.created, now)}`),
		line(''),
		line('Platforms', 'muted'),
		...platformLines(dialog),
		line('Registries', 'muted'),
		...syncLines(image, syncStatus),
		line(containersListed ? `Containers (${usage.running.length + usage.stopped.length})` : 'Containers (the engine is still listing them)', 'muted'),
	];
	const byName = (a: ContainerInfo, b: ContainerInfo) => compareText(a.name, b.name);
	for (const container of [...[...usage.running].sort(byName), ...[...usage.stopped].sort(byName)])
		lines.push(line(`  ${(container.name || shortId(container.id)).padEnd(24)} ${container.state.padEnd(8)} ${container.status}`, container.state === 'running' ? 'ok' : 'plain'));
	if (containersListed && usage.running.length + usage.stopped.length === 0) lines.push(line('  none'));
	lines.push(line(`Child images (${usage.children.length})`, 'muted'));
	for (const child of usage.children) {
		const childImage = byId.get(child);
		const tags = childImage ? realTags(childImage) : [];
		const seen = tags.length > 0 ? tags.join(', ') : `${shortId(child)} (intermediate, leads to ${describeImages(taggedDescendants(images, child), images).join(', ') || 'nothing'})`;
		lines.push(line(`  ${seen}`));
	}
	if (usage.children.length === 0) lines.push(line('  none'));
	lines.push(line('Parent chain', 'muted'));
	let parent = image.parentId;
	let depth = 0;
	while (parent && depth++ < 50) {
		const parentImage = byId.get(parent);
		lines.push(line(`  ← ${shortId(parent)} ${parentImage ? realTags(parentImage).join(', ') || '(untagged)' : '(not listed)'}`));
		parent = parentImage?.parentId ?? '';
	}
	if (!image.parentId) lines.push(line('  none (a base image, or pulled)'));
	lines.push(line('Layer history (newest first)', 'muted'));
	if (dialog.error) lines.push(line(`  ${dialog.error}`, 'danger'));
	else if (!dialog.history) lines.push(line('  loading…'));
	else for (const entry of dialog.history) lines.push(line(`  ${formatBytes(entry.size).padStart(8)}  ${entry.createdBy.replace(/\s+/g, ' ').replace(/^\/bin\/sh -c #\(nop\) /, '')}`));
	return lines;
}

export function DetailsView({dialog, height}: {readonly dialog: DetailsDialog; readonly height: number}) {
	const {theme} = useApp();
	const images = useStoreState(state => state.images);
	const usage = useStoreState(state => selectUsage(state.images, state.containers));
	const now = useStoreState(state => state.now);
	const syncStatus = useStoreState(state => state.syncStatus);
	const containersListed = useStoreState(state => state.containersListed);
	const image = images.find(candidate => candidate.id === dialog.imageId);
	const title = `Image ${image ? (realTags(image)[0] ?? shortId(image.id)) : shortId(dialog.imageId)}: what uses it, what it uses`;
	return (
		<DialogFrame
			title={title}
			height={height}
			lines={detailLines(dialog, images, usage, now, syncStatus, containersListed)}
			scroll={dialog.scroll}
			footer={
				<Text color={theme.muted}>{keyHints(keyHint('scroll', 'down', 'up'), keyHint('layers and their files', 'layers'), keyHint('delete this image', 'delete'), keyHint('back', 'back'))}</Text>
			}
		/>
	);
}
