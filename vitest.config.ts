import {availableParallelism} from 'node:os';
import {configDefaults, defineConfig} from 'vitest/config';

/**
 * References without a host name Docker Hub, which dockswab checks anonymously: tests contact only
 * loopback, so Hub checks are off unless a test points them at a loopback stand-in.
 */
const noDockerHub = {DOCKSWAB_DOCKER_HUB: 'off'};

/**
 * The Go programs the end-to-end files run (the docker CLI as their oracle, about 1,500 times a run,
 * ssh's docker, buildx) run on one core and collect garbage less often, as the sandbox's engines do
 * (scripts/sandbox): about 5 ms of CPU less per docker command on two busy cores.
 */
const goOnOneCore = {GOMAXPROCS: '1', GOGC: '400'};

/** End-to-end files that also run on the containerd image store. */
const containerdStoreFiles = [
	'plan-command',
	'clean-command',
	'disk-figures',
	'sync-status',
	'tagging',
	'transfer',
	'remote-delete',
	'housekeeping',
	'fleet',
	'plan-by-id',
	'foundation',
	'transfers-ui',
	'layers',
];

/**
 * Classic-project files that `npm test` runs beside the rest, with the containerd project on its
 * sandbox (scripts/test.mjs, DOCKSWAB_E2E_PART=second), so that the two runs take about as long.
 * None of them seeds the classic engine: they work on the containerd engine or on scenes
 * of their own, so the move costs no seed.
 */
const secondPartFiles = ['build-cache', 'multi-platform', 'layers-multi-platform', 'last-use', 'podman'].map(file => `test/e2e/${file}.test.ts`);
const e2ePart = process.env.DOCKSWAB_E2E_PART;

/**
 * A worker per core for the unit files: vitest's default leaves one core to its main process,
 * which here sits idle while many files wait on the child processes and servers they start
 * (on two cores, 65 s with one worker, 38 s with two).
 */
const unitWorkers = availableParallelism();

/**
 * expect.poll's deadline in the unit files: vitest's default, 1 s, is shorter than a loopback
 * session's first lists take on a loaded two-core machine (images-first.test.ts failed so, about
 * once in 40 runs). A deadline, not a wait: a poll that holds returns at once.
 */
const unitExpect = {poll: {timeout: 10_000}};

/** Each file's cleanups of the shared fixtures (temporary dirs, servers, runs left waiting). */
const cleanupHooks = 'test/fixtures/cleanup-hooks.ts';
const unitFiles = ['test/unit/**/*.test.{ts,tsx}', 'test/ui/**/*.test.{ts,tsx}'];
/**
 * Unit files that vi.mock a module (a module another file of the same worker loaded first would
 * not be replaced), and the one that measures its process's memory (another file's leftovers,
 * freed while it measured, once made the growth it measures negative).
 */
const mockingFiles = ['test/unit/action-failures.test.ts', 'test/unit/registries-visit.test.ts', 'test/unit/layer-memory.test.ts'];

export default defineConfig({
	test: {
		projects: [
			{
				// Pure logic and Ink rendering: no engine, no root, no sandbox (`npm run test:unit`).
				// The files of a worker share its modules (importing them again for each file took
				// about 40% of this project's time), so no file may leave a module changed.
				test: {
					name: 'unit',
					include: unitFiles,
					exclude: [...configDefaults.exclude, ...mockingFiles],
					isolate: false,
					maxWorkers: unitWorkers,
					expect: unitExpect,
					env: noDockerHub,
					setupFiles: [cleanupHooks],
				},
			},
			{
				// The files that replace a module (vi.mock) or measure memory get fresh modules of their own.
				test: {name: 'unit-mocking', include: mockingFiles, maxWorkers: unitWorkers, expect: unitExpect, env: noDockerHub, setupFiles: [cleanupHooks]},
			},
			{
				test: {
					name: 'e2e',
					include: e2ePart === 'second' ? secondPartFiles : ['test/e2e/**/*.test.{ts,tsx}'],
					exclude: e2ePart === 'first' ? [...configDefaults.exclude, ...secondPartFiles] : configDefaults.exclude,
					// End-to-end files share one sandbox engine and drive tmux: one file at a time.
					// `npm test` (scripts/test.mjs) runs this project beside the next one (with the
					// second-part files), as two vitest runs on two sandboxes, and the unit projects
					// beside both; one plain `vitest run` runs the projects in turn.
					fileParallelism: false,
					// One worker runs the files in turn and keeps the modules they share: a worker
					// per file cost about 0.4 s of CPU each, 20 core-seconds a run. Each file still
					// runs the setup files first (engine-under-test.ts sets DOCKER_HOST again).
					isolate: false,
					sequence: {groupOrder: 1},
					env: {DOCKSWAB_SANDBOX_ENGINE: 'classic', ...noDockerHub, ...goOnOneCore},
					setupFiles: ['test/e2e/engine-under-test.ts', cleanupHooks],
					globalSetup: ['test/e2e/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 180_000,
				},
			},
			{
				// The promises that depend on image identity and bytes, again on Docker 26 with the
				// containerd image store (what new installs use).
				test: {
					name: 'e2e-containerd',
					include: containerdStoreFiles.map(file => `test/e2e/${file}.test.ts`),
					env: {DOCKSWAB_SANDBOX_ENGINE: 'containerd', ...noDockerHub, ...goOnOneCore},
					setupFiles: ['test/e2e/engine-under-test.ts', cleanupHooks],
					fileParallelism: false,
					isolate: false,
					sequence: {groupOrder: 2},
					globalSetup: ['test/e2e/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 180_000,
				},
			},
		],
	},
});
