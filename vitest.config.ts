import {defineConfig} from 'vitest/config';

/** End-to-end files that also run on the containerd image store. */
/**
 * References without a host name Docker Hub, which dockswab checks anonymously: tests contact only
 * loopback, so Hub checks are off unless a test points them at a loopback stand-in.
 */
const noDockerHub = {DOCKSWAB_DOCKER_HUB: 'off'};

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

export default defineConfig({
	test: {
		projects: [
			{
				// Pure logic and Ink rendering: no engine, no root, no sandbox (`npm run test:unit`).
				test: {name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}', 'test/ui/**/*.test.{ts,tsx}'], env: noDockerHub},
			},
			{
				test: {
					name: 'e2e',
					include: ['test/e2e/**/*.test.{ts,tsx}'],
					// End-to-end files share one sandbox engine and drive tmux: one file at a time,
					// after the unit project, so its workers do not compete with tmux for the CPU.
					// `npm test` (scripts/test.mjs) runs this project and the next one at once, as
					// two vitest runs on two sandboxes; one plain `vitest run` runs them in turn.
					fileParallelism: false,
					sequence: {groupOrder: 1},
					env: {DOCKSWAB_SANDBOX_ENGINE: 'classic', ...noDockerHub},
					setupFiles: ['test/e2e/engine-under-test.ts'],
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
					env: {DOCKSWAB_SANDBOX_ENGINE: 'containerd', ...noDockerHub},
					setupFiles: ['test/e2e/engine-under-test.ts'],
					fileParallelism: false,
					sequence: {groupOrder: 2},
					globalSetup: ['test/e2e/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 180_000,
				},
			},
		],
	},
});
