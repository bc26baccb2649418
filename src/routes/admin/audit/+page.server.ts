import type { PageServerLoad } from './$types';
import { database } from '$server/db';
import { auditActors, auditObjectTypes, listAudit } from '$server/audit';
import { authorize } from '$lib/server/guard';
import { PAGE_SIZE, parseAuditQuery } from './filters';

export const load: PageServerLoad = async (event) => {
	authorize(event, 'audit.read', null);
	const { db } = database();
	const { query, filter, errors } = parseAuditQuery(event.url.searchParams);
	const [rows, actors, objectTypes] = await Promise.all([listAudit(db, filter), auditActors(db), auditObjectTypes(db)]);
	const entries = rows.slice(0, PAGE_SIZE).map((e) => ({ ...e, details: JSON.stringify(e.details) }));
	let older: string | null = null;
	if (rows.length > PAGE_SIZE) {
		const params = new URLSearchParams(event.url.searchParams);
		params.set('before', String(entries[entries.length - 1].id));
		older = `?${params}`;
	}
	let newest: string | null = null;
	if (query.before) {
		const params = new URLSearchParams(event.url.searchParams);
		params.delete('before');
		newest = `?${params}`;
	}
	return { query, errors, entries, actors, objectTypes, older, newest, filtered: [query.person, query.objectType, query.objectId, query.from, query.to].some(Boolean) };
};
