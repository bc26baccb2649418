// Ballots end to end on the services: opening on a frozen version, casting and changing votes,
// refusals with clear messages, extending the deadline, and closing exactly once with the result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from './helpers/db.ts';
import { closeCollabDatabase, useCollabDatabase } from './collab/helpers.ts';
import { newOrganisation, newPerson } from './helpers/fixtures.ts';
import { ballotOn, inSeconds, paperIn, setBallotTimes, votingOrganisations, withoutSeededVoters, workflowCast, type VotingOrganisation } from './helpers/workflow.ts';
import { castVote, VoteRefused } from '../server/ballots/votes.ts';
import { extendDeadline, findBallot, listBallots, participation, voteLog } from '../server/ballots/ballots.ts';
import { closeBallot, closeDueBallots, openDueBallots } from '../server/ballots/closing.ts';
import { openBallot } from '../server/ballots/open.ts';
import { PolicyError } from '../server/policy.ts';
import { FieldError } from '../server/errors.ts';
import { loadActor } from '../server/people/actor.ts';
import type { BallotResult } from '../server/ballots/result.ts';

let handle: TestDatabase;
let people: Awaited<ReturnType<typeof workflowCast>>;
let orgs: VotingOrganisation[];

beforeAll(async () => {
	handle = await useCollabDatabase();
	await withoutSeededVoters(handle.db);
	people = await workflowCast(handle.db);
	orgs = await votingOrganisations(handle.db, 5, 2);
});
afterAll(() => closeCollabDatabase(handle));

async function ballotForNewPaper(input: Parameters<typeof ballotOn>[3] = {}) {
	const paperId = await paperIn(handle.db, people.committee.id, 'finalisation');
	const { ballotId, versionId } = await ballotOn(handle.db, people.policyOfficer, paperId, input);
	return { paperId, ballotId, versionId };
}

const rep = (i: number, r = 0) => orgs[i].representatives[r];

