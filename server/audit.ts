// Append-only log of who did what. Written inside the same transaction as the change it records.
import type { Kysely } from 'kysely';
import type { DB } from './db/schema.ts';

/**
 * Every action the log records, as a closed list: each one has a label in both languages
 * (src/lib/i18n/messages/audit.ts, typed against this list), so a new action without a label is a
 * type error. Rows written before an action was listed (or renamed) still show, as their raw code.
 * `paper.step.<name>` are the workflow's steps (server/workflow/steps.ts, STEPS).
 */
export const AUDIT_ACTIONS = [
	'paper.create',
	'paper.step.toFinalisation',
	'paper.step.backToDraft',
	'paper.step.openBallot',
	'paper.step.publish',
	'paper.step.archive',
	'version.create',
	'version.restore',
	'comment.create',
	'comment.edit',
	'comment.delete',
	'comment.resolve',
	'comment.reopen',
	'ballot.open',
	'ballot.extend',
	'ballot.vote',
	'ballot.vote.change',
	'ballot.close',
	'ballot.cancel',
	'committee.create',
	'committee.update',
	'committee.member_set',
	'committee.member_remove',
	'organisation.create',
	'organisation.update',
	'organisation.representative_add',
	'organisation.representative_remove',
	'person.access',
	'person.update',
	'person.disable',
	'person.enable',
	'person.password_reset_link',
	'person.password_reset',
	'invitation.create',
	'invitation.revoke',
	'invitation.accept',
	'login.locked'
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Every kind of object the log names, as a closed list like AUDIT_ACTIONS and for the same reason:
 * each has a label in both languages (audit.objectType.<code>). Older rows with a type not (or no
 * longer) listed still show, as their raw code, and can still be filtered by.
 */
export const AUDIT_OBJECT_TYPES = ['paper', 'comment_thread', 'comment', 'ballot', 'committee', 'organisation', 'person', 'invitation'] as const;
export type AuditObjectType = (typeof AUDIT_OBJECT_TYPES)[number];

export interface AuditInput {
	actorId: string | null;
	action: AuditAction;
	objectType: AuditObjectType;
	objectId?: string | null;
	details?: Record<string, unknown>;
}

export async function audit(db: Kysely<DB>, entry: AuditInput): Promise<void> {
	await db
		.insertInto('audit_log')
		.values({
			actor_id: entry.actorId,
			action: entry.action,
			object_type: entry.objectType,
			object_id: entry.objectId ?? null,
			details: JSON.stringify(entry.details ?? {})
		})
		.execute();
}

export interface AuditFilter {
	actorId?: string;
	objectType?: string;
	objectId?: string;
	from?: Date;
	to?: Date;
	limit?: number;
	beforeId?: number;
}

export async function listAudit(db: Kysely<DB>, filter: AuditFilter) {
	return db
		.selectFrom('audit_log')
		.leftJoin('people', 'people.id', 'audit_log.actor_id')
		.select([
			'audit_log.id',
			'audit_log.at',
			'audit_log.action',
			'audit_log.object_type',
			'audit_log.object_id',
			'audit_log.details',
			'audit_log.actor_id',
			'people.name as actor_name'
		])
		.$if(!!filter.actorId, (q) => q.where('audit_log.actor_id', '=', filter.actorId!))
		.$if(!!filter.objectType, (q) => q.where('audit_log.object_type', '=', filter.objectType!))
		.$if(!!filter.objectId, (q) => q.where('audit_log.object_id', '=', filter.objectId!))
		.$if(!!filter.from, (q) => q.where('audit_log.at', '>=', filter.from!))
		.$if(!!filter.to, (q) => q.where('audit_log.at', '<=', filter.to!))
		.$if(!!filter.beforeId, (q) => q.where('audit_log.id', '<', filter.beforeId!))
		.orderBy('audit_log.id', 'desc')
		.limit(filter.limit ?? 100)
		.execute();
}

/** The people who appear as actors in the log, for a filter. */
export async function auditActors(db: Kysely<DB>) {
	return db
		.selectFrom('people')
		.select(['people.id', 'people.name', 'people.email'])
		.where((eb) => eb.exists(eb.selectFrom('audit_log').select('audit_log.id').whereRef('audit_log.actor_id', '=', 'people.id')))
		.orderBy('people.name')
		.execute();
}

/** The kinds of object the log mentions, for a filter. */
export async function auditObjectTypes(db: Kysely<DB>): Promise<string[]> {
	const rows = await db.selectFrom('audit_log').select('object_type').distinct().orderBy('object_type').execute();
	return rows.map((r) => r.object_type);
}
