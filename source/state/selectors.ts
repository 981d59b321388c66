// Derived data, memoised on the inputs it reads so that moving the cursor recomputes nothing.
// `memo` keeps the last result while the arguments are the same objects.
import {buildContainerRows, containerSorts, filterContainerRows, sortContainerRows, type ContainerRow} from '../domain/container-rows';
import {buildImageRows, filterImageRows, imageSorts, sortImageRows, type ImageRow} from '../domain/image-rows';
import {buildUsageIndex, type UsageIndex} from '../domain/usage';
import {buildVersionRows} from '../domain/version-rows';
import {groupByRepository} from '../domain/versions';
import {registryHostsOfImages} from '../domain/registry-rows';
import {buildFleetRows, filterFleetRows, type FleetRow} from '../domain/fleet-rows';
import {paneOrder, type FlowContext, type ListPane, type ListView, type Operation, type PaneId} from './flow-context';
import type {RegistryEntry} from '../domain/registry-types';
import {compareText} from '../domain/compare';

export function memo<Args extends readonly unknown[], Result>(compute: (...args: Args) => Result): (...args: Args) => Result {
	let last: {args: Args; result: Result} | null = null;
	return (...args: Args) => {
		if (last && last.args.length === args.length && last.args.every((value, i) => Object.is(value, args[i]))) return last.result;
		const result = compute(...args);
		last = {args, result};
		return result;
	};
}

export const selectUsage = memo((images: FlowContext['images'], containers: FlowContext['containers']): UsageIndex => buildUsageIndex(images, containers));

const allImageRows = memo((images: FlowContext['images'], usage: UsageIndex, showAll: boolean) => buildImageRows(images, usage, showAll));
const visibleImageRows = memo((rows: ImageRow[], filter: string, sortIndex: number) => sortImageRows(filterImageRows(rows, filter), imageSorts[sortIndex % imageSorts.length]!));
const allContainerRows = memo((containers: FlowContext['containers']) => buildContainerRows(containers));
const visibleContainerRows = memo((rows: ContainerRow[], filter: string, sortIndex: number) =>
	sortContainerRows(filterContainerRows(rows, filter), containerSorts[sortIndex % containerSorts.length]!),
);

/** Tags per repository, once per image list: the tag dialog reads it on every keystroke. */
export const selectRepositories = memo((images: FlowContext['images']) => groupByRepository(images));

export const selectVersionRows = memo((images: FlowContext['images'], containers: FlowContext['containers']) => buildVersionRows(images, containers));

export function selectAllImageRows(state: FlowContext): ImageRow[] {
	return allImageRows(state.images, selectUsage(state.images, state.containers), state.showAll);
}

export function selectImageRows(state: FlowContext): ImageRow[] {
	const view = state.views.images;
	return visibleImageRows(selectAllImageRows(state), view.filter, view.sortIndex);
}

export function selectAllContainerRows(state: FlowContext): ContainerRow[] {
	return allContainerRows(state.containers);
}

export function selectContainerRows(state: FlowContext): ContainerRow[] {
	const view = state.views.containers;
	return visibleContainerRows(selectAllContainerRows(state), view.filter, view.sortIndex);
}

const distinctImages = memo((rows: ImageRow[]) => new Set(rows.map(row => row.image.id)).size);

/** Images listed (tagged or dangling; intermediate ones too when shown), not rows. */
export function selectImageCount(state: FlowContext): number {
	return distinctImages(selectAllImageRows(state));
}

const hiddenMarkCount = memo((rows: readonly {key: string}[], marks: ReadonlySet<string>) => {
	if (marks.size === 0) return 0;
	const visible = keyIndex(rows);
	let hidden = 0;
	for (const key of marks) if (!visible.has(key)) hidden++;
	return hidden;
});

/** Marks on rows the filter hides: still counted, so nothing marked is forgotten. */
export function selectHiddenMarks(state: FlowContext, pane: ListPane): number {
	return hiddenMarkCount(selectRowKeys(state, pane), state.views[pane].marks);
}

