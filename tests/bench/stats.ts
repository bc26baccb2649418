// Latency samples and their percentiles. Samples are kept whole (a run has at most a few hundred
// thousand), so percentiles are exact, and runs can be pooled before taking them.

export class Samples {
	#chunks: Float64Array[] = [];
	#current = new Float64Array(4096);
	#used = 0;

	add(value: number): void {
		if (this.#used === this.#current.length) {
			this.#chunks.push(this.#current);
			this.#current = new Float64Array(this.#current.length * 2);
			this.#used = 0;
		}
		this.#current[this.#used++] = value;
	}

	get count(): number {
		return this.#chunks.reduce((n, c) => n + c.length, 0) + this.#used;
	}

	values(): Float64Array {
		const out = new Float64Array(this.count);
		let at = 0;
		for (const chunk of this.#chunks) {
			out.set(chunk, at);
			at += chunk.length;
		}
		out.set(this.#current.subarray(0, this.#used), at);
		return out;
	}
}

export interface Distribution {
	count: number;
	p50: number;
	p90: number;
	p99: number;
	p999: number;
	max: number;
	mean: number;
}

export function distribution(values: Float64Array | number[]): Distribution {
	const sorted = Float64Array.from(values).sort();
	const n = sorted.length;
	if (n === 0) return { count: 0, p50: NaN, p90: NaN, p99: NaN, p999: NaN, max: NaN, mean: NaN };
	// Nearest rank: the smallest sample with at least q of all samples at or below it.
	const at = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))];
	let sum = 0;
	for (const v of sorted) sum += v;
	return { count: n, p50: at(0.5), p90: at(0.9), p99: at(0.99), p999: at(0.999), max: sorted[n - 1], mean: sum / n };
}

/** Several runs' samples as one distribution (the A runs of A B B A against the B runs). */
export function pooled(parts: (Float64Array | number[])[]): Distribution {
	const total = parts.reduce((n, p) => n + p.length, 0);
	const all = new Float64Array(total);
	let at = 0;
	for (const p of parts) {
		all.set(p, at);
		at += p.length;
	}
	return distribution(all);
}

export const round = (n: number, digits = 2) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : n);
