// What the production entry needs from the app, published on globalThis by hooks.server.ts so
// that server/entry.js and the pages share one module instance.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { handleUpgrade } from './collab/upgrade.ts';
import { database } from './db/index.ts';

export interface Runtime {
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
	shutdown(): Promise<void>;
}

const shutdownHooks: (() => Promise<void>)[] = [];

/** Services with something to flush (the collaboration server, timers) register here. */
export function onShutdown(hook: () => Promise<void>): void {
	shutdownHooks.push(hook);
}

export function publishRuntime(): void {
	const runtime: Runtime = {
		handleUpgrade,
		async shutdown() {
			for (const hook of shutdownHooks.reverse()) await hook();
			await database().close();
		}
	};
	(globalThis as Record<symbol, unknown>)[Symbol.for('mitsprache.runtime')] = runtime;
}
