// The key opening the registries pane asks the service to check; the service reads and probes
// once per visit of the pane on one engine, not again when a dialog over the pane closes.
import {describe, expect, test, vi} from 'vitest';
import {createRegistryActions} from '../../source/services/registries';
import {initialState} from '../../source/state/reducer';
import {createAppStore} from '../../source/ui/dialogs/dialog-table';
import {loginDialog} from '../../source/state/flows/registries';

const reads = vi.hoisted(() => ({count: 0}));
vi.mock('../../source/registry/credentials', async importOriginal => ({
	...(await importOriginal<typeof import('../../source/registry/credentials')>()),
	// Counted when called: the service starts a read synchronously, so no waiting is needed.
	listKnownRegistries: async () => {
		reads.count++;
		return [];
	},
}));

describe('registry checks per visit of the pane', () => {
	test('a dialog closing over the pane does not read again; leaving and coming back, or another engine, does', () => {
		const store = createAppStore(initialState({host: 'unix:///test.sock', columns: 100, rows: 30, now: 0}));
		store.dispatch({type: 'connected', host: 'unix:///test.sock', engineVersion: '20.10', apiVersion: '1.41', images: [], containers: []});
		store.dispatch({type: 'pane', pane: 'registries'});
		const registries = createRegistryActions(store, '/nonexistent-dockswab-config', async () => ({certsDir: '/nonexistent', insecure: new Set(), timeoutMs: 1000}));
		reads.count = 0;
		registries.open();
		expect(reads.count).toBe(1);

		store.dispatch({type: 'dialog-open', dialog: loginDialog('127.0.0.1:5000')});
		store.dispatch({type: 'dialog-close'});
		registries.open();
		store.dispatch({type: 'help', open: true});
		store.dispatch({type: 'help', open: false});
		registries.open();
		expect(reads.count).toBe(1);

		store.dispatch({type: 'pane', pane: 'images'});
		store.dispatch({type: 'pane', pane: 'registries'});
		registries.open();
		expect(reads.count).toBe(2);

		store.dispatch({type: 'engine-switch', host: 'tcp://127.0.0.1:2375', message: 'switched'});
		store.dispatch({type: 'connected', host: 'tcp://127.0.0.1:2375', engineVersion: '20.10', apiVersion: '1.41', images: [], containers: []});
		registries.open();
		expect(reads.count).toBe(3);
	});
});

test('an engine coming back under the open pane checks again by itself: no pane is drawn to ask', () => {
	const store = createAppStore(initialState({host: 'unix:///test.sock', columns: 100, rows: 30, now: 0}));
	store.dispatch({type: 'connected', host: 'unix:///test.sock', engineVersion: '20.10', apiVersion: '1.41', images: [], containers: []});
	store.dispatch({type: 'pane', pane: 'registries'});
	const registries = createRegistryActions(store, '/nonexistent-dockswab-config', async () => ({certsDir: '/nonexistent', insecure: new Set(), timeoutMs: 1000}));
	registries.open();
	reads.count = 0;
	store.dispatch({type: 'engine-switch', host: 'tcp://127.0.0.1:2375', message: 'switched'});
	expect(reads.count).toBe(0);
	store.dispatch({type: 'connected', host: 'tcp://127.0.0.1:2375', engineVersion: '20.10', apiVersion: '1.41', images: [], containers: []});
	expect(reads.count).toBe(1);
	// Images pane: an engine coming back asks nothing of the registries.
	store.dispatch({type: 'pane', pane: 'images'});
	store.dispatch({type: 'engine-switch', host: 'unix:///test.sock', message: 'switched'});
	store.dispatch({type: 'connected', host: 'unix:///test.sock', engineVersion: '20.10', apiVersion: '1.41', images: [], containers: []});
	expect(reads.count).toBe(1);
});