export function selectRowKeys(state: FlowContext, pane: ListPane): readonly {key: string}[] {
	if (pane === 'fleet') return selectFleetRows(state);
	return pane === 'images' ? selectImageRows(state) : pane === 'containers' ? selectContainerRows(state) : selectRegistryRows(state);
}

const allFleetRows = memo((fleet: FlowContext['fleet']): FleetRow[] =>
	buildFleetRows(
		(fleet?.engines ?? []).flatMap(engine =>
			engine.status.state === 'live' ? [{engine: engine.name, images: engine.status.images, containers: engine.status.containers, identities: engine.status.identities}] : [],
		),
	),
);
const visibleFleetRows = memo((rows: FleetRow[], filter: string) => filterFleetRows(rows, filter));

export const selectAllFleetRows = (state: FlowContext): FleetRow[] => allFleetRows(state.fleet);

/** Rows per repository:tag over the engines that answered, filtered. */
export function selectFleetRows(state: FlowContext): readonly FleetRow[] {
	return visibleFleetRows(allFleetRows(state.fleet), state.views.fleet.filter);
}

export type RegistryRow = RegistryEntry & {readonly key: string};

const allRegistryRows = memo((registries: FlowContext['registries'], images: FlowContext['images']): RegistryRow[] => {
	const known = new Set(registries.map(registry => registry.server));
	const fromImages = registryHostsOfImages(images)
		.filter(host => !known.has(host))
		.map(server => ({server, user: null, store: 'none (anonymous)'}));
	return [...registries, ...fromImages].map(registry => ({...registry, key: registry.server})).sort((a, b) => compareText(a.server, b.server));
});
const visibleRegistryRows = memo((rows: RegistryRow[], filter: string) => {
	const needle = filter.trim().toLowerCase();
	return needle ? rows.filter(row => row.server.toLowerCase().includes(needle)) : rows;
});

export const selectAllRegistryRows = (state: FlowContext): RegistryRow[] => allRegistryRows(state.registries, state.images);
export const selectRegistryCount = (state: FlowContext): number => selectAllRegistryRows(state).length;

/** Registries with credentials and those local references name, filtered. */
export function selectRegistryRows(state: FlowContext): RegistryRow[] {
	return visibleRegistryRows(allRegistryRows(state.registries, state.images), state.views.registries.filter);
}

const keyIndex = memo((rows: readonly {key: string}[]) => new Map(rows.map((row, index) => [row.key, index])));

/** Index of the cursor row in the visible rows; 0 when the cursor's row is not visible. */
export function cursorIndex(rows: readonly {key: string}[], view: ListView): number {
	if (view.cursor === null) return 0;
	return keyIndex(rows).get(view.cursor) ?? 0;
}

/** Rows of the list area: the terminal minus header, tabs, column titles, status and key lines, and the last line, which Ink keeps free so that it can redraw only what changed. */
export function listHeight(state: FlowContext): number {
	// The fleet pane spends one more line on the engines' status.
	return Math.max(1, state.viewport.rows - (state.pane === 'fleet' ? 7 : 6));
}

export function imageSortName(view: ListView): string {
	return imageSorts[view.sortIndex % imageSorts.length]!;
}

export function containerSortName(view: ListView): string {
	return containerSorts[view.sortIndex % containerSorts.length]!;
}

/** An operation still queued or running: it ends when dockswab quits or switches engine, and Esc asks before cancelling it. */
export const isActiveOperation = (operation: Operation): boolean => operation.state === 'running' || operation.state === 'queued';

export const activeOperationCount = (state: FlowContext): number => state.operations.filter(isActiveOperation).length;

/** The pane Tab (1) or Shift-Tab (-1) goes to, round the ends. */
export function steppedPane(from: PaneId, step: 1 | -1): PaneId {
	const index = paneOrder.indexOf(from);
	return paneOrder[(index + step + paneOrder.length) % paneOrder.length]!;
}
