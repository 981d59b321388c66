// The registries pane: logins and the registries local references name, checked when it opens.
import {fit} from '../../view/fit';
import {registryLabel} from '../../view/registry-label';
import type {RateLimit} from '../../domain/registry-types';
import {memo, selectRegistryCount, selectRegistryRows, type RegistryRow} from '../../state/selectors';
import type {RegistryCheck, State} from '../../state/types';
import type {PaneSpec} from './pane-spec';

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

const lineOf = memo(
	(checks: State['registryChecks'], rateLimits: State['rateLimits'], width: number) => (row: RegistryRow) =>
		registryLine({...row, server: registryLabel(row.server)}, checkCells(checks.get(row.server), rateLimits.get(row.server)), width),
);

const dimOf = memo((checks: State['registryChecks']) => (row: RegistryRow) => checks.get(row.server)?.state === 'unreachable');

export const registriesSpec: PaneSpec<RegistryRow> = {
	title: 'Registries',
	count: selectRegistryCount,
	rows: selectRegistryRows,
	header: state => registryLine({server: 'REGISTRY', user: 'USER', store: 'CREDENTIALS'}, {auth: 'AUTH', status: 'STATUS'}, state.viewport.columns),
	line: state => lineOf(state.registryChecks, state.rateLimits, state.viewport.columns),
	dim: state => dimOf(state.registryChecks),
	empty: state =>
		state.views.registries.filter
			? `no registry matches "${state.views.registries.filter}"`
			: `no registry logins in ${state.configPath || 'config.json'} and no registry in local references; l logs in`,
	summary: state => {
		const count = selectRegistryRows(state).length;
		return `${count} ${count === 1 ? 'registry' : 'registries'}`;
	},
	// Checked in the background: no request before the first frame, none while idle, none again
	// when a dialog over the pane closes (the service knows the visit).
	open: services => services.registries.open(),
};
