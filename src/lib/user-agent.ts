/** "Chrome on Linux" from a user-agent string: enough to recognise one's own devices. */
export function describeUserAgent(ua: string | null): string | null {
	if (!ua) return null;
	const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : null;
	const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
	if (browser && os) return `${browser} · ${os}`;
	return browser ?? os ?? ua.slice(0, 60);
}
