// Bounds and timings of the collaboration server. Production uses the defaults; tests shrink the
// timings (and some bounds) with configureCollab() before the first connection.

export interface CollabSettings {
	/** Largest websocket frame accepted (ws closes with 1009 beyond it). */
	maxPayloadBytes: number;
	/** Largest encoded Yjs state a paper may reach; a change beyond it closes with 4413. */
	maxPaperBytes: number;
	maxConnectionsPerPaper: number;
	maxConnectionsPerPerson: number;
	/** Awareness client ids one connection may speak for (a tab has one; reconnects keep it). */
	maxAwarenessIdsPerConnection: number;
	maxAwarenessBytes: number;
	/** What a connection may send while its paper loads, before it counts as flooding. */
	maxQueuedBytesPerConnection: number;
	/** A client that does not read its socket is dropped beyond this much unsent data. */
	maxBufferedBytesPerConnection: number;
	/** Stored updates after which they are folded into the paper's state row. */
	compactEvery: number;
	/** Papers loading at the same time (clients reconnect together after a restart). */
	maxConcurrentLoads: number;
	/** Quiet time after the last edit before the text and JSON renderings are written. */
	deriveAfterMs: number;
	/** Longest the renderings lag behind during continuous typing. */
	deriveAtMostEveryMs: number;
	/** Grace time after the last client left before the paper is unloaded (a reload comes back). */
	unloadAfterMs: number;
	heartbeatMs: number;
	/** Attempts to store a batch of updates before the paper's clients are closed with 1011. */
	writeAttempts: number;
	/** Batches of one paper being stored at once (an edit then waits for its own commit, not the one before). */
	maxFlightsPerPaper: number;
	/** Writes (INSERTs of several papers' batches) in flight at once, across all papers. */
	maxWritesInFlight: number;
}

export const MAX_PAPER_BYTES = 5_000_000;

const defaults: CollabSettings = {
	maxPayloadBytes: 1024 * 1024,
	maxPaperBytes: MAX_PAPER_BYTES,
	maxConnectionsPerPaper: 300,
	maxConnectionsPerPerson: 20,
	maxAwarenessIdsPerConnection: 4,
	maxAwarenessBytes: 64 * 1024,
	maxQueuedBytesPerConnection: 8 * 1024 * 1024,
	maxBufferedBytesPerConnection: 32 * 1024 * 1024,
	compactEvery: 500,
	maxConcurrentLoads: 4,
	deriveAfterMs: 1500,
	deriveAtMostEveryMs: 15_000,
	unloadAfterMs: 5000,
	heartbeatMs: 30_000,
	writeAttempts: 4,
	maxFlightsPerPaper: 2,
	maxWritesInFlight: 2
};

export const settings: CollabSettings = { ...defaults };

export function configureCollab(overrides: Partial<CollabSettings>): void {
	Object.assign(settings, overrides);
}
