// The one place that decides who may do what. Deny by default: an action without a rule, a
// disabled person, or a missing subject is refused. Routes, form actions, endpoints and the
// collaboration server all ask here; nothing else re-derives a rule.
import type { Actor } from './people/actor.ts';
import type { BallotStatus, PaperStatus } from './db/schema.ts';

export interface CommitteeRef {
	id: string;
}
export interface PaperRef {
	id: string;
	committeeId: string;
	status: PaperStatus;
}
export interface BallotRef {
	id: string;
	paper: PaperRef;
	status: BallotStatus;
	votesPublicWhileOpen: boolean;
}
/** A vote for one organisation in one ballot; eligible: the organisation was recorded at opening. */
export interface BallotVoteRef {
	ballot: BallotRef;
	organisationId: string;
	eligible: boolean;
}

/**
 * Who a thread or comment is for: organisationId null means every reader of the paper; else the
 * committee, the office and that organisation's representatives (a representative's words during a
 * ballot are not shown to the other organisations).
 */
export interface CommentScope {
	paper: PaperRef;
	authorId: string | null;
	organisationId: string | null;
}

/** Each action with the kind of subject it is asked about (null: the application as a whole). */
export interface Subjects {
	'admin.access': null;
	'organisation.manage': null;
	'committee.manage': null;
	'person.manage': null;
	'audit.read': null;
	'account.manage': null;
	'committee.list': null;
	'committee.read': CommitteeRef;
	'paper.list': null;
	'paper.create': CommitteeRef;
	'paper.read': PaperRef;
	'paper.edit': PaperRef;
	'version.list': PaperRef;
	'version.read': PaperRef;
	'version.create': PaperRef;
	'version.restore': PaperRef;
	'version.export': PaperRef;
	'publication.export': PaperRef;
	'paper.toFinalisation': PaperRef;
	'paper.backToDraft': PaperRef;
	'paper.publish': PaperRef;
	'paper.archive': PaperRef;
	'ballot.open': PaperRef;
	'ballot.list': null;
	'ballot.read': BallotRef;
	'ballot.extend': BallotRef;
	'ballot.vote': BallotVoteRef;
	'ballot.readVotes': BallotRef;
	'ballot.readParticipation': BallotRef;
	'comment.list': PaperRef;
	'comment.create': PaperRef;
	'comment.read': CommentScope;
	'comment.reply': CommentScope;
	'comment.resolve': CommentScope;
	'comment.edit': CommentScope;
	'comment.delete': CommentScope;
}
export type Action = keyof Subjects;

type Rule<A extends Action> = (actor: Actor, subject: Subjects[A]) => boolean;

const isAdmin = (a: Actor) => a.officeRoles.has('admin');
const isOffice = (a: Actor) => a.officeRoles.size > 0;
const isPolicyOfficer = (a: Actor) => a.officeRoles.has('policy_officer');
const sitsOn = (a: Actor, committeeId: string) => a.committees.has(committeeId);
const chairs = (a: Actor, committeeId: string) => a.committees.get(committeeId) === 'chair';
const represents = (a: Actor) => a.represents.size > 0;

/** Statuses in which a paper is before all organisations, so representatives may read it. */
const BEFORE_ORGANISATIONS: ReadonlySet<PaperStatus> = new Set(['ballot', 'adopted', 'not_adopted', 'published']);

