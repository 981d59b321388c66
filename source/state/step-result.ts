// What a run of steps shows: each step's result, its progress and the phase of its dialog; shared
// by every dialog that runs steps, local or fleet-wide.
export type StepResult = {readonly label: string; readonly status: 'removed' | 'untagged' | 'deleted' | 'failed' | 'stopped' | 'started' | 'skipped' | 'tagged' | 'pruned'; readonly message: string};
export type Progress = {readonly done: number; readonly total: number; readonly current: string};
export type RunPhase = 'plan' | 'force' | 'running' | 'done';
