// "Noch 3 Tage, 4 Stunden": the time left as words, from seconds, with singular and plural.
import type { I18n } from '$lib/i18n/context';

function unit(t: I18n['t'], name: 'day' | 'hour' | 'minute', n: number): string {
	return t(`ballot.unit.${name}.${n === 1 ? 'one' : 'other'}`, { n });
}

export function timeLeftText(t: I18n['t'], seconds: number): string {
	if (seconds < 60) return t('ballot.timeLeft', { time: t('ballot.timeLeft.seconds') });
	const minutes = Math.floor(seconds / 60) % 60;
	const hours = Math.floor(seconds / 3600) % 24;
	const days = Math.floor(seconds / 86400);
	const parts = days > 0 ? [unit(t, 'day', days), unit(t, 'hour', hours)] : hours > 0 ? [unit(t, 'hour', hours), unit(t, 'minute', minutes)] : [unit(t, 'minute', minutes)];
	return t('ballot.timeLeft', { time: parts.join(', ') });
}
