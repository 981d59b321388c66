// The dialogs that only look and lead on: housekeeping menu, versions view, details. Pure: they
// open other dialogs (a plan to confirm, a tag dialog) but never change the engine themselves.
import {shortId} from '../../domain/format';
import {realTags} from '../../domain/image-rows';
import {buildCacheDialog, housekeepingChoices} from '../dialogs';
import {openDelete} from './delete';
import {selectRepositories, selectVersionRows} from '../selectors';
import type {FlowContext} from '../flow-context';
import type {DetailsDialog, HousekeepingDialog, VersionsDialog, DetailsReport} from './menus-types';
import type {ImageDiffDialog, MarkedVersion} from './image-diff-types';
import type {BuildCacheDialog} from './build-cache-types';
import type {DeleteDialog} from './delete-types';
import type {LayersDialog} from './layers-types';
import type {ReleaseDialog} from './release-types';
import type {TagDialog} from './tag-types';
import type {VersionRow} from '../../domain/version-rows';
import {means} from './intent';
import {stay, type FlowEvent, type FlowResult, type DialogFlow} from './flow';
import {tagDialog} from './tag';
import {releaseFrom} from './release';
import {layersDialog} from './layers';
import {imageDiffDialog} from './image-diff';

function reduceHousekeeping(dialog: HousekeepingDialog, event: FlowEvent, state: FlowContext): FlowResult<HousekeepingDialog | BuildCacheDialog | DeleteDialog> {
	if (event.type === 'paste') return stay(dialog);
	const count = housekeepingChoices.length;
	const update = (patch: Partial<HousekeepingDialog>) => stay({...dialog, ...patch});
	if (means(event, 'back', 'close')) return stay(null);
	if (means(event, 'down')) return update({choice: (dialog.choice + 1) % count});
	if (means(event, 'up')) return update({choice: (dialog.choice + count - 1) % count});
	if (/^[1-9]$/.test(event.text) && Number(event.text) <= count) return update({choice: Number(event.text) - 1});
	if (means(event, 'more')) return update({keep: dialog.keep + 1});
	if (means(event, 'fewer')) return update({keep: Math.max(1, dialog.keep - 1)});
	if (!means(event, 'submit')) return stay(dialog);
	const choice = housekeepingChoices[dialog.choice]!;
	if (choice.kind === 'build-cache') {
		// The plan is the measured cache: until the figures come, there is nothing true to show.
		if (!state.disk) return stay(dialog, {type: 'message', message: {kind: 'info', text: 'the disk figures are still being measured; try again in a moment'}});
		return stay(buildCacheDialog(state));
	}
	return openDelete(state, housekeepingTitle(dialog, dialog.choice), choice.targets(state, dialog.keep));
}

export const housekeepingTitle = (dialog: HousekeepingDialog, index: number) => housekeepingChoices[index]!.title.replace('N versions', `${dialog.keep} versions`);

export function selectableIndex(rows: readonly VersionRow[], from: number, step: 1 | -1): number {
	for (let index = from + step; index >= 0 && index < rows.length; index += step) if (rows[index]!.kind === 'version') return index;
	return from;
}

export function versionsDialog(state: FlowContext): VersionsDialog {
	return {kind: 'versions', cursor: selectableIndex(selectVersionRows(state.images, state.containers), -1, 1), marked: []};
}

export function detailsDialog(imageId: string): FlowResult<DetailsDialog> {
	const asking = {kind: 'asking'} as const;
	return stay({kind: 'details', imageId, history: null, error: null, local: asking, index: asking, scroll: 0}, {type: 'load-history', imageId}, {type: 'load-platforms', imageId});
}

function reduceVersions(dialog: VersionsDialog, event: FlowEvent, state: FlowContext): FlowResult<VersionsDialog | TagDialog | ReleaseDialog | DetailsDialog | ImageDiffDialog> {
	if (event.type === 'paste') return stay(dialog);
	const rows = selectVersionRows(state.images, state.containers);
	const current = rows[dialog.cursor];
	if (means(event, 'back', 'close')) return stay(null);
	if (means(event, 'down')) return stay({...dialog, cursor: selectableIndex(rows, dialog.cursor, 1)});
	if (means(event, 'up')) return stay({...dialog, cursor: selectableIndex(rows, dialog.cursor, -1)});
	if (current?.kind !== 'version') return stay(dialog);
	if (means(event, 'tag')) return stay(tagDialog([{imageId: current.imageId, reference: `${current.repository}:${current.tag}`}], selectRepositories(state.images)));
	if (means(event, 'release')) return stay(releaseFrom(state, current.repository, current.tag, current.imageId, '.'));
	if (means(event, 'submit')) return detailsDialog(current.imageId);
	if (means(event, 'mark')) return stay({...dialog, marked: toggleMark(dialog.marked, {imageId: current.imageId, reference: `${current.repository}:${current.tag}`})});
	if (means(event, 'compare')) return compareMarked(dialog, rows, state);
	return stay(dialog);
}

