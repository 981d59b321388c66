// Rows of the containers pane.
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
