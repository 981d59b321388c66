// A fault on demand for the end-to-end test of the render crash path (test/e2e/render-error.test.ts):
// with DOCKSWAB_INJECT_FAULT=render, drawing the containers pane throws, a real error inside
// React's render that no input validation can take away. Only that test sets the variable.
import {useStoreState} from '../ui/store-context';

export const renderFaultRequested = (env: NodeJS.ProcessEnv): boolean => env.DOCKSWAB_INJECT_FAULT === 'render';

export function InjectedRenderFault(): null {
	const pane = useStoreState(state => state.pane);
	if (pane === 'containers') throw new TypeError('injected render fault (DOCKSWAB_INJECT_FAULT=render)');
	return null;
}
