// In-app notifications: the queries in one place. Senders call notify() inside their own
// transaction, so a notification exists exactly when the thing it announces does.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export interface NotificationInput {
	personIds: string[];
	kind: string;
	paperId?: string | null;
	link: string;
	payload?: Record<string, unknown>;
}

export async function notify(db: Kysely<DB>, input: NotificationInput): Promise<void> {
	const recipients = [...new Set(input.personIds)];
	if (!recipients.length) return;
	await db
		.insertInto('notifications')
		.values(
			recipients.map((personId) => ({
				person_id: personId,
				kind: input.kind,
				paper_id: input.paperId ?? null,
				link: input.link.startsWith('/') ? input.link : '/',
				payload: JSON.stringify(input.payload ?? {})
			}))
		)
		.execute();
}

export async function unreadCount(db: Kysely<DB>, personId: string): Promise<number> {
	const row = await db
		.selectFrom('notifications')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('person_id', '=', personId)
		.where('read_at', 'is', null)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function listNotifications(db: Kysely<DB>, personId: string, limit = 50) {
	return db
		.selectFrom('notifications')
		.selectAll()
		.where('person_id', '=', personId)
		.orderBy('id', 'desc')
		.limit(limit)
		.execute();
}

/** Marks the person's own notifications read (all, or the given ids); others' ids do nothing. */
export async function markRead(db: Kysely<DB>, personId: string, ids?: number[]): Promise<void> {
	await db
		.updateTable('notifications')
		.set({ read_at: new Date() })
		.where('person_id', '=', personId)
		.where('read_at', 'is', null)
		.$if(!!ids, (q) => q.where('id', 'in', ids!.length ? ids! : [-1]))
		.execute();
}
