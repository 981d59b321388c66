// Rows of the containers pane.
import {formatAge, shortId} from './format';
import type {ContainerInfo} from './types';
import {compareText} from './compare';

export type ContainerRow = {readonly key: string; readonly container: ContainerInfo};

export type ContainerSort = 'created' | 'name' | 'state';
export const containerSorts: readonly ContainerSort[] = ['created', 'name', 'state'];

export function buildContainerRows(containers: readonly ContainerInfo[]): ContainerRow[] {
	return containers.map(container => ({key: container.id, container}));
}

export function sortContainerRows(rows: readonly ContainerRow[], sort: ContainerSort): ContainerRow[] {
	const byName = (a: ContainerRow, b: ContainerRow) => compareText(a.container.name, b.container.name) || compareText(a.key, b.key);
	const sorted = [...rows];
	if (sort === 'name') return sorted.sort(byName);
	if (sort === 'state') return sorted.sort((a, b) => compareText(a.container.state, b.container.state) || byName(a, b));
	return sorted.sort((a, b) => b.container.created - a.container.created || byName(a, b));
}

export function filterContainerRows(rows: readonly ContainerRow[], filter: string): ContainerRow[] {
	const needle = filter.trim().toLowerCase();
	if (!needle) return [...rows];
	return rows.filter(({container}) => container.name.toLowerCase().includes(needle) || container.image.toLowerCase().includes(needle) || container.id.startsWith(needle));
}

export type ContainerColumns = {name: number; image: number; state: number; status: number; created: number};

export function containerColumns(width: number): ContainerColumns {
	const fixed = {state: 10, status: width >= 110 ? 26 : 18, created: 5};
	const flexible = Math.max(16, width - 2 - fixed.state - fixed.status - fixed.created - 4);
	const name = Math.max(8, Math.floor(flexible * 0.45));
	return {name, image: flexible - name, ...fixed};
}

export type ContainerRowCells = {name: string; image: string; state: string; status: string; created: string};

/** The mark before the image of a running container whose tag names a newer image on its registry. */
export const updateMark = '⇡';

/** `updated`: the reference whose tag moved on its registry (update-available.ts), or null. */
export function formatContainerRow(row: ContainerRow, nowMs: number, updated: string | null = null): ContainerRowCells {
	const {container} = row;
	return {
		name: container.name || shortId(container.id),
		image: updated === null ? container.image : `${updateMark} ${container.image}`,
		state: container.state,
		status: container.status,
		created: formatAge(container.created, nowMs),
	};
}
