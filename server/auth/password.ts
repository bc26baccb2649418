import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id minimum: m=19 MiB, t=2, p=1 (about 45 ms here).
const PARAMS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
	return hash(password, PARAMS);
}

// Verifying against this for unknown accounts makes "no such email" take as long as "wrong password".
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
	if (!storedHash) {
		dummyHash ??= hashPassword('mitsprache-timing-equaliser');
		await verify(await dummyHash, password).catch(() => false);
		return false;
	}
	try {
		return await verify(storedHash, password);
	} catch {
		return false;
	}
}
