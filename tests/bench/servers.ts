// The two servers under test, each in its own process with the probe preloaded:
// - ours as in production: the built app (`npm run build`), `node server/entry.js`, PostgreSQL;
// - the reference: @y/websocket-server 0.1.1's own bin (no authentication, no storage).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withBuildLock } from '../helpers/build-lock.ts';
import { freePort } from '../helpers/free-port.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PROBE = fileURLToPath(new URL('./probe.mjs', import.meta.url));
const REFERENCE_BIN = join(ROOT, 'node_modules', '@y', 'websocket-server', 'src', 'server.js');

export type ServerKind = 'ours' | 'reference';

export interface ProbeReport {
	delay: { p50: number; p99: number; max: number; mean: number };
	utilisation: number;
	heapMiB: number;
}

export interface StartOptions {
	port?: number;
	databaseUrl?: string;
	/** extra node flags, e.g. --cpu-prof */
	nodeArgs?: string[];
	env?: Record<string, string>;
	logDir: string;
}

// ---- the built app ---------------------------------------------------------------------------

function newestMtime(dir: string): number {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
		else newest = Math.max(newest, statSync(path).mtimeMs);
	}
	return newest;
}

/**
 * A private copy of the built app (build/ and server/entry.js) inside the repository, so that it
 * finds node_modules, and so that a rebuild by someone else cannot pull files from under a run.
 * Builds first when asked to, or when server/ or src/ changed after the last build.
 */
export async function prepareApp(options: { build: 'always' | 'never' | 'auto' }): Promise<{ entry: string; dir: string; built: boolean }> {
	const handler = join(ROOT, 'build', 'handler.js');
	const stale = !existsSync(handler) || Math.max(newestMtime(join(ROOT, 'server')), newestMtime(join(ROOT, 'src'))) > statSync(handler).mtimeMs;
	const build = options.build === 'always' || !existsSync(handler) || (options.build === 'auto' && stale);
	mkdirSync(join(ROOT, 'test-results'), { recursive: true });
	const dir = mkdtempSync(join(ROOT, 'test-results', 'bench-app-'));
	await withBuildLock(() => {
		if (build) {
			console.log('building the app (npm run build) …');
			const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
			if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
		}
		cpSync(join(ROOT, 'build'), join(dir, 'build'), { recursive: true });
		cpSync(join(ROOT, 'server', 'entry.js'), join(dir, 'server', 'entry.js'));
	});
	return { entry: join(dir, 'server', 'entry.js'), dir, built: build };
}

// ---- processes -------------------------------------------------------------------------------

export class BenchServer {
	readonly url: string;
	readonly origin: string;
	readonly exited: Promise<{ code: number | null; signal: string | null }>;
	#child: ChildProcess;
	#log: WriteStream;
	#errors: string[] = [];
	#probeWaiters = new Map<string, (message: unknown) => void>();

	constructor(
		readonly kind: ServerKind,
		readonly port: number,
		child: ChildProcess,
		readonly logFile: string
	) {
		this.url = `ws://127.0.0.1:${port}`;
		this.origin = `http://127.0.0.1:${port}`;
		this.#child = child;
		this.#log = createWriteStream(logFile, { flags: 'a' });
		for (const stream of [child.stdout!, child.stderr!]) {
			stream.pipe(this.#log, { end: false });
			let rest = '';
			stream.on('data', (chunk: Buffer) => {
				const lines = (rest + chunk.toString()).split('\n');
				rest = lines.pop()!;
				for (const line of lines) if (/error|failed|uncaught|unhandled/i.test(line)) this.#errors.push(line);
			});
		}
		child.on('message', (message: { probe?: string }) => {
			const waiter = message?.probe ? this.#probeWaiters.get(message.probe) : undefined;
			if (waiter) {
				this.#probeWaiters.delete(message.probe!);
				waiter(message);
			}
		});
		this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
		void this.exited.then(() => this.#log.end());
	}

	get pid(): number {
		return this.#child.pid!;
	}

	/** Lines of the server's output that look like errors. */
	get errors(): string[] {
		return [...this.#errors];
	}

	#probe(kind: 'reset' | 'report'): Promise<unknown> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`probe ${kind} timed out`)), 10_000);
			this.#probeWaiters.set(kind, (m) => {
				clearTimeout(timer);
				resolve(m);
			});
			this.#child.send({ probe: kind });
		});
	}

	async probeReset(): Promise<void> {
		await this.#probe('reset');
	}

	async probeReport(): Promise<ProbeReport> {
		return (await this.#probe('report')) as ProbeReport;
	}

	/** SIGTERM (ours stores what is pending and closes with 1012), then SIGKILL after a grace time. */
	async stop(graceMs = 15_000): Promise<{ code: number | null; signal: string | null; ms: number }> {
		const t0 = performance.now();
		if (this.#child.exitCode === null && this.#child.signalCode === null) {
			this.#child.kill('SIGTERM');
			const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
			const result = await this.exited;
			clearTimeout(timer);
			return { ...result, ms: performance.now() - t0 };
		}
		return { ...(await this.exited), ms: 0 };
	}
}

export async function startServer(kind: ServerKind, app: { entry: string } | null, options: StartOptions): Promise<BenchServer> {
	const port = options.port ?? (await freePort());
	const origin = `http://127.0.0.1:${port}`;
	const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', ...options.env };
	for (const key of Object.keys(env)) if (key.startsWith('SMTP')) delete env[key];
	let script: string;
	if (kind === 'ours') {
		if (!app) throw new Error('no app prepared');
		if (!options.databaseUrl) throw new Error('ours needs a database');
		Object.assign(env, { ORIGIN: origin, DATABASE_URL: options.databaseUrl, DATA_DIR: mkdtempSync(join(tmpdir(), 'mitsprache-bench-data-')) });
		delete env.PGLITE_DIR;
		delete env.MITSPRACHE_DEMO;
		script = app.entry;
	} else {
		// No YPERSISTENCE: the reference keeps documents in memory only.
		delete env.YPERSISTENCE;
		script = REFERENCE_BIN;
	}
	mkdirSync(options.logDir, { recursive: true });
	const logFile = join(options.logDir, `${kind}-${port}-${Date.now()}.log`);
	const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', PROBE, script], {
		cwd: ROOT,
		env,
		stdio: ['ignore', 'pipe', 'pipe', 'ipc']
	});
	const server = new BenchServer(kind, port, child, logFile);
	const listening = kind === 'ours' ? /listening on/ : /running at/;
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${kind} did not start within 60 s (log: ${logFile})`)), 60_000);
		let seen = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			seen += chunk.toString();
			if (listening.test(seen)) {
				clearTimeout(timer);
				resolve();
			}
		});
		void server.exited.then(({ code }) => {
			clearTimeout(timer);
			reject(new Error(`${kind} exited with ${code} while starting (log: ${logFile})`));
		});
	});
	return server;
}
