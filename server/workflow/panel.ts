// What the paper page shows about the paper's life: its status, the path so far (who, when,
// which version), the steps this person may take now (from the policy module, not re-derived),
// its latest ballot and its public address. Abilities travel with the data.
import type { Kysely } from 'kysely';
import type { BallotStatus, DB, PaperStatus } from '../db/schema.ts';
import type { Actor } from '../people/actor.ts';
import { abilities, can, type PaperRef } from '../policy.ts';
import { ballotsOfPaper, refOf } from '../ballots/ballots.ts';
import { publicationOfPaper } from '../publications/publications.ts';
import type { BallotResult } from '../ballots/result.ts';

export interface PathEntry {
	id: number;
	from: PaperStatus;
	to: PaperStatus;
	at: Date;
	actorName: string | null;
	/** true: the system took the step (a ballot result) */
	bySystem: boolean;
	reason: string;
	version: { id: string; number: number; name: string } | null;
}

export interface WorkflowPanel {
	status: PaperStatus;
	path: PathEntry[];
	steps: { toFinalisation: boolean; backToDraft: boolean; openBallot: boolean; publish: boolean; archive: boolean };
	ballot: {
		id: string;
		status: BallotStatus;
		closesAt: Date;
		voted: number;
		eligible: number;
		required: number;
		outcome: BallotResult['outcome'] | null;
	} | null;
	publication: { slug: string; publishedAt: Date } | null;
}

export async function workflowPanel(db: Kysely<DB>, actor: Actor | null, paper: PaperRef): Promise<WorkflowPanel | null> {
	// The public reader of a published paper sees the public page's facts, not the office's path.
	if (!actor || !can(actor, 'paper.read', paper)) return null;
	const [rows, ballots, publication] = await Promise.all([
		db
			.selectFrom('paper_transitions as t')
			.leftJoin('people as p', 'p.id', 't.actor_id')
			.leftJoin('paper_versions as v', 'v.id', 't.version_id')
			.select(['t.id', 't.from_status', 't.to_status', 't.at', 't.reason', 't.actor_id', 'p.name as actor_name', 'v.id as version_id', 'v.number as version_number', 'v.name as version_name'])
			.where('t.paper_id', '=', paper.id)
			.orderBy('t.id')
			.execute(),
		ballotsOfPaper(db, paper.id),
		publicationOfPaper(db, paper.id)
	]);
	const steps = abilities(actor, {
		'paper.toFinalisation': paper,
		'paper.backToDraft': paper,
		'ballot.open': paper,
		'paper.publish': paper,
		'paper.archive': paper
	});
	const latest = ballots.find((b) => can(actor, 'ballot.read', refOf(b)));
	return {
		status: paper.status,
		path: rows.map((r) => ({
			id: r.id,
			from: r.from_status,
			to: r.to_status,
			at: new Date(r.at),
			actorName: r.actor_name,
			bySystem: r.actor_id === null && (r.to_status === 'adopted' || r.to_status === 'not_adopted'),
			reason: r.reason,
			version: r.version_id ? { id: r.version_id, number: r.version_number!, name: r.version_name ?? '' } : null
		})),
		steps: {
			toFinalisation: steps['paper.toFinalisation'],
			backToDraft: steps['paper.backToDraft'],
			openBallot: steps['ballot.open'],
			publish: steps['paper.publish'],
			archive: steps['paper.archive']
		},
		ballot: latest
			? {
					id: latest.id,
					status: latest.status,
					closesAt: latest.closesAt,
					voted: latest.voted,
					eligible: latest.eligible,
					required: latest.required,
					outcome: latest.result?.outcome ?? null
				}
			: null,
		publication: publication ? { slug: publication.slug, publishedAt: new Date(publication.published_at) } : null
	};
}
