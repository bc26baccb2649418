// What the paper page needs for its history panel, in one call: the newest versions, what the
// person may do with them, and "changes since my last visit" (which also records this visit).
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { can, type PaperRef } from '../policy.ts';
import type { Actor } from '../people/actor.ts';
import { countVersions, listVersions, type VersionSummary } from './versions.ts';
import { recordVisit, type SinceLastVisit } from './visits.ts';

export interface VersionsPanel {
	/** the newest ones */
	versions: VersionSummary[];
	/** how many there are in all */
	total: number;
	canCreate: boolean;
	canRestore: boolean;
	since: SinceLastVisit | null;
}

/** Null when the person may not see the history (anonymous readers of a published paper). */
export async function versionsPanel(db: Kysely<DB>, actor: Actor | null, paper: PaperRef, limit = 50): Promise<VersionsPanel | null> {
	if (!can(actor, 'version.list', paper)) return null;
	const versions = await listVersions(db, actor, paper.id, { limit });
	const total = versions.length < limit ? versions.length : await countVersions(db, paper.id);
	const since = await recordVisit(db, actor, paper.id);
	return { versions, total, canCreate: can(actor, 'version.create', paper), canRestore: can(actor, 'version.restore', paper), since };
}
