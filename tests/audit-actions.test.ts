// Every action and object type the audit log records has a label in German and in English, and a
// stored code that is not (or no longer) listed shows as it is.
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_OBJECT_TYPES } from '../server/audit.ts';
import { LOCALES, hasMessage, translate } from '../src/lib/i18n/index.ts';
import { auditActionLabel, auditObjectTypeLabel } from '../src/routes/admin/audit/action-label.ts';

const de = (key: string) => translate('de', key);
const en = (key: string) => translate('en', key);

// The two closed lists and the prefix of their labels' keys.
const LISTS: [string, readonly string[]][] = [
	['action', AUDIT_ACTIONS],
	['objectType', AUDIT_OBJECT_TYPES]
];

for (const [kind, codes] of LISTS) {
	describe(`audit ${kind} labels`, () => {
		it('lists each code once', () => {
			expect(new Set(codes).size).toBe(codes.length);
		});

		for (const locale of LOCALES) {
			it(`every code has a non-empty label in ${locale}`, () => {
				for (const code of codes) {
					const key = `audit.${kind}.${code}`;
					expect(hasMessage(key), key).toBe(true);
					const label = translate(locale, key);
					expect(label.trim(), key).not.toBe('');
					expect(label, key).not.toBe(key);
				}
			});
		}
	});
}

describe('audit labels on the page', () => {
	it('action labels are the plain words the office reads', () => {
		expect(de('audit.action.person.password_reset_link')).toBe('Link zum Zurücksetzen des Passworts erstellt');
		expect(en('audit.action.person.password_reset_link')).toBe('Password reset link created');
	});

	it('the page shows the label for a listed action and nothing but the code for an unknown one', () => {
		expect(auditActionLabel(de, 'paper.create')).toBe('Papier angelegt');
		expect(auditActionLabel(de, 'paper.step.openBallot')).toBe('Papier zur Abstimmung gestellt');
		expect(auditActionLabel(de, 'something.old')).toBeNull();
		expect(auditActionLabel(de, '')).toBeNull();
		expect(auditActionLabel(de, 'toString')).toBeNull();
		expect(auditActionLabel(de, '__proto__')).toBeNull();
	});

	it('the page shows the label for a listed object type and the code for an unknown one', () => {
		expect(auditObjectTypeLabel(de, 'comment_thread')).toBe('Kommentarfaden');
		expect(auditObjectTypeLabel(en, 'comment_thread')).toBe('Comment thread');
		expect(auditObjectTypeLabel(de, 'invitation')).toBe('Einladung');
		expect(auditObjectTypeLabel(de, 'something_old')).toBe('something_old');
		expect(auditObjectTypeLabel(de, 'toString')).toBe('toString');
		expect(auditObjectTypeLabel(de, '__proto__')).toBe('__proto__');
	});
});
