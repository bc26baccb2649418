// One ballot: the frozen text, the vote of the person's organisation, participation against the
// quorum, and after closing the full result. Everything shown is asked of the policy module.
import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { database } from '$server/db';
import { can } from '$server/policy';
import { deadlineExtensions, extendDeadline, findBallot, isEligible, participation, refOf, voteLog, voteOf, votingOrganisation } from '$server/ballots/ballots';
import { castVote, MAX_STATEMENT_LENGTH, VoteRefused } from '$server/ballots/votes';
import { FEDERATION_TIME_ZONE, formatInZone, parseLocalDateTime, toLocalDateTime } from '$server/ballots/time';
import { federationLineLength } from '$server/export/exports';
import { authorize } from '$lib/server/guard';
import { formValues, parseForm, text } from '$lib/server/forms';
import { attempt } from '$lib/server/commands';
import { translate } from '$lib/i18n';

async function ballotFor(event: Pick<RequestEvent, 'params' | 'locals' | 'url'>) {
	const ballot = await findBallot(database().db, event.params.id);
	if (!ballot) error(404, translate(event.locals.locale, 'error.notFound'));
	authorize(event, 'ballot.read', refOf(ballot));
	return ballot;
}

export const load: PageServerLoad = async (event) => {
	const { db } = database();
	const ballot = await ballotFor(event);
	const actor = event.locals.actor;
	const ref = refOf(ballot);
	const organisationId = votingOrganisation(actor);
	const eligible = organisationId ? await isEligible(db, ballot.id, organisationId) : false;
	const readVotes = can(actor, 'ballot.readVotes', ref);
	const readParticipation = can(actor, 'ballot.readParticipation', ref);
	const office = !!actor && actor.officeRoles.size > 0;
	const [version, organisation, ownVote, organisations, extensions, log] = await Promise.all([
		db.selectFrom('paper_versions').select(['number', 'created_at', 'content_json']).where('id', '=', ballot.versionId).executeTakeFirstOrThrow(),
		organisationId ? db.selectFrom('organisations').select(['id', 'name']).where('id', '=', organisationId).executeTakeFirst() : undefined,
		organisationId && eligible ? voteOf(db, ballot.id, organisationId) : null,
		readParticipation ? participation(db, ballot.id, readVotes) : [],
		deadlineExtensions(db, ballot.id),
		office && readVotes ? voteLog(db, ballot.id) : []
	]);
	return {
		ballot,
		// The voted text with the line numbers that the PDF and the version view give it.
		version: { number: version.number, createdAt: version.created_at, content: version.content_json },
		lineLength: await federationLineLength(db),
		canExport: can(actor, 'version.export', ref.paper),
		organisation: organisation ?? null,
		eligible,
		ownVote,
		canVote: ballot.acceptingVotes && can(actor, 'ballot.vote', { ballot: ref, organisationId: organisationId ?? '', eligible }),
		canExtend: can(actor, 'ballot.extend', ref),
		readVotes,
		organisations,
		extensions,
		log,
		timeZone: FEDERATION_TIME_ZONE,
		extendDefault: toLocalDateTime(new Date(ballot.closesAt.getTime() + 7 * 24 * 3600 * 1000))
	};
};

const voteSchema = z.object({
	choice: z.enum(['endorse', 'abstain', 'reject'], { message: 'ballot.error.choice' }),
	statement: z.string().trim().max(MAX_STATEMENT_LENGTH, 'form.tooLong').optional().default('')
});

const extendSchema = z.object({
	closesAt: z.string().trim().min(1, 'ballot.error.dateTime'),
	reason: text(2000)
});

export const actions: Actions = {
	vote: async (event) => {
		const ballot = await ballotFor(event);
		const data = await event.request.formData();
		const parsed = parseForm(voteSchema, data);
		if (!parsed.ok) return parsed.failure;
		const result = await attempt(event, data, async () => {
			try {
				return await castVote(database().db, event.locals.actor, ballot.id, parsed.data);
			} catch (err) {
				if (err instanceof VoteRefused) return err;
				throw err;
			}
		});
		if (!result.ok) return result.failure;
		const outcome = result.value;
		if (outcome instanceof VoteRefused) {
			// A refusal the person must understand: say why, with the deadline in their language.
			const closesAt = outcome.params.closesAt ? formatInZone(new Date(outcome.params.closesAt), event.locals.locale) : '';
			return fail(409, { values: formValues(data), errors: {}, message: outcome.key, messageParams: { closesAt } });
		}
		return { voted: { choice: outcome.choice, changed: outcome.previousChoice !== null } };
	},
	extend: async (event) => {
		const ballot = await ballotFor(event);
		const data = await event.request.formData();
		const parsed = parseForm(extendSchema, data);
		if (!parsed.ok) return parsed.failure;
		const closesAt = parseLocalDateTime(parsed.data.closesAt);
		if (!closesAt) return fail(400, { values: formValues(data), errors: { closesAt: 'ballot.error.dateTime' }, message: 'form.errorSummary' });
		const result = await attempt(event, data, () => extendDeadline(database().db, event.locals.actor, ballot.id, { closesAt, reason: parsed.data.reason }));
		if (!result.ok) return result.failure;
		return { extended: true };
	}
};
