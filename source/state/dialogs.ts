// Building dialogs from the current state and deriving their plans. Pure.
import {selectPolicyTargets, type PolicyOptions} from '../domain/policies';
import type {ImageRow} from '../domain/image-rows';
import {planRemoval, type RemovalPlan, type RemovalTarget} from '../domain/removal-plan';
import type {ContainerInfo} from '../domain/types';
import {cursorIndex, selectContainerRows, selectImageRows, selectAllImageRows, selectAllContainerRows} from './selectors';
import type {FlowContext} from './flow-context';
import type {BuildCacheDialog} from './flows/build-cache-types';
import type {ContainerAction} from '../domain/container-action';
import type {ContainersDialog} from './flows/containers-types';
import type {DeleteDialog} from './flows/delete-types';

export function deleteDialog(state: FlowContext, title: string, targets: readonly RemovalTarget[]): DeleteDialog {
	return {
		kind: 'delete',
		title,
		targets,
		images: state.images,
		containers: state.containers,
		// /system/df once measured (the event sync keeps it current); until then loadLayers asks for it.
		uniqueSizes: state.disk?.uniqueSizes ?? null,
		layers: null,
		bytes: 'counting',
		syncStatus: state.syncStatus,
		removeStoppedContainers: false,
		forced: new Set(),
		phase: 'plan',
		// Enter alone never confirms a destructive action.
		focus: 'cancel',
		forceInput: '',
		progress: null,
		results: [],
		scroll: 0,
	};
}

const imageTarget = (row: ImageRow): RemovalTarget => ({imageId: row.image.id, reference: row.tag === '<none>' ? null : row.reference});

/** The row under the cursor of the images pane, whatever is marked. */
export function cursorImageTarget(state: FlowContext): RemovalTarget | undefined {
	const rows = selectImageRows(state);
	const row = rows[cursorIndex(rows, state.views.images)];
	return row && imageTarget(row);
}

/** The marked rows, or the row under the cursor when nothing is marked. */
export function markedImageTargets(state: FlowContext): RemovalTarget[] {
	const {marks} = state.views.images;
	if (marks.size > 0)
		return selectAllImageRows(state)
			.filter(row => marks.has(row.key))
			.map(imageTarget);
	const target = cursorImageTarget(state);
	return target ? [target] : [];
}

export function cursorContainer(state: FlowContext): ContainerInfo | undefined {
	const rows = selectContainerRows(state);
	return rows[cursorIndex(rows, state.views.containers)]?.container;
}

export function markedContainers(state: FlowContext): ContainerInfo[] {
	const {marks} = state.views.containers;
	if (marks.size > 0)
		return selectAllContainerRows(state)
			.filter(row => marks.has(row.key))
			.map(row => row.container);
	const container = cursorContainer(state);
	return container ? [container] : [];
}

export function containersDialog(action: ContainerAction, containers: readonly ContainerInfo[]): ContainersDialog {
	return {kind: 'containers', action, containers, phase: 'plan', focus: 'cancel', forceInput: '', progress: null, results: []};
}

let lastPlan: {dialog: DeleteDialog; plan: RemovalPlan} | null = null;

/** The plan a delete dialog shows and runs; recomputed only when the dialog's inputs change. */
export function planOf(dialog: DeleteDialog): RemovalPlan {
	if (
		lastPlan &&
		lastPlan.dialog.targets === dialog.targets &&
		lastPlan.dialog.images === dialog.images &&
		lastPlan.dialog.uniqueSizes === dialog.uniqueSizes &&
		lastPlan.dialog.syncStatus === dialog.syncStatus &&
		lastPlan.dialog.removeStoppedContainers === dialog.removeStoppedContainers &&
		lastPlan.dialog.forced === dialog.forced &&
		lastPlan.dialog.layers === dialog.layers
	)
		return lastPlan.plan;
	const plan = planRemoval({
		targets: dialog.targets,
		images: dialog.images,
		containers: dialog.containers,
		uniqueSizes: dialog.uniqueSizes ?? undefined,
		layers: dialog.layers ?? undefined,
		sync: dialog.syncStatus,
		options: {removeStoppedContainers: dialog.removeStoppedContainers, forced: dialog.forced},
	});
	lastPlan = {dialog, plan};
	return plan;
}

/** An entry of the housekeeping menu: image references to plan the removal of, or the build cache. */
export type HousekeepingChoice =
	{readonly kind: 'images'; readonly title: string; readonly targets: (state: FlowContext, keep: number) => RemovalTarget[]} | {readonly kind: 'build-cache'; readonly title: string};

/** The same policy `dockswab plan/clean` runs: protect patterns and running containers' images are left out. */
const byPolicy = (state: FlowContext, options: PolicyOptions) => selectPolicyTargets(state.images, state.containers, {...options, protect: state.protect}, state.now).targets;

export const housekeepingChoices: readonly HousekeepingChoice[] = [
	{kind: 'images', title: 'Prune dangling images', targets: state => byPolicy(state, {dangling: true})},
	{kind: 'images', title: 'Remove all unused images (no container uses them)', targets: state => byPolicy(state, {unused: true})},
	{
		kind: 'images',
		title: 'Keep the newest N versions of each repository shown',
		// Only repositories with rows in the current (filtered) list: the filter scopes the clean-up.
		targets: (state, keep) => byPolicy(state, {keep, repositories: [...new Set(selectImageRows(state).map(row => row.repository))]}),
	},
	{kind: 'build-cache', title: 'Prune the build cache (every entry no build uses now)'},
];

export function buildCacheDialog(state: FlowContext): BuildCacheDialog {
	return {kind: 'build-cache', usage: state.disk?.buildCache ?? null, phase: 'plan', focus: 'cancel', outcome: null};
}
