// File names for downloads: an ASCII name every browser and mail client copes with, and the real
// title in UTF-8 (RFC 6266 / RFC 5987 `filename*`) for those that read it, which is nearly all.

const TRANSLITERATE: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss', ı: 'i', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ø: 'o', Ø: 'O', æ: 'ae', Æ: 'Ae', œ: 'oe', Œ: 'Oe' };

/** "Positionspapier: Bildung für alle" → "Positionspapier-Bildung-fuer-alle"; letters without a Latin form drop out. */
export function asciiSlug(text: string, max = 80): string {
	return text
		.replace(/[äöüÄÖÜßıłŁđĐøØæÆœŒ]/g, (c) => TRANSLITERATE[c])
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.replace(/[^A-Za-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, max)
		.replace(/-+$/g, '');
}

export interface DownloadName {
	ascii: string;
	utf8: string;
}

/** The file name of a download from the paper's title and the version's name. */
export function downloadName(title: string, version: string, extension: string): DownloadName {
	const base = [asciiSlug(title, 80), asciiSlug(version, 40)].filter(Boolean).join('_') || 'paper';
	// Characters that file systems refuse, and control characters, become "_".
	// eslint-disable-next-line no-control-regex
	const safe = (s: string) => s.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_').replace(/\s+/g, ' ').trim();
	const full = [safe(title).slice(0, 150), safe(version).slice(0, 60)].filter(Boolean).join(' – ') || 'paper';
	return { ascii: `${base}.${extension}`, utf8: `${full}.${extension}` };
}

function rfc5987(value: string): string {
	return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function contentDisposition(name: DownloadName): string {
	return `attachment; filename="${name.ascii}"; filename*=UTF-8''${rfc5987(name.utf8)}`;
}
