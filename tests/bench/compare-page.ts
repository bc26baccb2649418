// Benchmark: the compare page as a person sees it. Two versions of the generated 100-page paper
// (tests/bench/versions-fixture.ts, the texts of tests/bench/compare.ts) are stored through the
// real services in a fresh bench database; our production build serves the page; Chromium opens
// `/papers/<id>/compare?from=<A>&to=<B>` (inline) and the same with `&view=side`, a fresh browser
// context (empty cache, new page) every time, and the page's own clocks say when what happened.
//
// Run: npx tsx tests/bench/compare-page.ts [runs] [--build | --no-build]
//   runs: measured runs per view after 2 warm-ups (default 10). Build: as `npm run bench` (by
//   default when server/ or src/ changed after the last build; --no-build uses build/ as it is).
// Exits with 1 when the p95 of "diff visible" is 1 second or more in either view.
import os from 'node:os';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { updateYFragment } from '@tiptap/y-tiptap';
import { BenchDatabase } from './database.ts';
import { prepareApp, startServer, ROOT, type BenchServer } from './servers.ts';
import { comparedVersions, plainLength } from './versions-fixture.ts';
import { setDatabase } from '../../server/db/index.ts';
import { loadActor } from '../../server/people/actor.ts';
import { changePaper } from '../../server/collab/documents.ts';
import { shutdownCollab } from '../../server/collab/registry.ts';
import { paperNodeFromJSON, paperStateFromJSON } from '../../server/papers/document-content.ts';
import { PAPER_FRAGMENT } from '../../server/papers/document-schema.ts';
import { createVersion } from '../../server/versions/versions.ts';
import { SESSION_COOKIE } from '../../server/auth/sessions.ts';

const args = process.argv.slice(2);
const RUNS = Number(args.find((a) => /^\d+$/.test(a))) || 10;
const WARMUPS = 2;
const TARGET_MS = 1000;
const VIEWS = ['inline', 'side'] as const;
type View = (typeof VIEWS)[number];

/** What the page records about itself, from before its first byte is parsed (an init script). */
const PAGE_PROBE = `(() => {
	const bench = (window.__bench = { longTasks: [], lcp: null, diffInDom: null, diffPainted: null });
	try {
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, end: e.startTime + e.duration });
		}).observe({ type: 'longtask', buffered: true });
	} catch {}
	new PerformanceObserver((list) => {
		for (const e of list.getEntries()) {
			bench.lcp = { time: e.renderTime || e.startTime, inDiff: !!(e.element && e.element.closest('[data-testid="rendered-text"]')), tag: e.element ? e.element.tagName : null };
		}
	}).observe({ type: 'largest-contentful-paint', buffered: true });
	// The diff is visible at the first frame after its container holds changes: requestAnimationFrame
	// runs just before that frame is painted, a task queued from there runs right after it.
	const seen = () => {
		const diff = document.querySelector('[data-testid="rendered-text"]');
		return !!diff && !!diff.querySelector('ins, del, .diff-row, .diff-format');
	};
	const found = () => {
		bench.diffInDom = performance.now();
		requestAnimationFrame(() => {
			const channel = new MessageChannel();
			channel.port1.onmessage = () => (bench.diffPainted = performance.now());
			channel.port2.postMessage(null);
		});
	};
	const observer = new MutationObserver(() => {
		if (bench.diffInDom === null && seen()) {
			observer.disconnect();
			found();
		}
	});
	observer.observe(document, { childList: true, subtree: true });
})();`;

interface Probe {
	longTasks: { start: number; end: number }[];
	lcp: { time: number; inDiff: boolean; tag: string | null } | null;
	diffInDom: number | null;
	diffPainted: number | null;
}

const MEASURES = ['response start', 'response end', 'DOMContentLoaded', 'first contentful paint', 'diff visible', 'largest contentful paint', 'load', 'main thread quiet'] as const;
type Measure = (typeof MEASURES)[number];

/** Chromium's counters of the renderer's main thread (Performance.getMetrics, `<name>Duration`). */
const MAIN_THREAD = ['Script', 'RecalcStyle', 'Layout', 'Task'] as const;

