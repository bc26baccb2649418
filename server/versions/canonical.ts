/**
 * JSON with object keys sorted. PostgreSQL's jsonb stores keys in its own order, so a document read
 * back from the database and the same document derived from Yjs stringify differently; comparisons
 * and hashes must not see that as a change.
 */
export function canonicalJson(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) => {
		if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
		const sorted: Record<string, unknown> = {};
		for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
		return sorted;
	});
}
