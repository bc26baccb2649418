// The permission table: every role × action, checked both ways. Later features add their rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { cast } from './helpers/fixtures.ts';
import { can, type Action, type Subjects } from '../server/policy.ts';
import type { BallotStatus, PaperStatus } from '../server/db/schema.ts';

let handle: TestDatabase;
let people: Awaited<ReturnType<typeof cast>>;

beforeAll(async () => {
	handle = await createTestDatabase();
	people = await cast(handle.db);
});
afterAll(() => handle.close());

const ROLES = ['anonymous', 'member', 'delegate', 'chair', 'otherChair', 'representative', 'policyOfficer', 'admin', 'disabled'] as const;
type Role = (typeof ROLES)[number];

/** A row: an action on a subject, and the roles that may take it; every other role may not. */
interface Row {
	label: string;
	action: Action;
	subject: () => unknown;
	allowed: Role[];
}

const paper = (status: PaperStatus) => () => ({ id: 'p', committeeId: people.committee.id, status });
const everyoneSignedIn: Role[] = ['member', 'delegate', 'chair', 'otherChair', 'representative', 'policyOfficer', 'admin'];
const committeeAndOffice: Role[] = ['delegate', 'chair', 'policyOfficer', 'admin'];

export const rows: Row[] = [
	{ label: 'see administration', action: 'admin.access', subject: () => null, allowed: ['admin'] },
	{ label: 'manage organisations', action: 'organisation.manage', subject: () => null, allowed: ['admin'] },
	{ label: 'manage committees', action: 'committee.manage', subject: () => null, allowed: ['admin'] },
	{ label: 'manage people', action: 'person.manage', subject: () => null, allowed: ['admin'] },
	{ label: 'read the audit log', action: 'audit.read', subject: () => null, allowed: ['admin'] },
	{ label: 'manage own account', action: 'account.manage', subject: () => null, allowed: everyoneSignedIn },
	{ label: 'list committees', action: 'committee.list', subject: () => null, allowed: everyoneSignedIn },
	{ label: 'read a committee', action: 'committee.read', subject: () => ({ id: people.committee.id }), allowed: everyoneSignedIn },
	{ label: 'list papers', action: 'paper.list', subject: () => null, allowed: everyoneSignedIn },
	{ label: 'create a paper in the committee', action: 'paper.create', subject: () => ({ id: people.committee.id }), allowed: ['chair', 'policyOfficer', 'admin'] },
	{ label: 'read a draft', action: 'paper.read', subject: paper('draft'), allowed: committeeAndOffice },
	{ label: 'read a paper in finalisation', action: 'paper.read', subject: paper('finalisation'), allowed: committeeAndOffice },
	{ label: 'read a paper in ballot', action: 'paper.read', subject: paper('ballot'), allowed: [...committeeAndOffice, 'representative'] },
	{ label: 'read an adopted paper', action: 'paper.read', subject: paper('adopted'), allowed: [...committeeAndOffice, 'representative'] },
	{ label: 'read a rejected paper', action: 'paper.read', subject: paper('not_adopted'), allowed: [...committeeAndOffice, 'representative'] },
	{ label: 'read a published paper', action: 'paper.read', subject: paper('published'), allowed: ['anonymous', ...everyoneSignedIn] },
	{ label: 'read an archived paper', action: 'paper.read', subject: paper('archived'), allowed: committeeAndOffice },
	{ label: 'edit a draft', action: 'paper.edit', subject: paper('draft'), allowed: committeeAndOffice },
	{ label: 'edit in finalisation', action: 'paper.edit', subject: paper('finalisation'), allowed: ['policyOfficer', 'admin'] },
	{ label: 'edit during a ballot', action: 'paper.edit', subject: paper('ballot'), allowed: [] },
	{ label: 'edit a published paper', action: 'paper.edit', subject: paper('published'), allowed: [] },
	// Versions: reading follows paper.read (but not for anonymous visitors: the history of a published
	// paper holds its drafts), saving and restoring follow paper.edit in the current status.
	{ label: 'list the versions of a draft', action: 'version.list', subject: paper('draft'), allowed: committeeAndOffice },
	{ label: 'list the versions of a paper in ballot', action: 'version.list', subject: paper('ballot'), allowed: [...committeeAndOffice, 'representative'] },
	{ label: 'list the versions of a published paper', action: 'version.list', subject: paper('published'), allowed: everyoneSignedIn },
	{ label: 'read a version of a draft', action: 'version.read', subject: paper('draft'), allowed: committeeAndOffice },
	{ label: 'read a version of an archived paper', action: 'version.read', subject: paper('archived'), allowed: committeeAndOffice },
	{ label: 'read a version of a published paper', action: 'version.read', subject: paper('published'), allowed: everyoneSignedIn },
	{ label: 'save a version of a draft', action: 'version.create', subject: paper('draft'), allowed: committeeAndOffice },
	{ label: 'save a version in finalisation', action: 'version.create', subject: paper('finalisation'), allowed: ['policyOfficer', 'admin'] },
	{ label: 'save a version during a ballot', action: 'version.create', subject: paper('ballot'), allowed: [] },
	{ label: 'save a version of an adopted paper', action: 'version.create', subject: paper('adopted'), allowed: [] },
	{ label: 'restore a version of a draft', action: 'version.restore', subject: paper('draft'), allowed: committeeAndOffice },
	{ label: 'restore a version in finalisation', action: 'version.restore', subject: paper('finalisation'), allowed: ['policyOfficer', 'admin'] },
	{ label: 'restore a version during a ballot', action: 'version.restore', subject: paper('ballot'), allowed: [] },
	{ label: 'restore a version of a published paper', action: 'version.restore', subject: paper('published'), allowed: [] },
	{ label: 'restore a version of an archived paper', action: 'version.restore', subject: paper('archived'), allowed: [] },
	{ label: 'download a version of a draft', action: 'version.export', subject: paper('draft'), allowed: committeeAndOffice },
	{ label: 'download a version of a paper in ballot', action: 'version.export', subject: paper('ballot'), allowed: [...committeeAndOffice, 'representative'] },
	{ label: 'download a version of an adopted paper', action: 'version.export', subject: paper('adopted'), allowed: [...committeeAndOffice, 'representative'] },
	{ label: 'download a version of a published paper', action: 'version.export', subject: paper('published'), allowed: everyoneSignedIn },
	{ label: 'download a version of an archived paper', action: 'version.export', subject: paper('archived'), allowed: committeeAndOffice },
	{ label: 'download a published paper from its public page', action: 'publication.export', subject: paper('published'), allowed: ['anonymous', ...everyoneSignedIn] },
	{ label: 'download an adopted, unpublished paper from a public page', action: 'publication.export', subject: paper('adopted'), allowed: [] },
	{ label: 'download an archived paper from a public page', action: 'publication.export', subject: paper('archived'), allowed: [] },
	{ label: 'download a draft from a public page', action: 'publication.export', subject: paper('draft'), allowed: [] },
	...workflowRows(),
	...commentRows()
];

