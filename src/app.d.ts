import type { Actor } from '$server/people/actor';
import type { Locale } from '$lib/i18n';

declare global {
	namespace App {
		interface Locals {
			actor: Actor | null;
			sessionId: string | null;
			locale: Locale;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
