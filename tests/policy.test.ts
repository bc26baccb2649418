// The permission table: every role × action, checked both ways. Later features add their rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { cast } from './helpers/fixtures.ts';
import { can, type Action, type Subjects } from '../server/policy.ts';
import type { PaperStatus } from '../server/db/schema.ts';

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
	{ label: 'edit a published paper', action: 'paper.edit', subject: paper('published'), allowed: [] }
];

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
