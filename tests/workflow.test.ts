// The state machine of a paper's life: every step from every status by every role, through the
// commands themselves. An allowed step changes the status, freezes a version and records the
// path; a forbidden one is refused and leaves no trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { TestDatabase } from './helpers/db.ts';
import { closeCollabDatabase, useCollabDatabase } from './collab/helpers.ts';
import { cast } from './helpers/fixtures.ts';
import { inSeconds, paperIn, votingOrganisations, withoutSeededVoters } from './helpers/workflow.ts';
import { archivePaper, handToFinalisation, sendBackToDraft } from '../server/workflow/workflow.ts';
import { openBallot } from '../server/ballots/open.ts';
import { publishPaper } from '../server/publications/publications.ts';
import { STEPS, STEP_NAMES, PAPER_STATUSES, allTransitions, type StepName } from '../server/workflow/steps.ts';
import { pathOf } from '../server/workflow/transitions.ts';
import { computeResult } from '../server/ballots/result.ts';
import { createVersion, systemCaller } from '../server/versions/versions.ts';
import { PolicyError } from '../server/policy.ts';
import { FieldError } from '../server/errors.ts';
import type { Actor } from '../server/people/actor.ts';
import type { PaperStatus } from '../server/db/schema.ts';

let handle: TestDatabase;
let people: Awaited<ReturnType<typeof cast>>;

beforeAll(async () => {
	handle = await useCollabDatabase();
	await withoutSeededVoters(handle.db);
	people = await cast(handle.db);
	await votingOrganisations(handle.db, 2);
});
afterAll(() => closeCollabDatabase(handle));

const ROLES = ['anonymous', 'member', 'delegate', 'chair', 'otherChair', 'representative', 'policyOfficer', 'admin', 'disabled'] as const;
type Role = (typeof ROLES)[number];

// Written out on purpose rather than derived from the policy: this is the product's rule.
const ALLOWED: Record<StepName, Partial<Record<PaperStatus, Role[]>>> = {
	toFinalisation: { draft: ['chair', 'policyOfficer', 'admin'] },
	backToDraft: { finalisation: ['policyOfficer', 'admin'], not_adopted: ['policyOfficer', 'admin'] },
	openBallot: { finalisation: ['policyOfficer', 'admin'] },
	publish: { adopted: ['policyOfficer', 'admin'] },
	archive: { draft: ['admin'], finalisation: ['admin'], ballot: ['admin'], adopted: ['admin'], not_adopted: ['admin'], published: ['admin'] }
};

function take(step: StepName, actor: Actor | null, paperId: string) {
	const { db } = handle;
	switch (step) {
		case 'toFinalisation':
			return handToFinalisation(db, actor, paperId);
		case 'backToDraft':
			return sendBackToDraft(db, actor, paperId, { reason: 'Bitte überarbeiten' });
		case 'openBallot':
			return openBallot(db, actor, paperId, { closesAt: inSeconds(3600) });
		case 'publish':
			return publishPaper(db, actor, paperId);
		case 'archive':
			return archivePaper(db, actor, paperId, { reason: 'erledigt' });
	}
}

/** A paper in the status, with what that status implies (a running or a closed ballot). */
async function paperAt(status: PaperStatus): Promise<string> {
	const { db } = handle;
	const paperId = await paperIn(db, people.committee.id, status, `Papier ${status} ${randomBytes(2).toString('hex')}`);
	if (status === 'ballot' || status === 'adopted' || status === 'not_adopted' || status === 'published') {
		const version = await createVersion(db, systemCaller(null), paperId, { name: 'Abstimmungsfassung', kind: 'workflow' });
		const outcome = status === 'not_adopted' ? 'not_adopted' : 'adopted';
		const running = status === 'ballot';
		const result = computeResult({ eligible: 1, quorum: 0.5, majority: 'simple', votes: outcome === 'adopted' ? [{ organisationId: 'o', organisationName: 'Org', choice: 'endorse', statement: '' }] : [] });
		await db
			.insertInto('ballots')
			.values({
				paper_id: paperId,
				version_id: version.id,
				opens_at: inSeconds(-7200),
				closes_at: inSeconds(running ? 3600 : -3600),
				status: running ? 'open' : 'closed',
				closed_at: running ? null : inSeconds(-3600),
				result: running ? null : JSON.stringify(result)
			})
			.execute();
	}
	return paperId;
}

async function traces(paperId: string) {
	const { db } = handle;
	const [paper, transitions, versions, audit, ballots] = await Promise.all([
		db.selectFrom('papers').select('status').where('id', '=', paperId).executeTakeFirstOrThrow(),
		db.selectFrom('paper_transitions').select('id').where('paper_id', '=', paperId).execute(),
		db.selectFrom('paper_versions').select('id').where('paper_id', '=', paperId).execute(),
		db.selectFrom('audit_log').select('action').where('object_id', '=', paperId).execute(),
		db.selectFrom('ballots').select(['id', 'status']).where('paper_id', '=', paperId).execute()
	]);
	return { status: paper.status, transitions: transitions.length, versions: versions.length, audit: audit.map((a) => a.action), ballots };
}