interface RunResult {
	ms: Record<Measure, number>;
	longTaskMs: number;
	mainThread: Record<(typeof MAIN_THREAD)[number], number>;
	htmlBytes: number;
	renderedBytes: number;
	scriptBytes: number;
	lcpInDiff: boolean;
	renderedChars: number;
}

function stats(ms: number[]) {
	const sorted = [...ms].sort((a, b) => a - b);
	const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
	return { median: at(0.5), p95: at(0.95), min: sorted[0], max: sorted[sorted.length - 1] };
}

const fmt = (n: number) => `${n.toFixed(0)} ms`;

/** A paper of the benchmark committee holding version A, changed to B, with both versions saved by a delegate. */
async function seedPaper(db: BenchDatabase) {
	const { older, newer } = comparedVersions(300_000);
	const [person] = await db.people(1);
	const actor = await loadActor(db.db, person.id);
	if (!actor) throw new Error('no actor for the bench person');
	const [paperId] = await db.papers(1, 'Vergleich (100 Seiten)');
	// The original text as the paper's stored state, as the collaboration server leaves it.
	await db.putState(paperId, paperStateFromJSON(older));
	// The services read the paper through the process-wide database and collaboration registry.
	setDatabase(db.handle);
	try {
		const a = await createVersion(db.db, actor, paperId, { name: 'Entwurf A' });
		// Only what differs, as a restore does (updateYFragment): the edit a person would have made.
		const target = paperNodeFromJSON(newer);
		await changePaper(paperId, (doc) => updateYFragment(doc, doc.getXmlFragment(PAPER_FRAGMENT), target, { mapping: new Map(), isOMark: new Map() }));
		const b = await createVersion(db.db, actor, paperId, { name: 'Entwurf B' });
		if (!a.created || !b.created || a.id === b.id) throw new Error('the two versions were not both stored');
		return { paperId, from: a.id, to: b.id, cookie: person.cookie, chars: plainLength(newer), blocks: older.content!.length };
	} finally {
		await shutdownCollab();
		setDatabase(undefined);
	}
}

