// Browser tests: one production server (built once), one browser per test file, files one after
// another. They share the server's database, so each test uses its own people or creates them.
import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['tests/e2e/**/*.test.ts'],
		globalSetup: ['tests/e2e/global-setup.ts'],
		setupFiles: ['tests/e2e/setup.ts'],
		fileParallelism: false,
		maxWorkers: 1,
		sequence: { concurrent: false },
		testTimeout: 60_000,
		hookTimeout: 120_000,
		teardownTimeout: 30_000
	}
});
