// Listings a registry can make endless (issue 28, item 4): pages and names are capped, the whole
// listing has a deadline, the result says what was cut, and a closed view stops its requests.
import {describe, expect, test, vi} from 'vitest';
import {registrySession, type RegistryOptions} from '../../source/registry/client';
import type {ListingLimits} from '../../source/registry/listing';
import {createOperationRunner} from '../../source/services/operations';
import {createRegistryActions} from '../../source/services/registries';
import {createTransferActions} from '../../source/services/transfers';
import {browseDialog} from '../../source/state/flows/registries';
import {pullDialog} from '../../source/state/flows/transfers';
import {initialState} from '../../source/state/reducer';
import {createAppStore} from '../../source/ui/dialogs/dialog-table';
import type {BrowseDialog} from '../../source/state/flows/registries-types';
import {startHostileRegistry, type HostileRegistry} from '../fixtures/hostile-registry';
import {tempDir} from '../fixtures/temp-dir';
import {now} from '../fixtures/scene';

const generous: ListingLimits = {pages: 1_000_000, entries: 1_000_000_000, deadlineMs: 600_000};
const options = (registry: HostileRegistry, listing: ListingLimits): RegistryOptions => ({certsDir: registry.certsDir, insecure: new Set(), timeoutMs: 10_000, listing});
const tagRequests = (registry: HostileRegistry) => registry.requests.filter(request => request.path.includes('/tags/list')).length;
const catalogRequests = (registry: HostileRegistry) => registry.requests.filter(request => request.path.startsWith('/v2/_catalog')).length;

describe('endless Link pagination', () => {
	test('tags/list stops at the page cap and says how many tags are shown', async () => {
		const registry = await startHostileRegistry();
		registry.misbehave.endlessTags = true;
		const listed = await registrySession(registry.host, null, options(registry, {...generous, pages: 5})).tags('demo/app');
		expect(listed.tags).toHaveLength(50);
		expect(listed.cut).toBe('first 50 tags shown: the registry had more after 5 pages');
		expect(tagRequests(registry)).toBe(5);
	});

	test('tags/list stops at the entry cap', async () => {
		const registry = await startHostileRegistry();
		registry.misbehave.endlessTags = true;
		const listed = await registrySession(registry.host, null, options(registry, {...generous, entries: 25})).tags('demo/app');
		expect(listed.tags).toHaveLength(25);
		expect(listed.cut).toBe('first 25 tags shown: the registry lists more than 25');
		expect(tagRequests(registry)).toBe(3);
	});

	test('tags/list stops at the overall deadline', async () => {
		const registry = await startHostileRegistry();
		registry.misbehave.endlessTags = true;
		const listed = await registrySession(registry.host, null, options(registry, {...generous, deadlineMs: 200})).tags('demo/app');
		expect(listed.cut).toMatch(/^first \d+ tags shown: the registry was still sending pages after 200 ms$/);
		expect(listed.tags).toHaveLength(tagRequests(registry) * 10);
	});

	test('the catalog stops at the page cap; its last page carries the cut', async () => {
		const registry = await startHostileRegistry();
		registry.misbehave.endlessCatalog = true;
		const pages = [];
		for await (const page of registrySession(registry.host, null, options(registry, {...generous, pages: 4})).repositories(10)) pages.push(page);
		expect(pages.map(page => page.cut)).toEqual([null, null, null, 'first 40 repositories shown: the registry had more after 4 pages']);
		expect(catalogRequests(registry)).toBe(4);
	});

	test('a whole list says nothing was cut', async () => {
		const registry = await startHostileRegistry();
		registry.pushImage('demo/app', '1.0.0');
		registry.pushImage('demo/app', '1.1.0');
		expect(await registrySession(registry.host, null, options(registry, {pages: 1, entries: 2, deadlineMs: 600_000})).tags('demo/app')).toEqual({tags: ['1.0.0', '1.1.0'], cut: null});
	});
});

describe('the browse view owns its requests', () => {
	function browsingStore(server: string, repository: string | null) {
		const store = createAppStore(initialState({host: 'unix:///test.sock', columns: 100, rows: 30, now}));
		const dialog = browseDialog(server).dialog as BrowseDialog;
		store.dispatch({type: 'dialog-open', dialog: {...dialog, repository}});
		return store;
	}
	const browse = (store: ReturnType<typeof browsingStore>) => store.getState().dialog as BrowseDialog;

	test('closing the tag list drops its request and sends no more', async () => {
		const registry = await startHostileRegistry();
		registry.misbehave.stall = true;
		const store = browsingStore(registry.host, 'demo/app');
		const actions = createRegistryActions(store, tempDir('dsw-listing-'), async () => options(registry, generous));
		actions.loadTags(registry.host, 'demo/app', false);
		await vi.waitFor(() => expect(tagRequests(registry)).toBe(1), {timeout: 5000, interval: 10});
		store.dispatch({type: 'dialog-close'});
		await vi.waitFor(() => expect(registry.abandoned()).toBe(1), {timeout: 5000, interval: 10});
		expect(registry.requests).toHaveLength(1);
	});

	test('leaving the repository list for a repository stops the catalog', async () => {
		const registry = await startHostileRegistry();
		registry.misbehave.stall = true;
		const store = browsingStore(registry.host, null);
		const actions = createRegistryActions(store, tempDir('dsw-listing-'), async () => options(registry, generous));
		actions.loadRepositories(registry.host, false);
		await vi.waitFor(() => expect(catalogRequests(registry)).toBe(1), {timeout: 5000, interval: 10});
		store.dispatch({type: 'dialog-open', dialog: {...browse(store), repository: 'demo/app'}});
		await vi.waitFor(() => expect(registry.abandoned()).toBe(1), {timeout: 5000, interval: 10});
		expect(registry.requests).toHaveLength(1);
	});

	test('closing the pull dialog drops its tag suggestions request', async () => {
		const registry = await startHostileRegistry();
		registry.misbehave.stall = true;
		const store = createAppStore(initialState({host: 'unix:///test.sock', columns: 100, rows: 30, now}));
		const repository = `${registry.host}/demo/app`;
		store.dispatch({type: 'dialog-open', dialog: {...pullDialog(repository), suggestionsFor: repository}});
		const transfers = createTransferActions(
			store,
			createOperationRunner(store),
			() => null,
			tempDir('dsw-listing-'),
			async () => options(registry, generous),
		);
		transfers.pullSuggestions(repository);
		await vi.waitFor(() => expect(tagRequests(registry)).toBe(1), {timeout: 5000, interval: 10});
		store.dispatch({type: 'dialog-close'});
		await vi.waitFor(() => expect(registry.abandoned()).toBe(1), {timeout: 5000, interval: 10});
		expect(registry.requests).toHaveLength(1);
	});

	test('a cut tag list says so in the view', async () => {
		const registry = await startHostileRegistry();
		registry.misbehave.endlessTags = true;
		const store = browsingStore(registry.host, 'demo/app');
		const actions = createRegistryActions(store, tempDir('dsw-listing-'), async () => options(registry, {...generous, pages: 2}));
		actions.loadTags(registry.host, 'demo/app', false);
		await vi.waitFor(() => expect(browse(store).loading).toBe(false), {timeout: 10_000, interval: 20});
		expect(browse(store).tagsCut).toBe('first 20 tags shown: the registry had more after 2 pages');
		expect(browse(store).tags).toHaveLength(20);
		expect(tagRequests(registry)).toBe(2);
	});
});
