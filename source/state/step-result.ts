// What one step of a run did: shared by every dialog that runs steps, local or fleet-wide.
export type StepResult = {readonly label: string; readonly status: 'removed' | 'untagged' | 'deleted' | 'failed' | 'stopped' | 'started' | 'skipped' | 'tagged' | 'pruned'; readonly message: string};