describe('opening a ballot', () => {
	it('freezes the version voted on, records the eligible organisations and the settings', async () => {
		const { db } = handle;
		const nonVoting = await newOrganisation(db, { votingMember: false });
		const paperId = await paperIn(db, people.committee.id, 'finalisation');
		const closesAt = inSeconds(7 * 24 * 3600);
		const { ballotId, versionId } = await openBallot(db, people.policyOfficer, paperId, { closesAt, quorum: 0.6, majority: 'two_thirds', votesPublicWhileOpen: true });
		const ballot = (await findBallot(db, ballotId))!;
		expect(ballot).toMatchObject({ status: 'open', quorum: 0.6, majority: 'two_thirds', votesPublicWhileOpen: true, versionId, eligible: 5, voted: 0, required: 3, acceptingVotes: true, paperStatus: 'ballot' });
		expect(ballot.closesAt.getTime()).toBe(closesAt.getTime());
		const eligible = await db.selectFrom('ballot_eligible_organisations').select('organisation_id').where('ballot_id', '=', ballotId).execute();
		expect(eligible.map((e) => e.organisation_id).sort()).toEqual(orgs.map((o) => o.id).sort());
		expect(eligible.map((e) => e.organisation_id)).not.toContain(nonVoting.id);
		const version = await db.selectFrom('paper_versions').select(['name', 'kind', 'content_text', 'created_by']).where('id', '=', versionId).executeTakeFirstOrThrow();
		expect(version).toMatchObject({ name: 'Abstimmungsfassung', kind: 'workflow', created_by: people.policyOfficer.id });
		expect(version.content_text).toContain('Wir fordern');
		const path = await db.selectFrom('paper_transitions').selectAll().where('paper_id', '=', paperId).execute();
		expect(path).toMatchObject([{ from_status: 'finalisation', to_status: 'ballot', actor_id: people.policyOfficer.id, version_id: versionId }]);
		const audit = await db.selectFrom('audit_log').select('action').where('object_id', 'in', [paperId, ballotId]).execute();
		expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['paper.step.openBallot', 'ballot.open']));
	});

	it('organisations that join later have no vote in a running ballot', async () => {
		const { ballotId } = await ballotForNewPaper();
		const late = await newOrganisation(handle.db);
		const lateRep = await newPerson(handle.db, { organisationId: late.id, representative: true });
		await expect(castVote(handle.db, lateRep, ballotId, { choice: 'endorse' })).rejects.toBeInstanceOf(PolicyError);
		await handle.db.deleteFrom('organisation_representatives').where('organisation_id', '=', late.id).execute();
		await handle.db.updateTable('organisations').set({ voting_member: false }).where('id', '=', late.id).execute();
	});

	it('can start later: scheduled until its opening, then open by the clock', async () => {
		const { ballotId } = await ballotForNewPaper({ opensAt: inSeconds(3600), closesAt: inSeconds(7200) });
		expect((await findBallot(handle.db, ballotId))!.status).toBe('scheduled');
		await expect(castVote(handle.db, rep(0), ballotId, { choice: 'endorse' })).rejects.toMatchObject({ key: 'ballot.error.notOpenYet' });
		await setBallotTimes(handle.db, ballotId, { opensIn: -1, closesIn: 3600 });
		expect(await openDueBallots(handle.db)).toContain(ballotId);
		expect((await findBallot(handle.db, ballotId))!.status).toBe('open');
		await castVote(handle.db, rep(0), ballotId, { choice: 'endorse' });
	});

	it('refuses bad settings with a message per field, and leaves no trace', async () => {
		const paperId = await paperIn(handle.db, people.committee.id, 'finalisation');
		const cases: [Parameters<typeof openBallot>[3], string, string][] = [
			[{ closesAt: inSeconds(-10) }, 'closesAt', 'ballot.error.deadlineInPast'],
			[{ opensAt: inSeconds(7200), closesAt: inSeconds(3600) }, 'closesAt', 'ballot.error.deadlineBeforeOpening'],
			[{ closesAt: inSeconds(3600), quorum: 0 }, 'quorum', 'ballot.error.quorum'],
			[{ closesAt: inSeconds(3600), quorum: 1.5 }, 'quorum', 'ballot.error.quorum']
		];
		for (const [input, field, key] of cases) {
			await expect(openBallot(handle.db, people.policyOfficer, paperId, input)).rejects.toMatchObject({ field, key });
		}
		expect(await handle.db.selectFrom('ballots').select('id').where('paper_id', '=', paperId).execute()).toEqual([]);
		expect((await handle.db.selectFrom('papers').select('status').where('id', '=', paperId).executeTakeFirstOrThrow()).status).toBe('finalisation');
	});

	it('only the policy officer (or an admin) opens a ballot, and only from finalisation', async () => {
		const paperId = await paperIn(handle.db, people.committee.id, 'finalisation');
		for (const who of [people.chair, people.delegate, rep(0), null]) {
			await expect(openBallot(handle.db, who, paperId, { closesAt: inSeconds(3600) })).rejects.toBeInstanceOf(PolicyError);
		}
		const draft = await paperIn(handle.db, people.committee.id, 'draft');
		await expect(openBallot(handle.db, people.policyOfficer, draft, { closesAt: inSeconds(3600) })).rejects.toBeInstanceOf(PolicyError);
		expect(await handle.db.selectFrom('ballots').select('id').where('paper_id', 'in', [paperId, draft]).execute()).toEqual([]);
	});
});

