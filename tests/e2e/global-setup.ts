// Builds the app (unless E2E_BUILD_FRESH=1 says build/ is current), starts the production server
// (`node server/entry.js`) on a free port with a fresh database and the demo accounts, waits for
// /healthz and stops the server afterwards. PGlite in a temporary directory unless DATABASE_URL is
// set; then a fresh database `mitsprache_e2e` on that PostgreSQL server.
//
// The server runs from a private copy of build/ (and of server/entry.js, which imports
// ../build/handler.js) under test-results/: SvelteKit loads route chunks lazily, so a later
// `npm run build` in the same working tree would otherwise pull the files from under a running
// test. Builds started by this harness wait for each other (a lock directory).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { databaseUrl } from '../helpers/pg-urls.ts';
import { withBuildLock } from '../helpers/build-lock.ts';
import { freePort } from '../helpers/free-port.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const E2E_DATABASE = 'mitsprache_e2e';
/** The last run's server output, kept for reading after a failure. */
const LAST_LOG = join(ROOT, 'test-results', 'e2e-server.log');

declare module 'vitest' {
	export interface ProvidedContext {
		baseUrl: string;
		databaseKind: 'pglite' | 'postgres';
	}
}

async function freshPostgresDatabase(url: string): Promise<string> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await client.query(`DROP DATABASE IF EXISTS ${E2E_DATABASE} WITH (FORCE)`);
		await client.query(`CREATE DATABASE ${E2E_DATABASE}`);
	} finally {
		await client.end();
	}
	return databaseUrl(url, E2E_DATABASE);
}

function logTail(log: string): string {
	try {
		return readFileSync(log, 'utf8').split('\n').slice(-40).join('\n');
	} catch {
		return '(no server log)';
	}
}

async function waitForHealth(baseUrl: string, server: ChildProcess, log: string, timeoutMs: number): Promise<{ database: string }> {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < deadline) {
		if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}:\n${logTail(log)}`);
		try {
			const res = await fetch(`${baseUrl}/healthz`);
			if (res.ok) return (await res.json()) as { database: string };
			last = `HTTP ${res.status}`;
		} catch (err) {
			last = (err as Error).message;
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`the server did not become healthy within ${timeoutMs} ms (${last}):\n${logTail(log)}`);
}

function stop(server: ChildProcess): Promise<void> {
	if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const kill = setTimeout(() => server.kill('SIGKILL'), 10_000);
		server.once('exit', () => {
			clearTimeout(kill);
			resolve();
		});
		server.kill('SIGTERM');
	});
}

/** Builds (unless told build/ is fresh) and copies the app to `dir`; returns the entry to run. */
function buildInto(dir: string): string {
	if (process.env.E2E_BUILD_FRESH !== '1') {
		const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
		if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
	}
	// Inside the repository, so that the copy finds node_modules and package.json ("type": "module").
	cpSync(join(ROOT, 'build'), join(dir, 'build'), { recursive: true });
	cpSync(join(ROOT, 'server', 'entry.js'), join(dir, 'server', 'entry.js'));
	return join(dir, 'server', 'entry.js');
}

export default async function setup(project: TestProject) {
	mkdirSync(join(ROOT, 'test-results'), { recursive: true });
	const appDir = mkdtempSync(join(ROOT, 'test-results', 'e2e-app-'));
	let entry: string;
	try {
		entry = await withBuildLock(() => buildInto(appDir));
	} catch (err) {
		rmSync(appDir, { recursive: true, force: true });
		throw err;
	}

	const dataDir = mkdtempSync(join(tmpdir(), 'mitsprache-e2e-'));
	const port = await freePort();
	const baseUrl = `http://127.0.0.1:${port}`;
	const env: NodeJS.ProcessEnv = {
		...process.env,
		NODE_ENV: 'production',
		DATA_DIR: dataDir,
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: baseUrl,
		MITSPRACHE_DEMO: '1'
	};
	delete env.PGLITE_DIR;
	// No mail from tests: invitation links are read from the page.
	for (const key of Object.keys(env)) if (key.startsWith('SMTP')) delete env[key];
	const expectedKind = process.env.DATABASE_URL ? 'postgres' : 'pglite';
	if (process.env.DATABASE_URL) env.DATABASE_URL = await freshPostgresDatabase(process.env.DATABASE_URL);
	else delete env.DATABASE_URL;

	const logFile = join(appDir, 'server.log');
	const log = createWriteStream(logFile);
	const server = spawn(process.execPath, [entry], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
	server.stdout!.pipe(log);
	server.stderr!.pipe(log);

	const teardown = async () => {
		await stop(server);
		await new Promise((resolve) => log.end(resolve));
		cpSync(logFile, LAST_LOG);
		rmSync(dataDir, { recursive: true, force: true });
		rmSync(appDir, { recursive: true, force: true });
	};
	try {
		const health = await waitForHealth(baseUrl, server, logFile, 90_000);
		if (health.database !== expectedKind) throw new Error(`the server uses ${health.database}, expected ${expectedKind}`);
	} catch (err) {
		await teardown();
		throw err;
	}

	project.provide('baseUrl', baseUrl);
	project.provide('databaseKind', expectedKind);
	return teardown;
}
