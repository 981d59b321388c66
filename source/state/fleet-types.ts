// The fleet pane's part of the store: each configured engine and what it answered.
import type {FleetEngineOutcome, FleetEnginePlan} from '../domain/fleet-plan';
import type {ContainerInfo, ImageInfo} from '../domain/types';

export type FleetEngineStatus =
	| {readonly state: 'loading'}
	| {readonly state: 'live'; readonly images: readonly ImageInfo[]; readonly containers: readonly ContainerInfo[]; readonly identities?: ReadonlyMap<string, string>; readonly ms: number}
	| {readonly state: 'down'; readonly error: string};

/** `name`: the context name (`default` included), or the URL of a --host engine. */
export type FleetEngine = {readonly name: string; readonly host: string; readonly status: FleetEngineStatus};

export type Fleet = {
	/** Raised by each refresh: answers of an earlier round are dropped. */
	readonly round: number;
	readonly engines: readonly FleetEngine[];
	readonly timeoutSeconds: number;
};

/** One row's reference on every engine of the fleet; the cursor picks an engine to jump to. */
export type FleetDetailDialog = {readonly kind: 'fleet-detail'; readonly reference: string; readonly cursor: number};

/** Keep the newest N versions on every live engine: one plan per engine, one confirmation. */
export type FleetKeepDialog = {
	readonly kind: 'fleet-keep';
	readonly keep: number;
	readonly phase: 'choose' | 'plan' | 'running' | 'done';
	readonly plans: readonly FleetEnginePlan[];
	/** Engines left out of the plan and why (down, still loading). */
	readonly skipped: readonly {readonly engine: string; readonly reason: string}[];
	readonly focus: 'confirm' | 'cancel';
	readonly outcomes: readonly FleetEngineOutcome[];
	readonly scroll: number;
};

export type FleetKeepReport = {readonly type: 'engine'; readonly index: number; readonly outcome: FleetEngineOutcome} | {readonly type: 'done'};

// This module's dialog kinds (and what services report to them), for the Dialog union.
declare module './dialog-kinds' {
	interface DialogKinds {
		readonly 'fleet-detail': FleetDetailDialog;
		readonly 'fleet-keep': FleetKeepDialog;
	}
	interface DialogReportKinds {
		readonly 'fleet-keep': FleetKeepReport;
	}
}
