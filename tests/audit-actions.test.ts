// Every action the audit log records has a label in German and in English, and a stored code
// that is not (or no longer) listed shows as it is.
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../server/audit.ts';
import { LOCALES, hasMessage, translate } from '../src/lib/i18n/index.ts';
import { auditActionLabel } from '../src/routes/admin/audit/action-label.ts';

describe('audit action labels', () => {
	it('lists each action once', () => {
		expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
	});

	for (const locale of LOCALES) {
		it(`every action has a non-empty label in ${locale}`, () => {
			for (const action of AUDIT_ACTIONS) {
				const key = `audit.action.${action}`;
				expect(hasMessage(key), key).toBe(true);
				const label = translate(locale, key);
				expect(label.trim(), key).not.toBe('');
				expect(label, key).not.toBe(key);
			}
		});
	}

	it('labels are the plain words the office reads', () => {
		expect(translate('de', 'audit.action.person.password_reset_link')).toBe('Link zum Zurücksetzen des Passworts erstellt');
		expect(translate('en', 'audit.action.person.password_reset_link')).toBe('Password reset link created');
	});

	it('the page shows the label for a listed action and nothing but the code for an unknown one', () => {
		const de = (key: string) => translate('de', key);
		expect(auditActionLabel(de, 'paper.create')).toBe('Papier angelegt');
		expect(auditActionLabel(de, 'paper.step.openBallot')).toBe('Papier zur Abstimmung gestellt');
		expect(auditActionLabel(de, 'something.old')).toBeNull();
		expect(auditActionLabel(de, '')).toBeNull();
		expect(auditActionLabel(de, 'toString')).toBeNull();
		expect(auditActionLabel(de, '__proto__')).toBeNull();
	});
});
