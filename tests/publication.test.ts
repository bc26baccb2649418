// Publication: an adopted paper gets a public address; the public index lists what is published,
// newest first; archiving takes it off the public pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from './helpers/db.ts';
import { closeCollabDatabase, useCollabDatabase } from './collab/helpers.ts';
import { ballotOn, paperIn, setBallotTimes, votingOrganisations, withoutSeededVoters, workflowCast, type VotingOrganisation } from './helpers/workflow.ts';
import { castVote } from '../server/ballots/votes.ts';
import { closeBallot } from '../server/ballots/closing.ts';
import { findPublished, listPublished, publishPaper, slugify } from '../server/publications/publications.ts';
import { archivePaper, sendBackToDraft } from '../server/workflow/workflow.ts';
import { PolicyError } from '../server/policy.ts';

let handle: TestDatabase;
let people: Awaited<ReturnType<typeof workflowCast>>;
let orgs: VotingOrganisation[];

beforeAll(async () => {
	handle = await useCollabDatabase();
	await withoutSeededVoters(handle.db);
	people = await workflowCast(handle.db);
	orgs = await votingOrganisations(handle.db, 3);
});
afterAll(() => closeCollabDatabase(handle));

/** A paper through a real ballot: `endorse` organisations endorse, the rest reject. */
async function decided(title: string, endorse: number) {
	const { db } = handle;
	const paperId = await paperIn(db, people.committee.id, 'finalisation', title);
	const { ballotId } = await ballotOn(db, people.policyOfficer, paperId);
	for (const [i, org] of orgs.entries()) {
		await castVote(db, org.representatives[0], ballotId, { choice: i < endorse ? 'endorse' : 'reject', statement: `Stellungnahme ${i + 1}` });
	}
	await setBallotTimes(db, ballotId, { closesIn: -1 });
	await closeBallot(db, ballotId);
	return paperId;
}

describe('slugs', () => {
	it('are readable and safe', () => {
		expect(slugify('Bildung für alle!')).toBe('bildung-fuer-alle');
		expect(slugify('  Teilhabe – jetzt: 2026  ')).toBe('teilhabe-jetzt-2026');
		expect(slugify('Çok dilli eğitim')).toBe('cok-dilli-egitim');
		expect(slugify('مشاركة')).toBe('papier');
		expect(slugify('x'.repeat(300)).length).toBeLessThanOrEqual(100);
	});
});

describe('publishing', () => {
	it('gives an adopted paper a public page with the adopted text and its endorsers', async () => {
		const { db } = handle;
		const paperId = await decided('Gleiche Chancen', 2);
		const { slug } = await publishPaper(db, people.policyOfficer, paperId);
		expect(slug).toBe('gleiche-chancen');
		const page = (await findPublished(db, slug))!;
		expect(page).toMatchObject({ title: 'Gleiche Chancen', committeeName: people.committee.name, endorsed: 2, eligible: 3 });
		expect(page.endorsements.map((e) => e.statement).sort()).toEqual(['Stellungnahme 1', 'Stellungnahme 2']);
		expect(JSON.stringify(page.content)).toContain('Wir fordern Gleiche Chancen');
		expect((await db.selectFrom('papers').select('status').where('id', '=', paperId).executeTakeFirstOrThrow()).status).toBe('published');
	});

	it('keeps slugs unique and lists the newest first', async () => {
		const { db } = handle;
		const first = await decided('Gleiche Chancen', 3);
		const { slug } = await publishPaper(db, people.admin, first);
		expect(slug).toBe('gleiche-chancen-2');
		const list = await listPublished(db);
		expect(list.map((p) => p.slug).slice(0, 2)).toEqual(['gleiche-chancen-2', 'gleiche-chancen']);
	});

	it('refuses a paper that was not adopted, and anyone but the office', async () => {
		const { db } = handle;
		const rejected = await decided('Abgelehnt', 0);
		await expect(publishPaper(db, people.policyOfficer, rejected)).rejects.toBeInstanceOf(PolicyError);
		const adopted = await decided('Angenommen', 2);
		for (const who of [people.chair, people.delegate, orgs[0].representatives[0], null]) {
			await expect(publishPaper(db, who, adopted)).rejects.toBeInstanceOf(PolicyError);
		}
		// a rejected paper can go back to draft for another round
		await sendBackToDraft(db, people.policyOfficer, rejected, { reason: 'überarbeiten' });
	});

	it('an archived paper leaves the public pages', async () => {
		const { db } = handle;
		const paperId = await decided('Bald archiviert', 2);
		const { slug } = await publishPaper(db, people.policyOfficer, paperId);
		expect(await findPublished(db, slug)).toBeDefined();
		await archivePaper(db, people.admin, paperId, { reason: 'überholt' });
		expect(await findPublished(db, slug)).toBeUndefined();
		expect((await listPublished(db)).map((p) => p.slug)).not.toContain(slug);
		expect(await findPublished(db, '../etc')).toBeUndefined();
	});
});