async function openOnce(browser: Browser, server: BenchServer, url: string, cookie: string, check: boolean): Promise<RunResult> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	try {
		const [name, ...value] = cookie.split('=');
		if (name !== SESSION_COOKIE) throw new Error(`unexpected cookie ${name}`);
		await context.addCookies([{ name, value: value.join('='), url: server.origin }]);
		await context.addInitScript({ content: PAGE_PROBE });
		const page = await context.newPage();
		// Where the renderer's main thread spent its time (Chromium's own counters, from navigation on).
		const cdp = await context.newCDPSession(page);
		await cdp.send('Performance.enable');
		const errors: string[] = [];
		page.on('pageerror', (err) => errors.push(err.message));
		const response = await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
		if (response?.status() !== 200) throw new Error(`${url}: HTTP ${response?.status()}`);
		// The main thread is quiet when no long task (> 50 ms: parsing, hydration) ended in the last 500 ms.
		await page.waitForFunction(
			() => {
				const b = (window as unknown as { __bench: Probe }).__bench;
				const lastEnd = Math.max(0, ...b.longTasks.map((t) => t.end));
				return b.diffPainted !== null && performance.now() - lastEnd > 500;
			},
			undefined,
			{ timeout: 60_000, polling: 100 }
		);
		const m = await page.evaluate(() => {
			const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
			const fcp = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
			const b = (window as unknown as { __bench: Probe }).__bench;
			const diff = document.querySelector('[data-testid="rendered-text"]');
			return {
				responseStart: nav.responseStart,
				responseEnd: nav.responseEnd,
				domContentLoaded: nav.domContentLoadedEventEnd,
				load: nav.loadEventEnd,
				fcp: fcp?.startTime ?? NaN,
				htmlBytes: nav.encodedBodySize,
				probe: b,
				renderedChars: diff?.textContent?.length ?? 0,
				// What the page carries twice: the diff's HTML in the page, and again in the data for hydration.
				renderedBytes: diff?.innerHTML.length ?? 0,
				scriptBytes: [...document.scripts].reduce((n, s) => n + (s.textContent?.length ?? 0), 0),
				summary: document.querySelector('[data-testid="compare-summary"]')?.textContent?.trim() ?? ''
			};
		});
		const counters = new Map((await cdp.send('Performance.getMetrics')).metrics.map((c) => [c.name, c.value * 1000]));
		if (errors.length) throw new Error(`${url}: page errors: ${errors.join('; ')}`);
		if (check && (!m.summary || m.renderedChars < 250_000)) throw new Error(`${url}: no comparison on the page (summary "${m.summary}", ${m.renderedChars} characters)`);
		const p = m.probe;
		const lastLongTask = Math.max(0, ...p.longTasks.map((t) => t.end));
		return {
			ms: {
				'response start': m.responseStart,
				'response end': m.responseEnd,
				DOMContentLoaded: m.domContentLoaded,
				'first contentful paint': m.fcp,
				// Not before the first contentful paint: the frame after the diff arrived may still have to be presented.
				'diff visible': Math.max(p.diffPainted!, m.fcp),
				'largest contentful paint': p.lcp?.time ?? NaN,
				load: m.load,
				'main thread quiet': Math.max(m.load, lastLongTask)
			},
			longTaskMs: p.longTasks.reduce((n, t) => n + t.end - t.start, 0),
			mainThread: Object.fromEntries(MAIN_THREAD.map((name) => [name, counters.get(`${name}Duration`) ?? NaN])) as Record<(typeof MAIN_THREAD)[number], number>,
			htmlBytes: m.htmlBytes,
			renderedBytes: m.renderedBytes,
			scriptBytes: m.scriptBytes,
			lcpInDiff: !!p.lcp?.inDiff,
			renderedChars: m.renderedChars
		};
	} finally {
		await context.close();
	}
}

