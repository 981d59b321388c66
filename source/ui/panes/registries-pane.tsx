import {fit} from '../../domain/format';
import {registryLabel} from '../../domain/registry-rows';
import {cursorIndex, listHeight, selectRegistryRows, type RegistryRow} from '../../state/selectors';
import type {RegistryCheck} from '../../state/types';
import type {RateLimit} from '../../registry/rate-limit';
import {ListWindow} from '../components/list-window';
import {useEffect} from 'react';
import {useApp, useStoreState} from '../store-context';

/** "76/100 pulls left per 6 h", as Docker Hub reports it in its answers. */
export function rateLimitText(rateLimit: RateLimit): string {
	const window = rateLimit.windowSeconds ? ` per ${rateLimit.windowSeconds % 3600 === 0 ? `${rateLimit.windowSeconds / 3600} h` : `${Math.round(rateLimit.windowSeconds / 60)} min`}` : '';
	return rateLimit.remaining === null ? `${rateLimit.limit} pulls${window}` : `${rateLimit.remaining}/${rateLimit.limit} pulls left${window}`;
}

function checkCells(check: RegistryCheck | undefined, rateLimit: RateLimit | undefined): {auth: string; status: string} {
	const limit = rateLimit ? ` · ${rateLimitText(rateLimit)}` : '';
	if (!check || check.state === 'checking') return {auth: '…', status: `checking…${limit}`};
	if (check.state === 'unreachable') return {auth: '-', status: `not reachable: ${check.message}`};
	return {auth: check.auth, status: `reachable${limit}`};
}

function registryLine(row: Pick<RegistryRow, 'server' | 'user' | 'store'>, cells: {auth: string; status: string}, width: number): string {
	// The status (with why a registry is not reachable) gets what the fixed columns leave.
	const server = Math.max(16, Math.min(40, width - 2 - 12 - 16 - 6 - 4 - 42));
	return [fit(row.server, server), fit(row.user ?? 'anonymous', 12), fit(row.store, 16), fit(cells.auth, 6), cells.status].join(' ');
}

export function RegistriesPane() {
	const {services} = useApp();
	// Checked when the pane is opened, in the background: no request before the first frame, none
	// while idle, none again when a dialog over the pane closes (the service knows the visit).
	useEffect(() => services.registries.open(), [services]);
	const rows = useStoreState(selectRegistryRows);
	const view = useStoreState(state => state.views.registries);
	const checks = useStoreState(state => state.registryChecks);
	const rateLimits = useStoreState(state => state.rateLimits);
	const height = useStoreState(listHeight);
	const width = useStoreState(state => state.viewport.columns);
	const configPath = useStoreState(state => state.configPath);
	return (
		<ListWindow
			header={registryLine({server: 'REGISTRY', user: 'USER', store: 'CREDENTIALS'}, {auth: 'AUTH', status: 'STATUS'}, width)}
			rows={rows}
			view={view}
			cursor={cursorIndex(rows, view)}
			height={height}
			line={row => registryLine({...row, server: registryLabel(row.server)}, checkCells(checks.get(row.server), rateLimits.get(row.server)), width)}
			dim={row => checks.get(row.server)?.state === 'unreachable'}
			empty={view.filter ? `no registry matches "${view.filter}"` : `no registry logins in ${configPath || 'config.json'} and no registry in local references; l logs in`}
		/>
	);
}
