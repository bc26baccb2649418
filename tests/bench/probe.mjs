// Preloaded into each benchmarked server (node --import): measures the event loop's delay and
// utilisation and answers the harness over the IPC channel. The same probe for both servers, and
// nothing of it in the application's code.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const RESOLUTION_MS = 5;

if (process.send) {
	const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
	histogram.enable();
	let since = performance.eventLoopUtilization();
	// The histogram holds the whole timer interval; the delay is what lies beyond the resolution.
	const ms = (ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
	process.on('message', (message) => {
		if (message?.probe === 'reset') {
			histogram.reset();
			since = performance.eventLoopUtilization();
			process.send({ probe: 'reset' });
		} else if (message?.probe === 'report') {
			const utilisation = performance.eventLoopUtilization(since).utilization;
			process.send({
				probe: 'report',
				delay: { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), mean: ms(histogram.mean) },
				utilisation,
				heapMiB: process.memoryUsage().heapUsed / 1024 / 1024
			});
		}
	});
	// The channel must not keep a server alive that wants to exit (after SIGTERM).
	process.channel?.unref();
	// A server without its own SIGTERM handling (the reference) exits normally, so that --cpu-prof
	// writes its profile; one with a handler (ours: store, then exit) is left to it.
	process.on('SIGTERM', () => {
		if (process.listenerCount('SIGTERM') === 1) process.exit(0);
	});
}
