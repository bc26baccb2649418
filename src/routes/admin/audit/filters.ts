// The audit page's filters from the query string. Dates are whole days in the federation's time
// zone (the office works in Berlin), so "to 3 March" includes all of 3 March there.
import { z } from 'zod';
import type { AuditFilter } from '$server/audit';

export const TIME_ZONE = 'Europe/Berlin';
export const PAGE_SIZE = 50;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const day = /^\d{4}-\d{2}-\d{2}$/;

/** How far the zone is ahead of UTC at an instant, in ms. */
function offsetMs(at: number, timeZone: string): number {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
			.formatToParts(at)
			.map((p) => [p.type, p.value])
	);
	return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second) - Math.floor(at / 1000) * 1000;
}

/** The instant a calendar day (YYYY-MM-DD) begins in the zone. */
export function startOfDay(date: string, timeZone = TIME_ZONE): Date {
	const utcMidnight = Date.parse(`${date}T00:00:00Z`);
	const guess = utcMidnight - offsetMs(utcMidnight, timeZone);
	return new Date(utcMidnight - offsetMs(guess, timeZone));
}

function isDay(s: string): boolean {
	return day.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
}

function nextDay(date: string): string {
	return new Date(Date.parse(`${date}T00:00:00Z`) + 86400_000).toISOString().slice(0, 10);
}

const querySchema = z.object({
	person: z.string().trim().default(''),
	objectType: z.string().trim().max(100).default(''),
	objectId: z.string().trim().max(200).default(''),
	from: z.string().trim().default(''),
	to: z.string().trim().default(''),
	before: z.string().trim().default('')
});

export type AuditQuery = z.output<typeof querySchema>;

/** The filter for the database, the values for the form, and per-field errors. */
export function parseAuditQuery(params: URLSearchParams): { query: AuditQuery; filter: AuditFilter; errors: Record<string, string> } {
	const query = querySchema.parse(Object.fromEntries(['person', 'objectType', 'objectId', 'from', 'to', 'before'].map((k) => [k, params.get(k) ?? undefined])));
	const errors: Record<string, string> = {};
	const filter: AuditFilter = { limit: PAGE_SIZE + 1 };
	if (query.person) {
		if (uuid.test(query.person)) filter.actorId = query.person;
		else errors.person = 'form.invalid';
	}
	if (query.objectType) filter.objectType = query.objectType;
	if (query.objectId) filter.objectId = query.objectId;
	if (query.from) {
		if (isDay(query.from)) filter.from = startOfDay(query.from);
		else errors.from = 'admin.audit.invalidDate';
	}
	if (query.to) {
		if (isDay(query.to)) filter.to = new Date(startOfDay(nextDay(query.to)).getTime() - 1);
		else errors.to = 'admin.audit.invalidDate';
	}
	if (filter.from && filter.to && filter.to < filter.from) errors.to = 'admin.audit.toBeforeFrom';
	if (/^\d{1,15}$/.test(query.before)) filter.beforeId = Number(query.before);
	return { query, filter, errors };
}
