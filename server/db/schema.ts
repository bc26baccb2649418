// Table types for Kysely. Keep in step with migrations/.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type OfficeRole = 'admin' | 'policy_officer';
export type CommitteeRole = 'chair' | 'delegate';
export type Language = 'de' | 'en';
export type OrganisationKind = 'umbrella' | 'network' | 'federal' | 'state' | 'other';

export interface FederationTable {
	id: Generated<boolean>;
	name: string;
	short_name: string;
	address: Generated<string>;
	line_length: Generated<number>;
}

export interface OrganisationTable {
	id: Generated<string>;
	name: string;
	short_name: string | null;
	kind: OrganisationKind;
	voting_member: boolean;
	created_at: CreatedAt;
}

export interface PersonTable {
	id: Generated<string>;
	name: string;
	email: string;
	password_hash: string | null;
	language: ColumnType<Language, Language | undefined, Language>;
	organisation_id: string | null;
	disabled_at: Timestamp | null;
	created_at: CreatedAt;
}

export interface OfficeRoleTable {
	person_id: string;
	role: OfficeRole;
}

export interface CommitteeTable {
	id: Generated<string>;
	name: string;
	description: string;
	created_at: CreatedAt;
}

export interface CommitteeMemberTable {
	committee_id: string;
	person_id: string;
	role: CommitteeRole;
}

export interface OrganisationRepresentativeTable {
	organisation_id: string;
	person_id: string;
}

export interface SessionTable {
	id: string; // SHA-256 of the token, hex
	person_id: string;
	expires_at: Timestamp;
	created_at: CreatedAt;
	last_used_at: Timestamp;
	user_agent: string | null;
}

export interface InvitationGrants {
	officeRoles: OfficeRole[];
	committees: { committeeId: string; role: CommitteeRole }[];
	representative: boolean;
}

export interface InvitationTable {
	id: Generated<string>;
	token_hash: string;
	email: string;
	name: string;
	organisation_id: string | null;
	grants: ColumnType<InvitationGrants, string, string>;
	invited_by: string | null;
	created_at: CreatedAt;
	expires_at: Timestamp;
	accepted_at: Timestamp | null;
	revoked_at: Timestamp | null;
}

export interface PasswordResetTable {
	id: Generated<string>;
	token_hash: string;
	person_id: string;
	created_by: string | null;
	created_at: CreatedAt;
	expires_at: Timestamp;
	used_at: Timestamp | null;
}

export interface FailedLoginTable {
	id: Generated<number>;
	email: string;
	at: CreatedAt;
}

