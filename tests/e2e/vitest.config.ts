// Browser tests: one production server (built once), one browser per test file, files one after
// another. They share the server's database, so each test uses its own people or creates them.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// tsconfig.json extends SvelteKit's generated one; in a fresh clone it does not exist yet, and
// without the SvelteKit plugin here nothing would generate it before these files are transformed.
if (!existsSync('.svelte-kit/tsconfig.json')) {
	const sync = spawnSync('npx', ['svelte-kit', 'sync'], { stdio: 'inherit' });
	if (sync.status !== 0) throw new Error('svelte-kit sync failed');
}

export default defineConfig({
	test: {
		include: ['tests/e2e/**/*.test.ts'],
		globalSetup: ['tests/e2e/global-setup.ts'],
		setupFiles: ['tests/e2e/setup.ts'],
		fileParallelism: false,
		maxWorkers: 1,
		sequence: { concurrent: false },
		testTimeout: 60_000,
		// One more try for a browser test that timed out on a loaded machine; a real failure fails
		// twice. Each test makes its own paper and people, so a second run starts clean.
		retry: 1,
		hookTimeout: 120_000,
		teardownTimeout: 30_000
	}
});
