import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		projects: [
			{
				// Pure logic and Ink rendering: no engine, no root, no sandbox (`npm run test:unit`).
				test: {name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}', 'test/ui/**/*.test.{ts,tsx}']},
			},
			{
				test: {
					name: 'e2e',
					include: ['test/e2e/**/*.test.{ts,tsx}'],
					// End-to-end files share one sandbox engine and drive tmux: one file at a time,
					// after the unit project, so its workers do not compete with tmux for the CPU.
					fileParallelism: false,
					sequence: {groupOrder: 1},
					globalSetup: ['test/e2e/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 180_000,
				},
			},
		],
	},
});
