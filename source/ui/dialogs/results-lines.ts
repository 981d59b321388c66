import type {StepResult} from '../../state/types';
import type {PlanLine} from '../../view/plan-text';

const marks: Record<StepResult['status'], string> = {
	removed: '✓',
	untagged: '✓',
	tagged: '✓',
	deleted: '✓',
	pruned: '✓',
	stopped: '✓',
	started: '✓',
	failed: '✗',
	skipped: '-',
};

export function resultLines(results: readonly StepResult[]): PlanLine[] {
	const width = Math.min(32, Math.max(12, ...results.map(result => result.label.length)));
	return results.map(result => ({
		text: `${marks[result.status]} ${result.label.padEnd(width)} ${result.message}`,
		tone: result.status === 'failed' ? 'danger' : result.status === 'skipped' ? 'muted' : 'ok',
	}));
}

export function resultSummary(results: readonly StepResult[]): string {
	const failed = results.filter(result => result.status === 'failed').length;
	const skipped = results.filter(result => result.status === 'skipped').length;
	const done = results.length - failed - skipped;
	return `${done} done · ${failed} failed${skipped ? ` · ${skipped} skipped` : ''}`;
}
