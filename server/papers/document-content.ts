// Converting a paper between ProseMirror JSON and the Yjs document (the source of truth). One
// schema, built once per process. Plain text and stored JSON come from server/collab/derived.ts.
import { getSchema, type JSONContent } from '@tiptap/core';
import type { Node as PMNode, Schema } from '@tiptap/pm/model';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { PAPER_FRAGMENT, paperExtensions } from './document-schema.ts';

let schema: Schema | undefined;

export function paperSchema(): Schema {
	schema ??= getSchema(paperExtensions());
	return schema;
}

/** Checks JSON against the schema (throws on an unknown node or an invalid structure). */
export function paperNodeFromJSON(json: JSONContent): PMNode {
	const node = paperSchema().nodeFromJSON(json);
	node.check();
	return node;
}

/** Writes the content into the document's `default` fragment, in one transaction. */
export function writePaperContent(doc: Y.Doc, json: JSONContent): void {
	paperNodeFromJSON(json);
	doc.transact(() => {
		prosemirrorJSONToYXmlFragment(paperSchema(), json, doc.getXmlFragment(PAPER_FRAGMENT));
	});
}

/** A fresh document holding the content; its state (V1) is what paper_documents.state stores. */
export function paperStateFromJSON(json: JSONContent): Uint8Array {
	const doc = new Y.Doc();
	try {
		writePaperContent(doc, json);
		return Y.encodeStateAsUpdate(doc);
	} finally {
		doc.destroy();
	}
}

export function paperNodeOfDoc(doc: Y.Doc): PMNode {
	return yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(PAPER_FRAGMENT), paperSchema());
}