/** The workflow: every step from every status, by every role. Steps not listed are nobody's. */
function workflowRows(): Row[] {
	const office: Role[] = ['policyOfficer', 'admin'];
	const allowedFrom: Record<string, Partial<Record<PaperStatus, Role[]>>> = {
		'paper.toFinalisation': { draft: ['chair', 'policyOfficer', 'admin'] },
		'paper.backToDraft': { finalisation: office, not_adopted: office },
		'ballot.open': { finalisation: office },
		'paper.publish': { adopted: office },
		'paper.archive': { draft: ['admin'], finalisation: ['admin'], ballot: ['admin'], adopted: ['admin'], not_adopted: ['admin'], published: ['admin'] }
	};
	const statuses: PaperStatus[] = ['draft', 'finalisation', 'ballot', 'adopted', 'not_adopted', 'published', 'archived'];
	const out: Row[] = [];
	for (const [action, from] of Object.entries(allowedFrom)) {
		for (const status of statuses) {
			out.push({ label: `${action} from ${status}`, action: action as Action, subject: paper(status), allowed: from[status] ?? [] });
		}
	}
	out.push({ label: 'a chair of another committee hands over a draft', action: 'paper.toFinalisation', subject: () => ({ id: 'p', committeeId: people.otherCommittee.id, status: 'draft' }), allowed: ['policyOfficer', 'admin', 'otherChair'] });
	return [...out, ...ballotRows()];
}