describe('the state machine', () => {
	it('knows exactly the product’s transitions', () => {
		const pairs = allTransitions().map((t) => `${t.from}→${t.to}`).sort();
		expect(pairs).toEqual(
			[
				'draft→finalisation',
				'finalisation→draft',
				'not_adopted→draft',
				'finalisation→ballot',
				'ballot→adopted',
				'ballot→not_adopted',
				'adopted→published',
				...PAPER_STATUSES.filter((s) => s !== 'archived').map((s) => `${s}→archived`)
			].sort()
		);
	});

	for (const step of STEP_NAMES) {
		describe(step, () => {
			for (const status of PAPER_STATUSES) {
				it(`from ${status}, by every role`, async () => {
					for (const role of ROLES) {
						const paperId = await paperAt(status);
						const before = await traces(paperId);
						const allowed = (ALLOWED[step][status] ?? []).includes(role);
						const attempt = take(step, people[role], paperId);
						if (allowed) {
							await attempt;
							const after = await traces(paperId);
							expect(after.status, `${role} ${step} from ${status}`).toBe(STEPS[step].to);
							expect(after.transitions).toBe(before.transitions + 1);
							expect(after.audit).toContain(`paper.step.${step}`);
							const path = await pathOf(handle.db, paperId);
							expect(path.at(-1)).toMatchObject({ from_status: status, to_status: STEPS[step].to, actor_id: people[role]!.id });
							expect(path.at(-1)!.version_id).toBeTruthy();
						} else {
							const error = await attempt.then(() => null, (e: unknown) => e);
							expect(error, `${role} ${step} from ${status}`).toBeInstanceOf(PolicyError);
							expect((error as PolicyError).status).toBe(role === 'anonymous' ? 401 : 403);
							expect(await traces(paperId), `${role} ${step} from ${status} leaves no trace`).toEqual(before);
						}
					}
				});
			}
		});
	}
});

describe('steps', () => {
	it('freeze a named version of the text at each step, and the path tells who, when and which', async () => {
		const { db } = handle;
		const paperId = await paperAt('draft');
		await handToFinalisation(db, people.chair, paperId, { reason: 'fertig aus Sicht des Ausschusses' });
		await sendBackToDraft(db, people.policyOfficer, paperId, { reason: 'Abschnitt 3 fehlt' });
		await handToFinalisation(db, people.chair, paperId);
		const path = await pathOf(db, paperId);
		expect(path.map((p) => [p.from_status, p.to_status, p.actor_name, p.reason])).toEqual([
			['draft', 'finalisation', people.chair.name, 'fertig aus Sicht des Ausschusses'],
			['finalisation', 'draft', people.policyOfficer.name, 'Abschnitt 3 fehlt'],
			['draft', 'finalisation', people.chair.name, '']
		]);
		const first = await db.selectFrom('paper_versions').select(['name', 'kind', 'created_by']).where('id', '=', path[0].version_id!).executeTakeFirstOrThrow();
		expect(first).toEqual({ name: 'Übergabe zur Endredaktion', kind: 'workflow', created_by: people.chair.id });
	});

	it('archiving a paper in ballot cancels the ballot', async () => {
		const paperId = await paperAt('ballot');
		await archivePaper(handle.db, people.admin, paperId, { reason: 'zurückgezogen' });
		const t = await traces(paperId);
		expect(t.status).toBe('archived');
		expect(t.ballots.map((b) => b.status)).toEqual(['cancelled']);
	});

	it('work when the paper is not in memory (its text is read from the database)', async () => {
		const { db } = handle;
		const paperId = await paperAt('draft');
		// the collaboration server unloads idle papers (after 100 ms in tests)
		await new Promise((r) => setTimeout(r, 600));
		await handToFinalisation(db, people.chair, paperId);
		const path = await pathOf(db, paperId);
		const version = await db.selectFrom('paper_versions').select('content_text').where('id', '=', path[0].version_id!).executeTakeFirstOrThrow();
		expect(version.content_text).toContain('Wir fordern');
	});

	it('refuses a reason that is too long', async () => {
		const paperId = await paperAt('finalisation');
		await expect(sendBackToDraft(handle.db, people.policyOfficer, paperId, { reason: 'x'.repeat(2001) })).rejects.toBeInstanceOf(FieldError);
	});

	it('two concurrent steps from the same status: exactly one wins, the other changes nothing', async () => {
		const { db } = handle;
		for (let round = 0; round < 3; round++) {
			const paperId = await paperAt('finalisation');
			const settled = await Promise.allSettled([
				sendBackToDraft(db, people.policyOfficer, paperId, { reason: 'a' }),
				openBallot(db, people.policyOfficer, paperId, { closesAt: inSeconds(3600) }),
				archivePaper(db, people.admin, paperId, { reason: 'c' })
			]);
			const won = settled.filter((s) => s.status === 'fulfilled');
			expect(won).toHaveLength(1);
			for (const lost of settled.filter((s) => s.status === 'rejected')) {
				const reason = (lost as PromiseRejectedResult).reason;
				// refused as stale (raced at the update) or by the policy (saw the new status)
				expect(reason instanceof FieldError || reason instanceof PolicyError, String(reason)).toBe(true);
			}
			const t = await traces(paperId);
			expect(t.transitions).toBe(1);
		}
	});
});
