// Versions of a paper: freeze, list, read, compare, restore. Each command takes the actor and asks
// the policy module itself; a workflow step (or a job) freezes a version through `systemCaller`,
// having decided itself who may take the step.
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import * as Y from 'yjs';
import { updateYFragment } from '@tiptap/y-tiptap';
import type { DB, VersionKind } from '../db/schema.ts';
import { authorize, type PaperRef } from '../policy.ts';
import type { Actor } from '../people/actor.ts';
import { audit } from '../audit.ts';
import { FieldError, NotFoundError } from '../errors.ts';
import { isUuid } from '../committees/committees.ts';
import { paperRef } from '../papers/papers.ts';
import { paperNodeOfDoc, paperSchema } from '../papers/document-content.ts';
import { PAPER_FRAGMENT } from '../papers/document-schema.ts';
import { changePaper, paperState } from '../collab/documents.ts';
import { plainText } from '../collab/derived.ts';
import { compareDocuments, type Comparison, type DocJSON } from './compare.ts';
import { canonicalJson } from './canonical.ts';

export const MAX_NAME_LENGTH = 200;
export const MAX_NOTE_LENGTH = 2000;

const SYSTEM = Symbol('versions: system caller');

/**
 * A caller inside the server that has already decided (a workflow step checked by its own rule, a
 * ballot closing at its deadline). Nothing a request carries can become one: people always come as
 * an Actor and are checked against 'version.create'.
 */
export interface SystemCaller {
	readonly [SYSTEM]: true;
	/** who took the step, recorded as the version's author (null: the system itself) */
	readonly personId: string | null;
}

export function systemCaller(personId: string | null): SystemCaller {
	return { [SYSTEM]: true, personId };
}

const isSystem = (caller: Actor | SystemCaller | null | undefined): caller is SystemCaller => !!caller && SYSTEM in caller;

export interface VersionSummary {
	id: string;
	paperId: string;
	number: number;
	name: string;
	note: string;
	kind: VersionKind;
	createdAt: Date;
	createdBy: string | null;
	authorName: string | null;
	restoredFrom: { id: string; number: number; name: string } | null;
}

export interface Version extends VersionSummary {
	content: DocJSON;
	text: string;
}

// ---------------------------------------------------------------------------------------------
// Freezing a state

interface Frozen {
	state: Uint8Array;
	json: DocJSON;
	text: string;
	hash: string;
}

/** The derived forms of a Yjs state: ProseMirror JSON (the editor's schema), text and a hash of the JSON. */
export function freeze(state: Uint8Array): Frozen {
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, state);
		const node = paperNodeOfDoc(doc);
		const json = storable(node.toJSON()) as DocJSON;
		// The same plain text as papers.content_text, one line per text block.
		return { state, json, text: plainText(json), hash: hashContent(json) };
	} finally {
		doc.destroy();
	}
}

export function hashContent(json: unknown): string {
	return createHash('sha256').update(canonicalJson(json)).digest('hex');
}

/** PostgreSQL refuses NUL in text and lone surrogates in jsonb; a client can type both. */
function storable<T>(value: T): T {
	if (typeof value === 'string') return value.replaceAll('\0', '').toWellFormed() as T;
	if (Array.isArray(value)) return value.map(storable) as T;
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, storable(v)])) as T;
	return value;
}

/** The paper's text as it is now (from the live document if it is open). */
export async function currentContent(paperId: string): Promise<Frozen> {
	return freeze(await paperState(paperId));
}

// ---------------------------------------------------------------------------------------------
// Commands

