// The ballot clock: opens scheduled ballots, closes due ones and sends due reminders, at
// start-up and then by a timer set to the next stored event (read with the database clock), with
// a periodic check as a safety net. Every action is idempotent and decided by the database
// (conditional updates, claimed reminder rows), so a restart, a late timer or a second process
// never misses or repeats one.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { closeDueBallots, msUntilNextEvent, openDueBallots } from '../ballots/closing.ts';
import { sendDueReminders, type ReminderOptions } from '../ballots/reminders.ts';
import { onShutdown } from '../runtime.ts';

export interface BallotJobOptions extends ReminderOptions {
	/** the longest sleep between checks, also when no event is due (default 60 s) */
	maxSleepMs?: number;
	/** called after each run, for tests and logs */
	onRun?: (report: { opened: string[]; closed: string[]; reminders: number }) => void;
}

export interface BallotJob {
	/** Runs now (after a ballot was opened or extended), instead of at the next timer. */
	wake(): void;
	/** One run, awaited; used by wake and the timer. */
	run(): Promise<void>;
	stop(): Promise<void>;
}

const RETRY_MS = 5_000;
const MIN_SLEEP_MS = 20;

export function startBallotJob(db: Kysely<DB>, options: BallotJobOptions = {}): BallotJob {
	const maxSleep = options.maxSleepMs ?? 60_000;
	let timer: ReturnType<typeof setTimeout> | undefined;
	let running: Promise<void> | undefined;
	let again = false;
	let stopped = false;

	function schedule(ms: number) {
		if (stopped) return;
		clearTimeout(timer);
		timer = setTimeout(() => void run(), Math.min(Math.max(ms, MIN_SLEEP_MS), maxSleep));
		timer.unref?.();
	}

	async function once(): Promise<number> {
		const opened = await openDueBallots(db);
		const closed = await closeDueBallots(db);
		const reminders = await sendDueReminders(db, options);
		options.onRun?.({ opened, closed: closed.map((c) => c.ballotId), reminders: reminders.length });
		// A timer can fire a hair early against the database clock: the next event is then
		// "due in 0 ms" and MIN_SLEEP_MS keeps the loop from spinning.
		return (await msUntilNextEvent(db)) ?? maxSleep;
	}

	function run(): Promise<void> {
		if (stopped) return Promise.resolve();
		if (running) {
			again = true;
			return running;
		}
		running = (async () => {
			let next = maxSleep;
			try {
				do {
					again = false;
					next = await once();
				} while (again && !stopped);
			} catch (err) {
				// A database closed under the job (shutdown, the end of a test file) ends it quietly.
				if (err instanceof Error && /has already been destroyed|PGlite is closed/i.test(err.message)) stopped = true;
				else console.error('[ballots] job run failed:', err instanceof Error ? err.message : err);
				next = RETRY_MS;
			} finally {
				running = undefined;
			}
			schedule(next);
		})();
		return running;
	}

	void run();
	return {
		wake: () => void run(),
		run,
		async stop() {
			stopped = true;
			clearTimeout(timer);
			await running?.catch(() => {});
		}
	};
}

// The process-wide job, started once by bootstrap; services wake it after changing a ballot's times.
const KEY = Symbol.for('mitsprache.ballotJob');
type G = typeof globalThis & { [KEY]?: BallotJob };

export function startProcessBallotJob(db: Kysely<DB>, options?: BallotJobOptions): BallotJob {
	const g = globalThis as G;
	if (!g[KEY]) {
		g[KEY] = startBallotJob(db, options);
		onShutdown(stopProcessBallotJob);
	}
	return g[KEY];
}

export async function stopProcessBallotJob(): Promise<void> {
	const g = globalThis as G;
	const job = g[KEY];
	g[KEY] = undefined;
	await job?.stop();
}

/** Tells the running job (if any) that a ballot's times changed. */
export function wakeBallotJob(): void {
	(globalThis as G)[KEY]?.wake();
}
