// The containers pane's columns: their widths for a terminal width, and a row's cells as text.
import type {ContainerRow} from '../domain/container-rows';
import {shortId} from '../domain/format';
import {formatAge} from './age';

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
