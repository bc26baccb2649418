// Quorum and majority for a table of cases: the rules of the federation's sign-off.
import { describe, expect, it } from 'vitest';
import { computeResult, majorityReached, requiredForQuorum, type CountedVote } from '../server/ballots/result.ts';
import type { BallotMajority, VoteChoice } from '../server/db/schema.ts';

function votes(endorse: number, abstain: number, reject: number): CountedVote[] {
	const out: CountedVote[] = [];
	const add = (n: number, choice: VoteChoice) => {
		for (let i = 0; i < n; i++) out.push({ organisationId: `${choice}-${i}`, organisationName: `${choice} ${i}`, choice, statement: '' });
	};
	add(endorse, 'endorse');
	add(abstain, 'abstain');
	add(reject, 'reject');
	return out;
}

interface Case {
	label: string;
	eligible: number;
	quorum: number;
	majority: BallotMajority;
	endorse: number;
	abstain: number;
	reject: number;
	quorumMet: boolean;
	outcome: 'adopted' | 'not_adopted';
	reason: 'quorum' | 'majority' | null;
}

const cases: Case[] = [
	{ label: 'BKMO: 27 of 41 vote, most endorse', eligible: 41, quorum: 0.5, majority: 'simple', endorse: 20, abstain: 4, reject: 3, quorumMet: true, outcome: 'adopted', reason: null },
	{ label: 'exactly the quorum (21 of 41)', eligible: 41, quorum: 0.5, majority: 'simple', endorse: 11, abstain: 0, reject: 10, quorumMet: true, outcome: 'adopted', reason: null },
	{ label: 'one short of the quorum (20 of 41)', eligible: 41, quorum: 0.5, majority: 'simple', endorse: 20, abstain: 0, reject: 0, quorumMet: false, outcome: 'not_adopted', reason: 'quorum' },
	{ label: 'abstentions count for the quorum', eligible: 10, quorum: 0.5, majority: 'simple', endorse: 1, abstain: 4, reject: 0, quorumMet: true, outcome: 'adopted', reason: null },
	{ label: 'abstentions do not count for the majority', eligible: 10, quorum: 0.5, majority: 'simple', endorse: 2, abstain: 6, reject: 2, quorumMet: true, outcome: 'not_adopted', reason: 'majority' },
	{ label: 'simple: a tie is not a majority', eligible: 10, quorum: 0.5, majority: 'simple', endorse: 3, abstain: 0, reject: 3, quorumMet: true, outcome: 'not_adopted', reason: 'majority' },
	{ label: 'simple: one more endorsement wins', eligible: 10, quorum: 0.5, majority: 'simple', endorse: 4, abstain: 0, reject: 3, quorumMet: true, outcome: 'adopted', reason: null },
	{ label: 'everyone abstains', eligible: 10, quorum: 0.5, majority: 'simple', endorse: 0, abstain: 10, reject: 0, quorumMet: true, outcome: 'not_adopted', reason: 'majority' },
	{ label: 'two thirds: exactly 2/3 is enough', eligible: 9, quorum: 0.5, majority: 'two_thirds', endorse: 6, abstain: 0, reject: 3, quorumMet: true, outcome: 'adopted', reason: null },
	{ label: 'two thirds: just below 2/3', eligible: 20, quorum: 0.5, majority: 'two_thirds', endorse: 13, abstain: 0, reject: 7, quorumMet: true, outcome: 'not_adopted', reason: 'majority' },
	{ label: 'two thirds: abstentions left out', eligible: 20, quorum: 0.5, majority: 'two_thirds', endorse: 4, abstain: 10, reject: 2, quorumMet: true, outcome: 'adopted', reason: null },
	{ label: 'two thirds: all abstain', eligible: 4, quorum: 0.5, majority: 'two_thirds', endorse: 0, abstain: 4, reject: 0, quorumMet: true, outcome: 'not_adopted', reason: 'majority' },
	{ label: 'quorum 100 %: everyone must vote', eligible: 5, quorum: 1, majority: 'simple', endorse: 4, abstain: 0, reject: 0, quorumMet: false, outcome: 'not_adopted', reason: 'quorum' },
	{ label: 'quorum 30 % of 10 is 3 (no float drift)', eligible: 10, quorum: 0.3, majority: 'simple', endorse: 3, abstain: 0, reject: 0, quorumMet: true, outcome: 'adopted', reason: null },
	{ label: 'quorum not met beats a clear majority', eligible: 41, quorum: 0.75, majority: 'two_thirds', endorse: 30, abstain: 0, reject: 0, quorumMet: false, outcome: 'not_adopted', reason: 'quorum' },
	{ label: 'nobody votes', eligible: 41, quorum: 0.5, majority: 'simple', endorse: 0, abstain: 0, reject: 0, quorumMet: false, outcome: 'not_adopted', reason: 'quorum' },
	{ label: 'no eligible organisations', eligible: 0, quorum: 0.5, majority: 'simple', endorse: 0, abstain: 0, reject: 0, quorumMet: false, outcome: 'not_adopted', reason: 'quorum' }
];

describe('ballot result', () => {
	for (const c of cases) {
		it(c.label, () => {
			const r = computeResult({ eligible: c.eligible, quorum: c.quorum, majority: c.majority, votes: votes(c.endorse, c.abstain, c.reject) });
			expect(r.quorumMet).toBe(c.quorumMet);
			expect(r.outcome).toBe(c.outcome);
			expect(r.reason).toBe(c.reason);
			expect(r.tally).toEqual({ endorse: c.endorse, abstain: c.abstain, reject: c.reject, notVoted: c.eligible - c.endorse - c.abstain - c.reject });
			expect(r.voted).toBe(c.endorse + c.abstain + c.reject);
		});
	}

	it('rounds the quorum up: 41 × 50 % needs 21', () => {
		expect(requiredForQuorum(41, 0.5)).toBe(21);
		expect(requiredForQuorum(40, 0.5)).toBe(20);
		expect(requiredForQuorum(10, 0.3)).toBe(3);
		expect(requiredForQuorum(3, 2 / 3)).toBe(2);
	});

	it('two thirds counts endorse against reject only', () => {
		expect(majorityReached('two_thirds', 2, 1)).toBe(true);
		expect(majorityReached('two_thirds', 1, 1)).toBe(false);
		expect(majorityReached('simple', 1, 0)).toBe(true);
	});

	it('keeps every vote with its statement, sorted by organisation', () => {
		const r = computeResult({
			eligible: 3,
			quorum: 0.5,
			majority: 'simple',
			votes: [
				{ organisationId: 'b', organisationName: 'Beta', choice: 'reject', statement: '' },
				{ organisationId: 'a', organisationName: 'Alpha', choice: 'endorse', statement: 'Wir stimmen zu.' }
			]
		});
		expect(r.votes.map((v) => v.organisationName)).toEqual(['Alpha', 'Beta']);
		expect(r.votes[0].statement).toBe('Wir stimmen zu.');
	});
});
