export const TEMPLATE_DB = 'mitsprache_test_template';

/** The same server, another database. */
export function databaseUrl(url: string, name: string): string {
	const u = new URL(url);
	u.pathname = `/${name}`;
	return u.toString();
}

/** A database to connect to while creating and dropping others. */
export function adminUrl(url: string): string {
	return url;
}
