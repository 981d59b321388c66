// A clean-up across the fleet: the removal plan for each engine, and how each engine's run went.
import type {RemovalPlan} from './removal-plan';
import type {StepResult} from './step-result';

export type FleetEnginePlan = {readonly engine: string; readonly host: string; readonly plan: RemovalPlan};

export type FleetEngineOutcome = {
	readonly engine: string;
	readonly state: 'waiting' | 'running' | 'done' | 'failed';
	readonly results: readonly StepResult[];
	readonly error: string | null;
};
