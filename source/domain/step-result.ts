// What a run of steps gives: each step's result and the progress so far. Plain data a job
// produces (services) and a dialog shows (state), local or fleet-wide.
export type StepResult = {readonly label: string; readonly status: 'removed' | 'untagged' | 'deleted' | 'failed' | 'stopped' | 'started' | 'skipped' | 'tagged' | 'pruned'; readonly message: string};
export type Progress = {readonly done: number; readonly total: number; readonly current: string};