function ballotRows(): Row[] {
	const ballot = (status: BallotStatus, votesPublicWhileOpen = false) => () => ({ id: 'b', paper: paper('ballot')(), status, votesPublicWhileOpen });
	const vote = (status: BallotStatus, o: { eligible?: boolean; other?: boolean } = {}) => () => ({
		ballot: ballot(status)(),
		organisationId: o.other ? '00000000-0000-0000-0000-000000000000' : people.organisation.id,
		eligible: o.eligible ?? true
	});
	const readers: Role[] = ['delegate', 'chair', 'representative', 'policyOfficer', 'admin'];
	return [
		{ label: 'see the ballots list', action: 'ballot.list', subject: () => null, allowed: ['representative', 'policyOfficer', 'admin'] },
		{ label: 'read a ballot', action: 'ballot.read', subject: ballot('open'), allowed: readers },
		{ label: 'extend an open ballot', action: 'ballot.extend', subject: ballot('open'), allowed: ['policyOfficer', 'admin'] },
		{ label: 'extend a scheduled ballot', action: 'ballot.extend', subject: ballot('scheduled'), allowed: ['policyOfficer', 'admin'] },
		{ label: 'extend a closed ballot', action: 'ballot.extend', subject: ballot('closed'), allowed: [] },
		{ label: 'vote for the own organisation', action: 'ballot.vote', subject: vote('open'), allowed: ['representative'] },
		{ label: 'vote before opening (refused later by time)', action: 'ballot.vote', subject: vote('scheduled'), allowed: ['representative'] },
		{ label: 'vote in a closed ballot', action: 'ballot.vote', subject: vote('closed'), allowed: [] },
		{ label: 'vote in a cancelled ballot', action: 'ballot.vote', subject: vote('cancelled'), allowed: [] },
		{ label: 'vote for an ineligible organisation', action: 'ballot.vote', subject: vote('open', { eligible: false }), allowed: [] },
		{ label: 'vote for another organisation', action: 'ballot.vote', subject: vote('open', { other: true }), allowed: [] },
		{ label: 'see how organisations voted while secret', action: 'ballot.readVotes', subject: ballot('open'), allowed: [] },
		{ label: 'see how organisations voted while public', action: 'ballot.readVotes', subject: ballot('open', true), allowed: readers },
		{ label: 'see how organisations voted after closing', action: 'ballot.readVotes', subject: ballot('closed'), allowed: readers },
		{ label: 'see who has voted while secret', action: 'ballot.readParticipation', subject: ballot('open'), allowed: ['policyOfficer', 'admin'] },
		{ label: 'see who has voted after closing', action: 'ballot.readParticipation', subject: ballot('closed'), allowed: readers }
	];
}

/**
 * Comments: who may write follows the status (the committee and the office in draft and
 * finalisation, the representatives too during a ballot, nobody after); what a representative
 * writes reaches the committee, the office and their own organisation only.
 */