const rules: { [A in Action]: Rule<A> } = {
	'admin.access': isAdmin,
	'organisation.manage': isAdmin,
	'committee.manage': isAdmin,
	'person.manage': isAdmin,
	'audit.read': isAdmin,
	'account.manage': () => true,
	'committee.list': () => true,
	'committee.read': () => true,
	'paper.list': () => true,
	'paper.create': (a, c) => isOffice(a) || chairs(a, c.id),
	'paper.read': (a, p) =>
		p.status === 'published' || isOffice(a) || sitsOn(a, p.committeeId) || (represents(a) && BEFORE_ORGANISATIONS.has(p.status)),
	'paper.edit': (a, p) => {
		if (p.status === 'draft') return isOffice(a) || sitsOn(a, p.committeeId);
		if (p.status === 'finalisation') return isPolicyOfficer(a) || isAdmin(a);
		return false;
	},
	// Versions follow the text: who may read the paper may read its history, who may edit it in its
	// current status may freeze or restore it. Workflow steps freeze versions through an internal
	// call (server/versions/versions.ts), not through these rules.
	'version.list': (a, p) => rules['paper.read'](a, p),
	'version.read': (a, p) => rules['paper.read'](a, p),
	'version.create': (a, p) => rules['paper.edit'](a, p),
	'version.restore': (a, p) => rules['paper.edit'](a, p),
	// Downloads (PDF, Word, Markdown) of a version: whoever may read it. The public page's downloads
	// exist for published papers only, for everyone, signed in or not.
	'version.export': (a, p) => rules['version.read'](a, p),
	'publication.export': (_a, p) => p.status === 'published',
	// Workflow steps: each rule names who, and from which status (see server/workflow/steps.ts).
	'paper.toFinalisation': (a, p) => p.status === 'draft' && (isOffice(a) || chairs(a, p.committeeId)),
	'paper.backToDraft': (a, p) => (p.status === 'finalisation' || p.status === 'not_adopted') && (isPolicyOfficer(a) || isAdmin(a)),
	'paper.publish': (a, p) => p.status === 'adopted' && (isPolicyOfficer(a) || isAdmin(a)),
	'paper.archive': (a, p) => p.status !== 'archived' && isAdmin(a),
	'ballot.open': (a, p) => p.status === 'finalisation' && (isPolicyOfficer(a) || isAdmin(a)),
	'ballot.list': (a) => isOffice(a) || represents(a),
	'ballot.read': (a, b) => rules['paper.read'](a, b.paper),
	'ballot.extend': (a, b) => (b.status === 'scheduled' || b.status === 'open') && (isPolicyOfficer(a) || isAdmin(a)),
	// Checked again at casting time, in the statement that stores the vote (server/ballots/votes.ts).
	'ballot.vote': (a, v) => v.eligible && (v.ballot.status === 'scheduled' || v.ballot.status === 'open') && a.represents.has(v.organisationId),
	// How each organisation voted: after closing, or while open when the ballot says so.
	'ballot.readVotes': (a, b) => rules['ballot.read'](a, b) && (b.status === 'closed' || (b.votesPublicWhileOpen && b.status !== 'cancelled')),
	// Which organisations have voted (not how): the office chases the missing ones.
	'ballot.readParticipation': (a, b) => (isOffice(a) && rules['ballot.read'](a, b)) || rules['ballot.readVotes'](a, b),
	// Comments: the panel is there for every reader; writing follows the paper's status (see
	// mayComment); a representative's words reach the committee, the office and their own
	// organisation only.
	'comment.list': (a, p) => rules['paper.read'](a, p),
	'comment.create': (a, p) => mayComment(a, p),
	'comment.read': (a, c) =>
		rules['paper.read'](a, c.paper) &&
		(c.organisationId === null || c.authorId === a.id || isOffice(a) || sitsOn(a, c.paper.committeeId) || a.represents.has(c.organisationId)),
	'comment.reply': (a, c) => mayComment(a, c.paper) && rules['comment.read'](a, c),
	'comment.resolve': (a, c) =>
		mayComment(a, c.paper) && rules['comment.read'](a, c) && (c.authorId === a.id || chairs(a, c.paper.committeeId) || isPolicyOfficer(a) || isAdmin(a)),
	'comment.edit': (a, c) => c.authorId === a.id && mayComment(a, c.paper),
	'comment.delete': (a, c) => c.authorId === a.id && mayComment(a, c.paper)
};

/** Draft and finalisation: the committee and the office; a ballot adds the representatives; else read-only. */
function mayComment(a: Actor, p: PaperRef): boolean {
	if (p.status === 'draft' || p.status === 'finalisation') return isOffice(a) || sitsOn(a, p.committeeId);
	if (p.status === 'ballot') return isOffice(a) || sitsOn(a, p.committeeId) || represents(a);
	return false;
}

/**
 * The audience of what this person writes on the paper: null (every reader) for the committee and
 * the office, else the organisation they represent.
 */
export function commentAudience(a: Actor, p: PaperRef): string | null {
	if (isOffice(a) || sitsOn(a, p.committeeId)) return null;
	if (a.organisationId && a.represents.has(a.organisationId)) return a.organisationId;
	return [...a.represents][0] ?? null;
}

/** What an anonymous visitor may do: read published papers, nothing else. */
const anonymous: { [A in Action]?: (subject: Subjects[A]) => boolean } = {
	'paper.read': (p) => p.status === 'published',
	'publication.export': (p) => p.status === 'published'
};

export function can<A extends Action>(actor: Actor | null | undefined, action: A, subject: Subjects[A]): boolean {
	if (subject === undefined) return false;
	if (!actor) return anonymous[action]?.(subject) ?? false;
	if (actor.disabled) return false;
	const rule = rules[action] as Rule<A> | undefined;
	return rule ? rule(actor, subject) : false;
}

export class PolicyError extends Error {
	/** 401 when nobody is signed in, 403 when the signed-in person may not. */
	constructor(public status: 401 | 403, action: string) {
		super(`not allowed: ${action}`);
	}
}

export function authorize<A extends Action>(actor: Actor | null | undefined, action: A, subject: Subjects[A]): void {
	if (!can(actor, action, subject)) throw new PolicyError(actor ? 403 : 401, action);
}

/** Several answers at once, for pages that render from abilities instead of re-deriving rules. */
export function abilities<A extends Action>(
	actor: Actor | null | undefined,
	asks: { [K in A]: Subjects[K] }
): Record<A, boolean> {
	const out = {} as Record<A, boolean>;
	for (const action of Object.keys(asks) as A[]) out[action] = can(actor, action, asks[action]);
	return out;
}