describe('casting votes', () => {
	it('stores one current vote per organisation; a change replaces it and both are in the record', async () => {
		const { db } = handle;
		const { ballotId } = await ballotForNewPaper();
		const first = await castVote(db, rep(0, 0), ballotId, { choice: 'reject', statement: 'Noch nicht reif.' });
		expect(first).toMatchObject({ organisationId: orgs[0].id, choice: 'reject', previousChoice: null });
		// the organisation's other representative changes it
		const second = await castVote(db, rep(0, 1), ballotId, { choice: 'endorse', statement: '  Wir stimmen zu.  ' });
		expect(second).toMatchObject({ choice: 'endorse', previousChoice: 'reject' });
		const votes = await db.selectFrom('ballot_votes').selectAll().where('ballot_id', '=', ballotId).execute();
		expect(votes).toMatchObject([{ organisation_id: orgs[0].id, choice: 'endorse', statement: 'Wir stimmen zu.', cast_by: rep(0, 1).id }]);
		const log = await voteLog(db, ballotId);
		expect(log.map((l) => [l.choice, l.previous_choice])).toEqual([
			['reject', null],
			['endorse', 'reject']
		]);
		expect((await findBallot(db, ballotId))!.voted).toBe(1);
	});

	it('keeps the record append-only', async () => {
		const { db } = handle;
		const { ballotId } = await ballotForNewPaper();
		await castVote(db, rep(1), ballotId, { choice: 'abstain' });
		await expect(db.updateTable('ballot_vote_log').set({ choice: 'endorse' }).where('ballot_id', '=', ballotId).execute()).rejects.toThrow(/append-only/);
		await expect(db.deleteFrom('ballot_vote_log').where('ballot_id', '=', ballotId).execute()).rejects.toThrow(/append-only/);
	});

	it('one vote per organisation is a database constraint, not only a check in code', async () => {
		const { ballotId } = await ballotForNewPaper();
		await castVote(handle.db, rep(2), ballotId, { choice: 'endorse' });
		await expect(
			handle.db.insertInto('ballot_votes').values({ ballot_id: ballotId, organisation_id: orgs[2].id, choice: 'reject', cast_by: rep(2).id, cast_at: new Date() }).execute()
		).rejects.toMatchObject({ code: '23505' });
		// and only for an eligible organisation
		const outsider = await newOrganisation(handle.db, { votingMember: false });
		await expect(
			handle.db.insertInto('ballot_votes').values({ ballot_id: ballotId, organisation_id: outsider.id, choice: 'reject', cast_by: rep(2).id, cast_at: new Date() }).execute()
		).rejects.toMatchObject({ code: '23503' });
	});

	it('nobody votes for an organisation they do not represent', async () => {
		const { ballotId } = await ballotForNewPaper();
		const member = await newPerson(handle.db, { organisationId: orgs[3].id });
		for (const who of [member, people.policyOfficer, people.admin, people.chair, null]) {
			await expect(castVote(handle.db, who, ballotId, { choice: 'endorse' })).rejects.toBeInstanceOf(PolicyError);
		}
		// a representative votes for their own organisation only: the organisation comes from them
		const outcome = await castVote(handle.db, rep(4), ballotId, { choice: 'reject' });
		expect(outcome.organisationId).toBe(orgs[4].id);
		expect(await handle.db.selectFrom('ballot_votes').select('organisation_id').where('ballot_id', '=', ballotId).execute()).toEqual([{ organisation_id: orgs[4].id }]);
	});

	it('checks representation at casting time, not when the page was loaded', async () => {
		const { db } = handle;
		const { ballotId } = await ballotForNewPaper();
		const former = await newPerson(db, { organisationId: orgs[3].id, representative: true });
		const staleActor = (await loadActor(db, former.id))!;
		await db.deleteFrom('organisation_representatives').where('person_id', '=', former.id).execute();
		await expect(castVote(db, staleActor, ballotId, { choice: 'endorse' })).rejects.toMatchObject({ key: 'ballot.error.notRepresentative' });
		expect(await db.selectFrom('ballot_votes').select('organisation_id').where('ballot_id', '=', ballotId).execute()).toEqual([]);
		expect(await voteLog(db, ballotId)).toEqual([]);
	});

	it('refuses a vote after the deadline with a clear message, and stores nothing', async () => {
		const { db } = handle;
		const { ballotId } = await ballotForNewPaper();
		await castVote(db, rep(0), ballotId, { choice: 'endorse' });
		await setBallotTimes(db, ballotId, { closesIn: -1 });
		// not closed yet by the job: the database clock alone refuses it
		expect((await findBallot(db, ballotId))!.status).toBe('open');
		const refusal = await castVote(db, rep(1), ballotId, { choice: 'reject' }).catch((e) => e);
		expect(refusal).toBeInstanceOf(VoteRefused);
		expect(refusal).toMatchObject({ key: 'ballot.error.closed' });
		expect(refusal.params.closesAt).toMatch(/^\d{4}-\d\d-\d\dT/);
		// a change of an existing vote is refused alike
		await expect(castVote(db, rep(0), ballotId, { choice: 'reject' })).rejects.toMatchObject({ key: 'ballot.error.closed' });
		expect(await db.selectFrom('ballot_votes').select(['organisation_id', 'choice']).where('ballot_id', '=', ballotId).execute()).toEqual([{ organisation_id: orgs[0].id, choice: 'endorse' }]);
		expect((await voteLog(db, ballotId)).length).toBe(1);
	});

	it('validates the choice and the statement length', async () => {
		const { ballotId } = await ballotForNewPaper();
		await expect(castVote(handle.db, rep(0), ballotId, { choice: 'yes' as never })).rejects.toMatchObject({ field: 'choice' });
		await expect(castVote(handle.db, rep(0), ballotId, { choice: 'endorse', statement: 'x'.repeat(2001) })).rejects.toMatchObject({ field: 'statement', key: 'form.tooLong' });
	});
});