function commentRows(): Row[] {
	const statuses: PaperStatus[] = ['draft', 'finalisation', 'ballot', 'adopted', 'not_adopted', 'published', 'archived'];
	const writers: Partial<Record<PaperStatus, Role[]>> = {
		draft: committeeAndOffice,
		finalisation: committeeAndOffice,
		ballot: [...committeeAndOffice, 'representative']
	};
	const readers: Record<PaperStatus, Role[]> = {
		draft: committeeAndOffice,
		finalisation: committeeAndOffice,
		ballot: [...committeeAndOffice, 'representative'],
		adopted: [...committeeAndOffice, 'representative'],
		not_adopted: [...committeeAndOffice, 'representative'],
		published: everyoneSignedIn,
		archived: committeeAndOffice
	};
	type Audience = 'everyone' | 'ownOrganisation' | 'otherOrganisation';
	const scope = (status: PaperStatus, author: Role, audience: Audience = 'everyone') => () => ({
		paper: paper(status)(),
		authorId: (people[author] as { id: string } | null)?.id ?? null,
		organisationId: audience === 'everyone' ? null : audience === 'ownOrganisation' ? people.organisation.id : '00000000-0000-0000-0000-000000000000'
	});
	const out: Row[] = [];
	for (const status of statuses) {
		const writing = writers[status] ?? [];
		out.push(
			{ label: `see the comments of a paper in ${status}`, action: 'comment.list', subject: paper(status), allowed: readers[status] },
			{ label: `comment on a paper in ${status}`, action: 'comment.create', subject: paper(status), allowed: writing },
			{ label: `read a comment for every reader in ${status}`, action: 'comment.read', subject: scope(status, 'delegate'), allowed: readers[status] },
			{ label: `reply in ${status}`, action: 'comment.reply', subject: scope(status, 'delegate'), allowed: writing },
			{ label: `resolve a delegate's thread in ${status}`, action: 'comment.resolve', subject: scope(status, 'delegate'), allowed: writing.filter((r) => r !== 'representative') },
			{ label: `edit a delegate's comment in ${status}`, action: 'comment.edit', subject: scope(status, 'delegate'), allowed: writing.includes('delegate') ? ['delegate'] : [] },
			{ label: `delete a delegate's comment in ${status}`, action: 'comment.delete', subject: scope(status, 'delegate'), allowed: writing.includes('delegate') ? ['delegate'] : [] }
		);
	}
	const overseers: Role[] = ['chair', 'policyOfficer', 'admin'];
	out.push(
		{ label: "read a representative's comment during a ballot", action: 'comment.read', subject: scope('ballot', 'representative', 'ownOrganisation'), allowed: [...committeeAndOffice, 'representative'] },
		{ label: "read another organisation's comment during a ballot", action: 'comment.read', subject: scope('ballot', 'member', 'otherOrganisation'), allowed: committeeAndOffice },
		{ label: "read another organisation's comment after the ballot", action: 'comment.read', subject: scope('adopted', 'member', 'otherOrganisation'), allowed: committeeAndOffice },
		{ label: "reply to another organisation's thread", action: 'comment.reply', subject: scope('ballot', 'member', 'otherOrganisation'), allowed: committeeAndOffice },
		{ label: "resolve a representative's thread", action: 'comment.resolve', subject: scope('ballot', 'representative', 'ownOrganisation'), allowed: ['representative', ...overseers] },
		{ label: "resolve another organisation's thread", action: 'comment.resolve', subject: scope('ballot', 'member', 'otherOrganisation'), allowed: overseers },
		{ label: "resolve the policy officer's thread in draft", action: 'comment.resolve', subject: scope('draft', 'policyOfficer'), allowed: overseers },
		{ label: "edit a representative's comment during a ballot", action: 'comment.edit', subject: scope('ballot', 'representative', 'ownOrganisation'), allowed: ['representative'] },
		{ label: "delete the admin's comment in finalisation", action: 'comment.delete', subject: scope('finalisation', 'admin'), allowed: ['admin'] },
		{ label: 'a chair of another committee resolves a thread', action: 'comment.resolve', subject: () => ({ ...scope('draft', 'delegate')(), paper: { id: 'p', committeeId: people.otherCommittee.id, status: 'draft' as const } }), allowed: ['otherChair', 'policyOfficer', 'admin'] }
	);
	return out;
}

describe('permission table', () => {
	for (const row of rows) {
		describe(row.label, () => {
			for (const role of ROLES) {
				const expected = row.allowed.includes(role);
				it(`${role} ${expected ? 'may' : 'may not'}`, () => {
					const actor = people[role];
					expect(can(actor, row.action, row.subject() as Subjects[Action])).toBe(expected);
				});
			}
		});
	}

	it('denies an action that has no rule', () => {
		expect(can(people.admin, 'no.such.action' as Action, null as never)).toBe(false);
	});
});
