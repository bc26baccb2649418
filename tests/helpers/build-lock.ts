// One build of the app at a time on this machine: the browser tests and the benchmarks both build
// it, and two `vite build`s in one tree would write over each other.
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BUILD_LOCK = join(tmpdir(), 'mitsprache-e2e-build.lock');

export async function withBuildLock<T>(work: () => T): Promise<T> {
	const deadline = Date.now() + 10 * 60_000;
	for (;;) {
		try {
			mkdirSync(BUILD_LOCK);
			break;
		} catch {
			// A lock older than five minutes belongs to a run that died.
			const age = Date.now() - (statSync(BUILD_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
			if (age > 5 * 60_000) rmSync(BUILD_LOCK, { recursive: true, force: true });
			if (Date.now() > deadline) throw new Error(`waited too long for ${BUILD_LOCK}`);
			await new Promise((r) => setTimeout(r, 500));
		}
	}
	try {
		return work();
	} finally {
		rmSync(BUILD_LOCK, { recursive: true, force: true });
	}
}