describe('extending the deadline', () => {
	it('moves it later before it passes, with a reason, audited', async () => {
		const { db } = handle;
		const { ballotId } = await ballotForNewPaper();
		const before = (await findBallot(db, ballotId))!.closesAt;
		const later = new Date(before.getTime() + 24 * 3600 * 1000);
		await expect(extendDeadline(db, people.policyOfficer, ballotId, { closesAt: later, reason: ' ' })).rejects.toMatchObject({ field: 'reason' });
		await expect(extendDeadline(db, people.policyOfficer, ballotId, { closesAt: new Date(before.getTime() - 1000), reason: 'x' })).rejects.toMatchObject({ field: 'closesAt', key: 'ballot.error.extendLater' });
		await expect(extendDeadline(db, people.chair, ballotId, { closesAt: later, reason: 'x' })).rejects.toBeInstanceOf(PolicyError);
		await extendDeadline(db, people.policyOfficer, ballotId, { closesAt: later, reason: 'Sommerpause' });
		expect((await findBallot(db, ballotId))!.closesAt.getTime()).toBe(later.getTime());
		const ext = await db.selectFrom('ballot_deadline_extensions').selectAll().where('ballot_id', '=', ballotId).execute();
		expect(ext).toMatchObject([{ reason: 'Sommerpause', extended_by: people.policyOfficer.id }]);
		expect(new Date(ext[0].previous_closes_at).getTime()).toBe(before.getTime());
		const audit = await db.selectFrom('audit_log').select(['action', 'details']).where('object_id', '=', ballotId).where('action', '=', 'ballot.extend').execute();
		expect(audit[0].details).toMatchObject({ reason: 'Sommerpause' });
	});

	it('cannot reopen a ballot whose deadline has passed', async () => {
		const { ballotId } = await ballotForNewPaper();
		await setBallotTimes(handle.db, ballotId, { closesIn: -1 });
		await expect(extendDeadline(handle.db, people.policyOfficer, ballotId, { closesAt: inSeconds(3600), reason: 'zu spät' })).rejects.toMatchObject({ key: 'ballot.error.deadlinePassed' });
		await closeBallot(handle.db, ballotId);
		await expect(extendDeadline(handle.db, people.policyOfficer, ballotId, { closesAt: inSeconds(3600), reason: 'zu spät' })).rejects.toBeInstanceOf(PolicyError);
	});
});

