// The collaboration server as its own process, for the durability test (which kills it with -9).
//   node --import tsx tests/collab/server-process.ts [writers]
// prints "fixtures <json>" when asked for writers (a paper, their sessions), then "listening <port>",
// and serves until SIGTERM. The database comes from the environment (DATABASE_URL, else
// PGLITE_DIR), as in production; opening PGlite is the slow part, so setup shares the process.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ready } from '../../server/bootstrap.ts';
import { publishRuntime, type Runtime } from '../../server/runtime.ts';
import { handleUpgrade } from '../../server/collab/upgrade.ts';
import { configureCollab } from '../../server/collab/settings.ts';
import { createSession, SESSION_COOKIE } from '../../server/auth/sessions.ts';
import { newCommittee, newPerson } from '../helpers/fixtures.ts';

export interface Fixtures {
	paperId: string;
	/** session cookies of the writers, and of one more person who only watches */
	writers: string[];
	observer: string;
}

async function setup(writers: number): Promise<Fixtures> {
	const { db } = await ready({ demo: false });
	const committee = await newCommittee(db);
	const member = () => newPerson(db, { committees: [{ committeeId: committee.id, role: 'delegate' }] });
	const cookie = async () => `${SESSION_COOKIE}=${(await createSession(db, (await member()).id, 'durability test')).token}`;
	const paper = await db
		.insertInto('papers')
		.values({ committee_id: committee.id, title: 'Dauerhaft', type: 'position_paper', created_by: null, updated_at: new Date() })
		.returning('id')
		.executeTakeFirstOrThrow();
	const fixtures: Fixtures = { paperId: paper.id, writers: [], observer: await cookie() };
	for (let i = 0; i < writers; i++) fixtures.writers.push(await cookie());
	return fixtures;
}

async function serve(): Promise<void> {
	configureCollab({ compactEvery: Number(process.env.COMPACT_EVERY) || 500 });
	await ready({ demo: false });
	publishRuntime();
	const runtime = (globalThis as Record<symbol, unknown>)[Symbol.for('mitsprache.runtime')] as Runtime;
	const server = http.createServer((_req, res) => res.writeHead(404).end());
	server.on('upgrade', (req, socket, head) => handleUpgrade(req, socket, head));
	server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
	process.on('SIGTERM', () => {
		server.close();
		runtime
			.shutdown()
			.then(() => process.exit(0))
			.catch((err) => {
				console.error(err);
				process.exit(1);
			});
	});
}

const writers = Number(process.argv[2] ?? 0);
if (writers > 0) process.stdout.write(`fixtures ${JSON.stringify(await setup(writers))}\n`);
await serve();
