// CPU time and memory of processes, read from /proc (Linux), and the machine's load: the same
// measurement for both servers, whatever runs inside them.
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

// USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)); /proc counts in these ticks.
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, or NaN when it is gone. */
export function cpuSeconds(pid: number): number {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
	} catch {
		return NaN;
	}
}

/** Resident memory in MiB, or NaN when the process is gone. */
export function rssMiB(pid: number): number {
	try {
		const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) / 1024 : NaN;
	} catch {
		return NaN;
	}
}

/** Busy and total CPU time of the whole machine (all cores), in seconds. */
export function machineCpu(): { busy: number; total: number } {
	const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
	const values = line.trim().split(/\s+/).slice(1).map(Number);
	// user nice system idle iowait irq softirq steal (guest is already counted in user)
	const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
	const idle = values[3] + values[4];
	return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
}

export const cores = () => cpus().length;
export const load1 = () => loadavg()[0];

/** CPU of a process (fraction of one core) and its largest RSS over a window, sampled meanwhile. */
export class ProcessWatch {
	#pid: number;
	#startCpu: number;
	#startAt: number;
	#maxRss = 0;
	#timer: NodeJS.Timeout;

	constructor(pid: number, everyMs = 250) {
		this.#pid = pid;
		this.#startCpu = cpuSeconds(pid);
		this.#startAt = performance.now();
		this.#sample();
		this.#timer = setInterval(() => this.#sample(), everyMs);
		this.#timer.unref();
	}

	#sample() {
		const rss = rssMiB(this.#pid);
		if (rss > this.#maxRss) this.#maxRss = rss;
	}

	stop(): { cpu: number; rssMax: number; rssEnd: number } {
		clearInterval(this.#timer);
		this.#sample();
		const seconds = (performance.now() - this.#startAt) / 1000;
		return { cpu: (cpuSeconds(this.#pid) - this.#startCpu) / seconds, rssMax: this.#maxRss, rssEnd: rssMiB(this.#pid) };
	}
}

/** CPU of several processes together (the database backends of one server), fraction of a core. */
export class GroupWatch {
	#start = new Map<number, number>();
	#startAt = performance.now();
	constructor(pids: number[]) {
		for (const pid of pids) this.#start.set(pid, cpuSeconds(pid));
	}
	stop(): number {
		const seconds = (performance.now() - this.#startAt) / 1000;
		let used = 0;
		for (const [pid, start] of this.#start) {
			const now = cpuSeconds(pid);
			if (Number.isFinite(now) && Number.isFinite(start)) used += now - start;
		}
		return used / seconds;
	}
}

/** The generator's own CPU (this process) and the machine's, over a window. */
export class SelfWatch {
	#cpu = process.cpuUsage();
	#at = performance.now();
	#machine = machineCpu();
	stop(): { generator: number; machineBusy: number } {
		const used = process.cpuUsage(this.#cpu);
		const seconds = (performance.now() - this.#at) / 1000;
		const machine = machineCpu();
		return {
			generator: (used.user + used.system) / 1e6 / seconds,
			// busy cores out of all: 1.0 means every core busy
			machineBusy: (machine.busy - this.#machine.busy) / Math.max(1e-9, machine.total - this.#machine.total)
		};
	}
}
