// The phase of a dialog that runs steps, shared by every such dialog, local or fleet-wide; the
// steps' results and progress are the jobs' plain data (domain/step-result.ts).
export type {Progress, StepResult} from '../domain/step-result';
export type RunPhase = 'plan' | 'force' | 'running' | 'done';
