// The audit log's actions in words. Each language is a Record over every `audit.action.<code>` of
// server/audit.ts's AUDIT_ACTIONS: an action added there without a label here (or a label for an
// action that no longer exists) is a type error. The audit page shows the raw code for rows whose
// action is not (or no longer) in the list.
import type { AuditAction } from '$server/audit';

type AuditActionMessages = Record<`audit.action.${AuditAction}`, string>;

const de: AuditActionMessages = {
	'audit.action.paper.create': 'Papier angelegt',
	'audit.action.paper.step.toFinalisation': 'Zur Endredaktion übergeben',
	'audit.action.paper.step.backToDraft': 'Zurück in den Entwurf gegeben',
	'audit.action.paper.step.openBallot': 'Papier zur Abstimmung gestellt',
	'audit.action.paper.step.publish': 'Papier veröffentlicht',
	'audit.action.paper.step.archive': 'Papier archiviert',
	'audit.action.version.create': 'Fassung gespeichert',
	'audit.action.version.restore': 'Fassung wiederhergestellt',
	'audit.action.comment.create': 'Kommentar geschrieben',
	'audit.action.comment.edit': 'Kommentar bearbeitet',
	'audit.action.comment.delete': 'Kommentar gelöscht',
	'audit.action.comment.resolve': 'Kommentar als erledigt markiert',
	'audit.action.comment.reopen': 'Kommentar wieder geöffnet',
	'audit.action.ballot.open': 'Abstimmung eröffnet',
	'audit.action.ballot.extend': 'Frist der Abstimmung verlängert',
	'audit.action.ballot.vote': 'Stimme abgegeben',
	'audit.action.ballot.vote.change': 'Stimme geändert',
	'audit.action.ballot.close': 'Abstimmung beendet',
	'audit.action.ballot.cancel': 'Abstimmung abgebrochen',
	'audit.action.committee.create': 'Ausschuss angelegt',
	'audit.action.committee.update': 'Ausschuss geändert',
	'audit.action.committee.member_set': 'Ausschussmitglied eingetragen oder Rolle geändert',
	'audit.action.committee.member_remove': 'Mitglied aus dem Ausschuss entfernt',
	'audit.action.organisation.create': 'Organisation angelegt',
	'audit.action.organisation.update': 'Organisation geändert',
	'audit.action.organisation.representative_add': 'Vertretung benannt',
	'audit.action.organisation.representative_remove': 'Vertretung entzogen',
	'audit.action.person.access': 'Organisation und Rollen geändert',
	'audit.action.person.update': 'Person geändert',
	'audit.action.person.disable': 'Konto gesperrt',
	'audit.action.person.enable': 'Konto entsperrt',
	'audit.action.person.password_reset_link': 'Link zum Zurücksetzen des Passworts erstellt',
	'audit.action.person.password_reset': 'Passwort zurückgesetzt',
	'audit.action.invitation.create': 'Einladung erstellt',
	'audit.action.invitation.revoke': 'Einladung zurückgezogen',
	'audit.action.invitation.accept': 'Einladung angenommen',
	'audit.action.login.locked': 'Anmeldung nach Fehlversuchen gesperrt'
};

const en: AuditActionMessages = {
	'audit.action.paper.create': 'Paper created',
	'audit.action.paper.step.toFinalisation': 'Handed over to finalisation',
	'audit.action.paper.step.backToDraft': 'Sent back to draft',
	'audit.action.paper.step.openBallot': 'Paper put to the vote',
	'audit.action.paper.step.publish': 'Paper published',
	'audit.action.paper.step.archive': 'Paper archived',
	'audit.action.version.create': 'Version saved',
	'audit.action.version.restore': 'Version restored',
	'audit.action.comment.create': 'Comment written',
	'audit.action.comment.edit': 'Comment edited',
	'audit.action.comment.delete': 'Comment deleted',
	'audit.action.comment.resolve': 'Comment marked as resolved',
	'audit.action.comment.reopen': 'Comment reopened',
	'audit.action.ballot.open': 'Ballot opened',
	'audit.action.ballot.extend': 'Ballot deadline extended',
	'audit.action.ballot.vote': 'Vote cast',
	'audit.action.ballot.vote.change': 'Vote changed',
	'audit.action.ballot.close': 'Ballot closed',
	'audit.action.ballot.cancel': 'Ballot cancelled',
	'audit.action.committee.create': 'Committee created',
	'audit.action.committee.update': 'Committee changed',
	'audit.action.committee.member_set': 'Committee member added or role changed',
	'audit.action.committee.member_remove': 'Committee member removed',
	'audit.action.organisation.create': 'Organisation created',
	'audit.action.organisation.update': 'Organisation changed',
	'audit.action.organisation.representative_add': 'Representative appointed',
	'audit.action.organisation.representative_remove': 'Representative removed',
	'audit.action.person.access': 'Organisation and roles changed',
	'audit.action.person.update': 'Person changed',
	'audit.action.person.disable': 'Account disabled',
	'audit.action.person.enable': 'Account enabled',
	'audit.action.person.password_reset_link': 'Password reset link created',
	'audit.action.person.password_reset': 'Password reset',
	'audit.action.invitation.create': 'Invitation created',
	'audit.action.invitation.revoke': 'Invitation revoked',
	'audit.action.invitation.accept': 'Invitation accepted',
	'audit.action.login.locked': 'Login locked after failed attempts'
};

export const auditMessages = { de, en };
