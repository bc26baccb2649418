import { json } from '@sveltejs/kit';
import { sql } from 'kysely';
import type { RequestHandler } from './$types';
import { database } from '$server/db';

export const GET: RequestHandler = async () => {
	const { db, kind } = database();
	try {
		await sql`select 1`.execute(db);
		return json({ status: 'ok', database: kind });
	} catch {
		return json({ status: 'unavailable', database: kind }, { status: 503 });
	}
};
