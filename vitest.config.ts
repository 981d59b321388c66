import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// End-to-end files share one sandbox engine and drive tmux: one file at a time.
		fileParallelism: false,
		globalSetup: ['test/e2e/global-setup.ts'],
		testTimeout: 60_000,
		hookTimeout: 180_000,
	},
});
