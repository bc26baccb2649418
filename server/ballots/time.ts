// Dates in forms and mails are the federation's wall-clock time, whatever zone the server or the
// browser runs in. The pages format dates in the same zone: keep in step with TIME_ZONE in
// src/lib/i18n/index.ts.
export const FEDERATION_TIME_ZONE = 'Europe/Berlin';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The offset of a zone from UTC at an instant, in minutes (Berlin in summer: +120). */
function offsetMinutes(instant: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit'
	}).formatToParts(new Date(instant));
	const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
	const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
	return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** Reads a `datetime-local` value ("2026-12-01T18:00" or with seconds) as wall-clock time in the zone. */
export function parseLocalDateTime(value: string, timeZone = FEDERATION_TIME_ZONE): Date | null {
	const m = LOCAL.exec(value.trim());
	if (!m) return null;
	const [, y, mo, d, h, mi, s] = m.map(Number);
	const wall = Date.UTC(y, mo - 1, d, h, mi, s || 0);
	if (Number.isNaN(wall)) return null;
	// Two rounds settle the offset also next to a daylight-saving change.
	let guess = wall - offsetMinutes(wall, timeZone) * 60_000;
	guess = wall - offsetMinutes(guess, timeZone) * 60_000;
	const date = new Date(guess);
	return Number.isNaN(date.getTime()) ? null : date;
}

/** The value for a `datetime-local` input showing this instant in the zone (seconds included). */
export function toLocalDateTime(date: Date, timeZone = FEDERATION_TIME_ZONE): string {
	const shifted = new Date(date.getTime() + offsetMinutes(date.getTime(), timeZone) * 60_000);
	return shifted.toISOString().slice(0, 19);
}

/** A deadline in words ("Mittwoch, 25. November 2026 um 18:00"), for mails and messages. */
export function formatInZone(date: Date, locale: 'de' | 'en', timeZone = FEDERATION_TIME_ZONE): string {
	return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone }).format(date);
}