export interface AuditLogTable {
	id: Generated<number>;
	at: CreatedAt;
	actor_id: string | null;
	action: string;
	object_type: string;
	object_id: string | null;
	details: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export const PAPER_TYPES = ['position_paper', 'demand_catalogue', 'statement', 'policy_paper', 'toolkit', 'agenda', 'draft_law'] as const;
export type PaperType = (typeof PAPER_TYPES)[number];

export interface PaperTable {
	id: Generated<string>;
	committee_id: string;
	title: string;
	type: PaperType;
	summary: Generated<string>;
	status: ColumnType<PaperStatus, PaperStatus | undefined, PaperStatus>;
	created_by: string | null;
	created_at: CreatedAt;
	updated_at: Timestamp;
	content_text: Generated<string>;
	content_json: ColumnType<unknown, string | undefined, string>;
}

export interface PaperDocumentTable {
	paper_id: string;
	/** Yjs state, V1 encoding */
	state: Uint8Array;
	/** the highest paper_updates.id folded into state */
	compacted_through: ColumnType<number, number | undefined, number>;
	updated_at: Timestamp;
}

export interface PaperUpdateTable {
	id: Generated<number>;
	paper_id: string;
	/** one Yjs update, V1 encoding */
	data: Uint8Array;
	created_at: CreatedAt;
}

export interface PaperContributorTable {
	paper_id: string;
	person_id: string;
	last_edit_at: Timestamp;
}

export interface NotificationTable {
	id: Generated<number>;
	person_id: string;
	/** e.g. 'comment.mention', 'comment.reply', 'comment.thread', 'ballot.reminder' */
	kind: string;
	paper_id: string | null;
	/** where the notification leads, a path on this site */
	link: ColumnType<string, string | undefined, string>;
	payload: ColumnType<Record<string, unknown>, string | undefined, string>;
	created_at: CreatedAt;
	read_at: Timestamp | null;
}

export type BallotStatus = 'scheduled' | 'open' | 'closed' | 'cancelled';
export type BallotMajority = 'simple' | 'two_thirds';
export type VoteChoice = 'endorse' | 'abstain' | 'reject';
export type ReminderKind = 'opening' | '48h' | '24h';

export interface PaperTransitionTable {
	id: Generated<number>;
	paper_id: string;
	from_status: PaperStatus;
	to_status: PaperStatus;
	actor_id: string | null;
	version_id: string | null;
	at: CreatedAt;
	reason: Generated<string>;
}

export interface BallotTable {
	id: Generated<string>;
	paper_id: string;
	version_id: string;
	opens_at: Timestamp;
	closes_at: Timestamp;
	/** numeric: pg gives a string; normalise with Number() */
	quorum: ColumnType<string | number, number | undefined, number>;
	majority: ColumnType<BallotMajority, BallotMajority | undefined, BallotMajority>;
	votes_public_while_open: Generated<boolean>;
	status: ColumnType<BallotStatus, BallotStatus | undefined, BallotStatus>;
	closed_at: Timestamp | null;
	/** see BallotResult in server/ballots/result.ts */
	result: ColumnType<unknown, string | null | undefined, string | null>;
	created_by: string | null;
	created_at: CreatedAt;
}

export interface BallotEligibleOrganisationTable {
	ballot_id: string;
	organisation_id: string;
}

export interface BallotVoteTable {
	ballot_id: string;
	organisation_id: string;
	choice: VoteChoice;
	statement: Generated<string>;
	cast_by: string | null;
	cast_at: Timestamp;
}

export interface BallotVoteLogTable {
	id: Generated<number>;
	ballot_id: string;
	organisation_id: string;
	choice: VoteChoice;
	statement: Generated<string>;
	previous_choice: VoteChoice | null;
	cast_by: string | null;
	cast_at: Timestamp;
}

export interface BallotDeadlineExtensionTable {
	id: Generated<number>;
	ballot_id: string;
	previous_closes_at: Timestamp;
	new_closes_at: Timestamp;
	reason: string;
	extended_by: string | null;
	at: CreatedAt;
}

export interface ReminderSentTable {
	ballot_id: string;
	organisation_id: string;
	kind: ReminderKind;
	sent_at: CreatedAt;
	recipients: Generated<number>;
	emailed: Generated<number>;
}

export interface PublicationTable {
	paper_id: string;
	slug: string;
	ballot_id: string;
	version_id: string;
	published_at: CreatedAt;
	published_by: string | null;
}

export interface CommentThreadTable {
	id: Generated<string>;
	paper_id: string;
	/** Y.encodeRelativePosition into the XmlFragment `default`, assoc >= 0 */
	anchor_start: Uint8Array;
	/** Y.encodeRelativePosition into the XmlFragment `default`, assoc < 0 */
	anchor_end: Uint8Array;
	quoted_text: string;
	/** null: every reader of the paper; else the committee, the office and this organisation */
	organisation_id: string | null;
	created_by: string | null;
	created_at: CreatedAt;
	resolved_at: Timestamp | null;
	resolved_by: string | null;
}

export interface CommentTable {
	id: Generated<number>;
	thread_id: string;
	author_id: string | null;
	organisation_id: string | null;
	body: string;
	created_at: CreatedAt;
	edited_at: Timestamp | null;
	deleted_at: Timestamp | null;
}

export interface CommentMentionTable {
	comment_id: number;
	person_id: string;
}

export type VersionKind = 'manual' | 'workflow' | 'restore' | 'auto';

export interface PaperVersionTable {
	id: Generated<string>;
	paper_id: string;
	/** 1, 2, 3 … per paper */
	number: number;
	name: Generated<string>;
	note: Generated<string>;
	kind: VersionKind;
	/** Yjs full state, V1 encoding */
	state: Uint8Array;
	content_json: ColumnType<unknown, string, never>;
	content_text: string;
	/** sha256 (hex) of the content JSON */
	state_hash: string;
	created_by: string | null;
	created_at: CreatedAt;
	restored_from: string | null;
}

export interface PaperVisitTable {
	paper_id: string;
	person_id: string;
	last_seen_version: string | null;
	last_seen_at: Timestamp;
	/** the visit before the current one: the baseline of "changes since my last visit" */
	previous_version: string | null;
	previous_at: Timestamp | null;
}

export interface DB {
	notifications: NotificationTable;
	papers: PaperTable;
	paper_documents: PaperDocumentTable;
	paper_updates: PaperUpdateTable;
	paper_contributors: PaperContributorTable;
	paper_versions: PaperVersionTable;
	paper_visits: PaperVisitTable;
	federation: FederationTable;
	organisations: OrganisationTable;
	people: PersonTable;
	office_roles: OfficeRoleTable;
	committees: CommitteeTable;
	committee_members: CommitteeMemberTable;
	organisation_representatives: OrganisationRepresentativeTable;
	sessions: SessionTable;
	invitations: InvitationTable;
	password_resets: PasswordResetTable;
	failed_logins: FailedLoginTable;
	audit_log: AuditLogTable;
	paper_transitions: PaperTransitionTable;
	ballots: BallotTable;
	ballot_eligible_organisations: BallotEligibleOrganisationTable;
	ballot_votes: BallotVoteTable;
	ballot_vote_log: BallotVoteLogTable;
	ballot_deadline_extensions: BallotDeadlineExtensionTable;
	reminders_sent: ReminderSentTable;
	publications: PublicationTable;
	comment_threads: CommentThreadTable;
	comments: CommentTable;
	comment_mentions: CommentMentionTable;
}

export type Person = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type Organisation = Selectable<OrganisationTable>;
export type Committee = Selectable<CommitteeTable>;
export type Session = Selectable<SessionTable>;
export type AuditEntry = Selectable<AuditLogTable>;

export type PaperStatus = 'draft' | 'finalisation' | 'ballot' | 'adopted' | 'not_adopted' | 'published' | 'archived';
