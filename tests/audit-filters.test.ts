// The audit page's query string: whole days in Berlin time, per-field errors, paging.
import { describe, expect, it } from 'vitest';
import { parseAuditQuery, startOfDay, PAGE_SIZE } from '../src/routes/admin/audit/filters.ts';

describe('audit filters from the query string', () => {
	it('a day starts at midnight in Berlin, in winter and in summer time', () => {
		expect(startOfDay('2026-01-15').toISOString()).toBe('2026-01-14T23:00:00.000Z');
		expect(startOfDay('2026-07-15').toISOString()).toBe('2026-07-14T22:00:00.000Z');
		// the day the clocks go forward
		expect(startOfDay('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
	});

	it('"to" includes the whole day; filters pass through; paging reads "before"', () => {
		const id = '6f1c2a7e-3b7d-4c55-9a0e-2f4f7f1d9b10';
		const { filter, errors } = parseAuditQuery(new URLSearchParams({ person: id, objectType: 'person', objectId: 'x', from: '2026-03-01', to: '2026-03-01', before: '120' }));
		expect(errors).toEqual({});
		expect(filter).toMatchObject({ actorId: id, objectType: 'person', objectId: 'x', beforeId: 120, limit: PAGE_SIZE + 1 });
		expect(filter.from!.toISOString()).toBe('2026-02-28T23:00:00.000Z');
		expect(filter.to!.toISOString()).toBe('2026-03-01T22:59:59.999Z');
	});

	it('reports bad values per field and leaves them out of the filter', () => {
		const { filter, errors, query } = parseAuditQuery(new URLSearchParams({ person: 'nobody', from: '2026-02-30', to: 'soon', before: 'x' }));
		expect(errors).toEqual({ person: 'form.invalid', from: 'admin.audit.invalidDate', to: 'admin.audit.invalidDate' });
		expect(filter).toEqual({ limit: PAGE_SIZE + 1 });
		expect(query.from).toBe('2026-02-30');
		expect(parseAuditQuery(new URLSearchParams({ from: '2026-03-02', to: '2026-03-01' })).errors).toEqual({ to: 'admin.audit.toBeforeFrom' });
	});
});