async function main() {
	const build = args.includes('--build') ? 'always' : args.includes('--no-build') ? 'never' : 'auto';
	const loadAtStart = os.loadavg();
	const cpus = os.cpus();
	console.log(
		`machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Linux ${os.release()}, Node ${process.version}; load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}`
	);
	let app: Awaited<ReturnType<typeof prepareApp>> | undefined;
	let db: BenchDatabase | undefined;
	let server: BenchServer | undefined;
	let browser: Browser | undefined;
	let cleaning: Promise<void> | undefined;
	const cleanup = () =>
		(cleaning ??= (async () => {
			await browser?.close().catch((err) => console.error('could not close the browser', err));
			await server?.stop().catch((err) => console.error('could not stop the server', err));
			await db?.drop().catch((err) => console.error('could not drop the bench database', err));
			if (app) rmSync(app.dir, { recursive: true, force: true });
		})());
	process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
	process.once('SIGTERM', () => void cleanup().then(() => process.exit(143)));

	try {
		app = await prepareApp({ build });
		db = await BenchDatabase.create();
		const t0 = performance.now();
		const paper = await seedPaper(db);
		console.log(
			`paper: ${paper.chars.toLocaleString('en')} characters of text, ${paper.blocks} top-level blocks, versions A and B stored through the services (${((performance.now() - t0) / 1000).toFixed(1)} s)`
		);
		const logDir = join(ROOT, 'test-results', 'bench', `${new Date().toISOString().replace(/[:.]/g, '-')}-compare-page`);
		server = await startServer('ours', app, { databaseUrl: db.url, logDir });
		browser = await launchChromium();
		console.log(`server ${server.origin} (build ${app.built ? 'fresh' : 'as it was'}), Chromium ${browser.version()}; bench database ${db.name}`);

		const base = `${server.origin}/papers/${paper.paperId}/compare?from=${paper.from}&to=${paper.to}`;
		const urls: Record<View, string> = { inline: base, side: `${base}&view=side` };
		const results: Record<View, RunResult[]> = { inline: [], side: [] };
		const loads: number[] = [];
		for (let run = 0; run < WARMUPS + RUNS; run++) {
			// Both views in every run, alternating which goes first, so that a busy moment hits both.
			const order = run % 2 ? [...VIEWS].reverse() : VIEWS;
			for (const view of order) {
				const result = await openOnce(browser, server, urls[view], paper.cookie, run === 0);
				if (run >= WARMUPS) results[view].push(result);
			}
			loads.push(os.loadavg()[0]);
			if (run >= WARMUPS) process.stdout.write(`  run ${run - WARMUPS + 1}/${RUNS}: inline ${fmt(results.inline.at(-1)!.ms['diff visible'])}, side ${fmt(results.side.at(-1)!.ms['diff visible'])}\n`);
		}

		console.log(`\n${RUNS} runs per view after ${WARMUPS} warm-ups; each a fresh browser context (empty cache). Milliseconds from navigation start:`);
		const summary: Record<string, Record<string, { median: number; p95: number }>> = {};
		for (const view of VIEWS) {
			const rs = results[view];
			const millions = (pick: (r: RunResult) => number) => (stats(rs.map(pick)).median / 1e6).toFixed(2);
			console.log(
				`${view}: page ${(stats(rs.map((r) => r.htmlBytes)).median / 2 ** 20).toFixed(2)} MiB (of it, in millions of characters: the diff's HTML ${millions((r) => r.renderedBytes)}, inline scripts ${millions((r) => r.scriptBytes)}), ${stats(rs.map((r) => r.renderedChars)).median.toLocaleString('en')} characters in the diff; largest contentful paint inside the diff in ${rs.filter((r) => r.lcpInDiff).length}/${rs.length} runs`
			);
			summary[view] = {};
			for (const measure of MEASURES) {
				const s = stats(rs.map((r) => r.ms[measure]));
				summary[view][measure] = { median: Math.round(s.median), p95: Math.round(s.p95) };
				console.log(`  ${view.padEnd(6)} ${measure.padEnd(24)} median ${fmt(s.median).padStart(8)}   p95 ${fmt(s.p95).padStart(8)}   min ${fmt(s.min).padStart(8)}   max ${fmt(s.max).padStart(8)}`);
			}
			const lt = stats(rs.map((r) => r.longTaskMs));
			console.log(`  ${view.padEnd(6)} ${'long tasks (sum)'.padEnd(24)} median ${fmt(lt.median).padStart(8)}   p95 ${fmt(lt.p95).padStart(8)}`);
			console.log(
				`  ${view.padEnd(6)} main thread, median: ${MAIN_THREAD.map((name) => `${name === 'Task' ? 'all tasks' : name} ${fmt(stats(rs.map((r) => r.mainThread[name])).median)}`).join(', ')}`
			);
		}
		const loadAtEnd = os.loadavg();
		console.log(
			`load average during the runs: ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} (1 minute; at the start ${loadAtStart[0].toFixed(2)}, at the end ${loadAtEnd[0].toFixed(2)}) on ${cpus.length} cores`
		);
		if (server.errors.length) console.log(`${server.errors.length} server error lines (first: ${server.errors[0]}; log ${server.logFile})`);
		const worst = Math.max(...VIEWS.map((v) => summary[v]['diff visible'].p95));
		// One line for tests/bench/scenarios/workflow.ts.
		console.log(`RESULT ${JSON.stringify({ runs: RUNS, load: { start: loadAtStart[0], min: Math.min(...loads), max: Math.max(...loads), end: loadAtEnd[0] }, summary })}`);
		console.log(worst < TARGET_MS ? `OK: p95 of "diff visible" ${fmt(worst)} is under 1 second` : `TOO SLOW: p95 of "diff visible" ${fmt(worst)} is not under 1 second`);
		if (worst >= TARGET_MS) process.exitCode = 1;
	} catch (err) {
		console.error(err);
		process.exitCode = 1;
	} finally {
		await cleanup();
	}
	// Nothing more to wait for (pg pools and the browser's pipes can keep the loop alive for a while).
	process.exit(process.exitCode ?? 0);
}

void main();