function inTransaction<T>(db: Kysely<DB>, work: (trx: Transaction<DB> | Kysely<DB>) => Promise<T>): Promise<T> {
	// A workflow step freezes its version inside its own transaction.
	return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** Locks the paper row for this transaction, so that versions of one paper are numbered one at a time. */
async function lockPaper(db: Kysely<DB>, paperId: string): Promise<PaperRef> {
	const row = await sql<{ id: string; committee_id: string; status: PaperRef['status'] }>`
		SELECT id, committee_id, status FROM papers WHERE id = ${paperId} FOR NO KEY UPDATE`.execute(db);
	const paper = row.rows[0];
	if (!paper) throw new NotFoundError('paper');
	return { id: paper.id, committeeId: paper.committee_id, status: paper.status };
}

async function latestVersion(db: Kysely<DB>, paperId: string) {
	return db.selectFrom('paper_versions').select(['id', 'number', 'state_hash']).where('paper_id', '=', paperId).orderBy('number', 'desc').limit(1).executeTakeFirst();
}

interface Insert {
	paperId: string;
	kind: VersionKind;
	name: string;
	note: string;
	createdBy: string | null;
	frozen: Frozen;
	restoredFrom?: string;
	/** false: store even when equal to the newest version (a restore is always recorded) */
	skipEqual: boolean;
}

/** Inside a transaction that holds the paper's lock: stores the version unless the newest one is equal. */
async function insertVersion(trx: Kysely<DB>, v: Insert): Promise<{ id: string; number: number; created: boolean }> {
	const latest = await latestVersion(trx, v.paperId);
	if (v.skipEqual && latest && latest.state_hash === v.frozen.hash) return { id: latest.id, number: latest.number, created: false };
	const number = (latest?.number ?? 0) + 1;
	const row = await trx
		.insertInto('paper_versions')
		.values({
			paper_id: v.paperId,
			number,
			name: v.name,
			note: v.note,
			kind: v.kind,
			state: v.frozen.state,
			content_json: JSON.stringify(v.frozen.json),
			content_text: v.frozen.text,
			state_hash: v.frozen.hash,
			created_by: v.createdBy,
			restored_from: v.restoredFrom ?? null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: row.id, number, created: true };
}

export interface NewVersionInput {
	name: string;
	note?: string;
	/** people may only save 'manual' versions; workflow steps pass 'workflow' */
	kind?: VersionKind;
	/**
	 * System callers inside their own transaction: the paper's state, read before it began. On
	 * PGlite the transaction holds the one connection, and reading a paper that is not in memory
	 * through another would wait for it forever.
	 */
	state?: Uint8Array;
}

export interface CreatedVersion {
	id: string;
	number: number;
	/** false: the text equals the newest version, which is returned instead of a copy */
	created: boolean;
}

/**
 * Freezes the paper's current text as a version: one transaction that also writes the audit entry.
 * A version equal to the newest one is not stored again; that one is returned.
 */
export async function createVersion(db: Kysely<DB>, caller: Actor | SystemCaller | null, paperId: string, input: NewVersionInput): Promise<CreatedVersion> {
	const kind = input.kind ?? 'manual';
	const name = input.name.trim();
	const note = (input.note ?? '').trim();
	const system = isSystem(caller);
	const ref = await paperRef(db, paperId);
	if (!system) {
		authorize(caller, 'version.create', ref!);
		if (kind !== 'manual') throw new Error(`people save manual versions, not ${kind}`);
	}
	if (!ref) throw new NotFoundError('paper');
	if (kind === 'manual' && !name) throw new FieldError('name', 'form.required');
	if (name.length > MAX_NAME_LENGTH) throw new FieldError('name', 'form.tooLong');
	if (note.length > MAX_NOTE_LENGTH) throw new FieldError('note', 'form.tooLong');
	if (input.state && !system) throw new Error('only system callers bring their own state');
	const frozen = input.state ? freeze(input.state) : await currentContent(paperId);
	const createdBy = system ? caller.personId : caller!.id;
	return inTransaction(db, async (trx) => {
		const locked = await lockPaper(trx, paperId);
		// Decided again under the lock: the paper may have moved on since the first check.
		if (!system) authorize(caller, 'version.create', locked);
		const result = await insertVersion(trx, { paperId, kind, name, note, createdBy, frozen, skipEqual: true });
		if (result.created) {
			await audit(trx, {
				actorId: createdBy,
				action: 'version.create',
				objectType: 'paper',
				objectId: paperId,
				details: { versionId: result.id, number: result.number, name, kind }
			});
		}
		return result;
	});
}

export interface RestoreResult {
	/** the version recording the restore (kind 'restore') */
	id: string;
	number: number;
	/** the version holding the text as it was before the restore (maybe an older equal one) */
	before: { id: string; number: number };
}

/**
 * Brings an old version's text back as a new change on the live paper: every connected client
 * receives it like an edit, and nothing in the history is rewritten. The text as it was before is
 * kept as a version first, so a restore can itself be undone by restoring that one.
 */
export async function restoreVersion(db: Kysely<DB>, actor: Actor | null, paperId: string, versionId: string): Promise<RestoreResult> {
	const ref = await paperRef(db, paperId);
	authorize(actor, 'version.restore', ref!);
	const source = await versionRow(db, paperId, versionId);
	if (!source) throw new NotFoundError('version');
	const target = paperSchema().nodeFromJSON(source.content_json as DocJSON);

	const beforeFrozen = await currentContent(paperId);
	const before = await db.transaction().execute(async (trx) => {
		authorize(actor, 'version.restore', await lockPaper(trx, paperId));
		return insertVersion(trx, { paperId, kind: 'auto', name: '', note: '', createdBy: actor!.id, frozen: beforeFrozen, skipEqual: true });
	});

	// updateYFragment changes only what differs, so passages the old version shares with the
	// current text keep their Yjs items, and comment anchors on them stay where they are.
	// The database lock cannot be held across this: the change is stored through the same
	// database (on PGlite, the one connection), so the status is checked again right after.
	await changePaper(paperId, (doc) => {
		updateYFragment(doc, doc.getXmlFragment(PAPER_FRAGMENT), target, { mapping: new Map(), isOMark: new Map() });
	});

	const after = await currentContent(paperId);
	return db.transaction().execute(async (trx) => {
		await lockPaper(trx, paperId);
		const result = await insertVersion(trx, {
			paperId,
			kind: 'restore',
			name: '',
			note: '',
			createdBy: actor!.id,
			frozen: after,
			restoredFrom: source.id,
			skipEqual: false
		});
		await audit(trx, {
			actorId: actor!.id,
			action: 'version.restore',
			objectType: 'paper',
			objectId: paperId,
			details: { versionId: result.id, number: result.number, restoredFrom: source.id, restoredFromNumber: source.number, before: before.id }
		});
		return { id: result.id, number: result.number, before: { id: before.id, number: before.number } };
	});
}

// ---------------------------------------------------------------------------------------------
// Queries

async function versionRow(db: Kysely<DB>, paperId: string, versionId: string) {
	if (!isUuid(versionId) || !isUuid(paperId)) return undefined;
	return db
		.selectFrom('paper_versions')
		.select(['id', 'number', 'content_json', 'content_text'])
		.where('paper_id', '=', paperId)
		.where('id', '=', versionId)
		.executeTakeFirst();
}

function summaries(db: Kysely<DB>) {
	return db
		.selectFrom('paper_versions as v')
		.leftJoin('people as p', 'p.id', 'v.created_by')
		.leftJoin('paper_versions as src', 'src.id', 'v.restored_from')
		.select([
			'v.id',
			'v.paper_id',
			'v.number',
			'v.name',
			'v.note',
			'v.kind',
			'v.created_at',
			'v.created_by',
			'p.name as author_name',
			'src.id as src_id',
			'src.number as src_number',
			'src.name as src_name'
		]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaries>['execute']>>[number];

function toSummary(r: SummaryRow): VersionSummary {
	return {
		id: r.id,
		paperId: r.paper_id,
		number: r.number,
		name: r.name,
		note: r.note,
		kind: r.kind,
		createdAt: r.created_at,
		createdBy: r.created_by,
		authorName: r.author_name,
		restoredFrom: r.src_id ? { id: r.src_id, number: r.src_number!, name: r.src_name ?? '' } : null
	};
}

async function readableRef(db: Kysely<DB>, actor: Actor | null, paperId: string, action: 'version.list' | 'version.read'): Promise<PaperRef> {
	const ref = await paperRef(db, paperId);
	authorize(actor, action, ref!);
	return ref!;
}

/** The versions of a paper, newest first; `named`: only those with a name. */
export async function listVersions(db: Kysely<DB>, actor: Actor | null, paperId: string, opts: { named?: boolean; limit?: number } = {}): Promise<VersionSummary[]> {
	await readableRef(db, actor, paperId, 'version.list');
	const rows = await summaries(db)
		.where('v.paper_id', '=', paperId)
		.$if(!!opts.named, (q) => q.where('v.name', '<>', ''))
		.orderBy('v.number', 'desc')
		.limit(opts.limit ?? 1000)
		.execute();
	return rows.map(toSummary);
}

/** How many versions a paper has (for callers that checked 'version.list' already). */
export async function countVersions(db: Kysely<DB>, paperId: string): Promise<number> {
	const row = await db.selectFrom('paper_versions').select((eb) => eb.fn.countAll<number>().as('n')).where('paper_id', '=', paperId).executeTakeFirstOrThrow();
	return Number(row.n);
}

/** One version with its text (not its Yjs state), or NotFoundError. */
export async function getVersion(db: Kysely<DB>, actor: Actor | null, paperId: string, versionId: string): Promise<Version> {
	await readableRef(db, actor, paperId, 'version.read');
	if (!isUuid(versionId)) throw new NotFoundError('version');
	const row = await summaries(db)
		.select(['v.content_json', 'v.content_text'])
		.where('v.paper_id', '=', paperId)
		.where('v.id', '=', versionId)
		.executeTakeFirst();
	if (!row) throw new NotFoundError('version');
	return { ...toSummary(row), content: row.content_json as DocJSON, text: row.content_text };
}

export interface LoadedComparison {
	from: VersionSummary;
	/** null: the current text */
	to: VersionSummary | null;
	comparison: Comparison;
	/** the compared texts, for line numbers */
	older: DocJSON;
	newer: DocJSON;
}

/** Compares a version with another one, or with the current text (`to` = 'current'). */
export async function compareWith(db: Kysely<DB>, actor: Actor | null, paperId: string, fromId: string, toId: string | 'current'): Promise<LoadedComparison> {
	const from = await getVersion(db, actor, paperId, fromId);
	let to: Version | null = null;
	let newer: DocJSON;
	if (toId === 'current') newer = (await currentContent(paperId)).json;
	else {
		to = await getVersion(db, actor, paperId, toId);
		newer = to.content;
	}
	const comparison = compareDocuments(from.content, newer);
	const strip = (v: Version): VersionSummary => {
		const { content: _c, text: _t, ...summary } = v;
		return summary;
	};
	return { from: strip(from), to: to && strip(to), comparison, older: from.content, newer };
}