describe('closing', () => {
	it('closes exactly once at the deadline, with the result from the stored votes; the paper is adopted', async () => {
		const { db } = handle;
		const { ballotId, paperId, versionId } = await ballotForNewPaper();
		await castVote(db, rep(0), ballotId, { choice: 'endorse', statement: 'Gut so.' });
		await castVote(db, rep(1), ballotId, { choice: 'endorse' });
		await castVote(db, rep(2), ballotId, { choice: 'abstain' });
		await castVote(db, rep(3), ballotId, { choice: 'reject', statement: 'Zu weich.' });
		expect(await closeBallot(db, ballotId)).toBeNull(); // not due yet
		await setBallotTimes(db, ballotId, { closesIn: -1 });
		const attempts = await Promise.all([closeBallot(db, ballotId), closeBallot(db, ballotId), closeDueBallots(db), closeBallot(db, ballotId)]);
		// closeDueBallots may also close ballots of earlier tests: count this one's closings
		const closings = attempts.flat().filter((c) => c?.ballotId === ballotId);
		expect(closings).toHaveLength(1);
		const ballot = (await findBallot(db, ballotId))!;
		expect(ballot.status).toBe('closed');
		const result = ballot.result as BallotResult;
		expect(result).toMatchObject({ eligible: 5, voted: 4, required: 3, quorumMet: true, outcome: 'adopted', tally: { endorse: 2, abstain: 1, reject: 1, notVoted: 1 } });
		expect(result.votes.filter((v) => v.choice === 'endorse').map((v) => v.statement).sort()).toEqual(['', 'Gut so.']);
		expect((await db.selectFrom('papers').select('status').where('id', '=', paperId).executeTakeFirstOrThrow()).status).toBe('adopted');
		const path = await db.selectFrom('paper_transitions').selectAll().where('paper_id', '=', paperId).orderBy('id').execute();
		expect(path.at(-1)).toMatchObject({ from_status: 'ballot', to_status: 'adopted', actor_id: null, version_id: versionId });
		expect(await db.selectFrom('audit_log').select('id').where('object_id', '=', ballotId).where('action', '=', 'ballot.close').execute()).toHaveLength(1);
		await expect(castVote(db, rep(4), ballotId, { choice: 'endorse' })).rejects.toMatchObject({ key: 'ballot.error.closed' });
	});

	it('a missed quorum means not adopted', async () => {
		const { db } = handle;
		const { ballotId, paperId } = await ballotForNewPaper({ quorum: 0.5 });
		await castVote(db, rep(0), ballotId, { choice: 'endorse' });
		await castVote(db, rep(1), ballotId, { choice: 'endorse' });
		await setBallotTimes(db, ballotId, { closesIn: -1 });
		const closed = await closeBallot(db, ballotId);
		expect(closed!.result).toMatchObject({ voted: 2, required: 3, quorumMet: false, outcome: 'not_adopted', reason: 'quorum' });
		expect((await db.selectFrom('papers').select('status').where('id', '=', paperId).executeTakeFirstOrThrow()).status).toBe('not_adopted');
	});

	it('shows choices to readers only after closing unless the ballot made them public', async () => {
		const { db } = handle;
		const { ballotId } = await ballotForNewPaper();
		await castVote(db, rep(0), ballotId, { choice: 'reject' });
		const secret = await participation(db, ballotId, false);
		expect(secret.find((p) => p.organisationId === orgs[0].id)).toMatchObject({ voted: true, choice: null });
		const open = await participation(db, ballotId, true);
		expect(open.find((p) => p.organisationId === orgs[0].id)).toMatchObject({ voted: true, choice: 'reject' });
	});
});

describe('the "to decide" list', () => {
	it('shows a representative the ballots of their organisation with how it voted', async () => {
		const { db } = handle;
		const { ballotId } = await ballotForNewPaper();
		await castVote(db, rep(1), ballotId, { choice: 'abstain' });
		const mine = await listBallots(db, rep(1), { running: true });
		expect(mine.find((b) => b.id === ballotId)).toMatchObject({ ownEligible: true, ownVote: 'abstain' });
		const other = await listBallots(db, rep(2), { running: true });
		expect(other.find((b) => b.id === ballotId)).toMatchObject({ ownEligible: true, ownVote: null });
		const office = await listBallots(db, people.policyOfficer);
		expect(office.map((b) => b.id)).toContain(ballotId);
		await expect(listBallots(db, people.delegate)).rejects.toBeInstanceOf(PolicyError);
	});
});

describe('errors are message keys', () => {
	it('VoteRefused is a FieldError for the form', () => {
		expect(new VoteRefused('ballot.error.closed')).toBeInstanceOf(FieldError);
	});
});
