// A ballot's result, computed from the stored votes alone: a pure function, so the rules
// (quorum, simple or two-thirds majority, abstentions counting for the quorum only) are tested
// by a table of cases and the stored result is exactly what this returns.
import type { BallotMajority, VoteChoice } from '../db/schema.ts';

export interface CountedVote {
	organisationId: string;
	organisationName: string;
	choice: VoteChoice;
	statement: string;
}

export interface BallotResult {
	eligible: number;
	voted: number;
	/** organisations that must vote for the quorum */
	required: number;
	quorum: number;
	quorumMet: boolean;
	majority: BallotMajority;
	tally: { endorse: number; abstain: number; reject: number; notVoted: number };
	outcome: 'adopted' | 'not_adopted';
	/** why it was not adopted; null when adopted */
	reason: 'quorum' | 'majority' | null;
	/** every vote, by organisation name; the endorsing ones are those with choice 'endorse' */
	votes: CountedVote[];
}

/** Organisations that must vote: the quorum share of the eligible, rounded up (41 × 50 % → 21). */
export function requiredForQuorum(eligible: number, quorum: number): number {
	// The epsilon keeps 10 × 0.3 at 3 despite binary floating point.
	return Math.ceil(eligible * quorum - 1e-9);
}

export function majorityReached(majority: BallotMajority, endorse: number, reject: number): boolean {
	if (majority === 'two_thirds') return endorse > 0 && endorse * 3 >= (endorse + reject) * 2;
	return endorse > reject;
}

export function computeResult(input: { eligible: number; quorum: number; majority: BallotMajority; votes: CountedVote[] }): BallotResult {
	const tally = { endorse: 0, abstain: 0, reject: 0, notVoted: 0 };
	for (const v of input.votes) tally[v.choice]++;
	const voted = input.votes.length;
	tally.notVoted = Math.max(0, input.eligible - voted);
	const required = requiredForQuorum(input.eligible, input.quorum);
	const quorumMet = input.eligible > 0 && voted >= required;
	const majorityMet = majorityReached(input.majority, tally.endorse, tally.reject);
	const adopted = quorumMet && majorityMet;
	return {
		eligible: input.eligible,
		voted,
		required,
		quorum: input.quorum,
		quorumMet,
		majority: input.majority,
		tally,
		outcome: adopted ? 'adopted' : 'not_adopted',
		reason: adopted ? null : quorumMet ? 'majority' : 'quorum',
		votes: [...input.votes].sort((a, b) => a.organisationName.localeCompare(b.organisationName, 'de'))
	};
}

export function endorsements(result: BallotResult): CountedVote[] {
	return result.votes.filter((v) => v.choice === 'endorse');
}