/** Marks at most two versions: a third mark replaces the first. */
function toggleMark(marked: readonly MarkedVersion[], version: MarkedVersion): MarkedVersion[] {
	if (marked.some(mark => mark.reference === version.reference)) return marked.filter(mark => mark.reference !== version.reference);
	return [...marked, version].slice(-2);
}

/** The two marked versions compared, the one further down the list (older) first. */
function compareMarked(dialog: VersionsDialog, rows: readonly VersionRow[], state: FlowContext): FlowResult<VersionsDialog | TagDialog | ReleaseDialog | DetailsDialog | ImageDiffDialog> {
	if (dialog.marked.length !== 2) return stay(dialog, {type: 'message', message: {kind: 'info', text: 'mark two versions with space, then = shows what changed between them'}});
	const position = (mark: MarkedVersion) => rows.findIndex(row => row.kind === 'version' && `${row.repository}:${row.tag}` === mark.reference);
	const [before, after] = [...dialog.marked].sort((a, b) => position(b) - position(a)) as [MarkedVersion, MarkedVersion];
	const sizeOf = (mark: MarkedVersion) => state.images.find(image => image.id === mark.imageId)?.size ?? 0;
	return imageDiffDialog(before, after, sizeOf(before) + sizeOf(after));
}

/** The delete plan for the image a details view shows: all of its tags, or its ID when it has none. */
export function deleteShownImage(state: FlowContext, imageId: string): FlowResult<DeleteDialog> {
	const image = state.images.find(candidate => candidate.id === imageId);
	if (!image) return stay(null, {type: 'message', message: {kind: 'error', text: 'this image is gone from the engine; nothing to delete'}});
	const tags = realTags(image);
	const targets = tags.length > 0 ? tags.map(reference => ({imageId, reference})) : [{imageId, reference: null}];
	return openDelete(state, `Delete image ${shortId(imageId)}${tags.length > 0 ? ` (${tags.join(', ')})` : ''}`, targets);
}

function reduceDetails(dialog: DetailsDialog, event: FlowEvent, state: FlowContext): FlowResult<DetailsDialog | DeleteDialog | LayersDialog> {
	if (event.type === 'paste') return stay(dialog);
	if (means(event, 'back', 'close', 'submit')) return stay(null);
	if (means(event, 'down')) return stay({...dialog, scroll: dialog.scroll + 1});
	if (means(event, 'up')) return stay({...dialog, scroll: Math.max(0, dialog.scroll - 1)});
	if (means(event, 'delete')) return deleteShownImage(state, dialog.imageId);
	if (means(event, 'layers')) return layersDialog(dialog.imageId, state.images.find(image => image.id === dialog.imageId)?.size ?? 0);
	return stay(dialog);
}

/** The image's history, and its platform as the engine and a registry say; answers for another image are dropped. */
function reportDetails(dialog: DetailsDialog, report: DetailsReport): DetailsDialog {
	switch (report.type) {
		case 'history':
			return {...dialog, history: report.history};
		case 'history-failed':
			return {...dialog, error: report.message};
		case 'local-platform':
			return report.imageId === dialog.imageId ? {...dialog, local: {kind: 'known', platform: report.platform}} : dialog;
		case 'index-platforms':
			return report.imageId === dialog.imageId ? {...dialog, index: report.index} : dialog;
	}
}

export const housekeepingFlow = {reduce: reduceHousekeeping} satisfies DialogFlow<HousekeepingDialog>;
export const versionsFlow = {reduce: reduceVersions} satisfies DialogFlow<VersionsDialog>;
export const detailsFlow = {reduce: reduceDetails, report: reportDetails} satisfies DialogFlow<DetailsDialog, DetailsReport>;
