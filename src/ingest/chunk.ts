/**
 * Splits documents into the chunks the index searches and the explain stage quotes. Markdown is cut
 * by section (a long section again on paragraph boundaries) so a hit points at "Remediation" rather
 * than a whole runbook; a YAML/JSON document is one chunk, or its symptoms-and-cause and its fix
 * when long. Every chunk starts with the document title: a section read alone must still say what
 * it is about, and every document is then findable by title.
 */
import type { Chunk, KnowledgeDocument } from "../knowledge/model.js";
import { parseSections, splitParagraphs } from "./markdown.js";
import { join, renderParts } from "./render.js";

/** Above this many characters a section, or a fields document, is split. */
export const MAX_CHUNK_CHARS = 1500;

/** How a document's body was written: Markdown, or rendered from its fields. */
export type BodyFormat = "markdown" | "fields";

export function chunkDocument(doc: KnowledgeDocument, format: BodyFormat): Chunk[] {
  const pieces = format === "markdown" ? markdownPieces(doc) : fieldPieces(doc);
  const chunks = pieces.length > 0 ? pieces : [{ sectionPath: [], text: doc.title }];
  return chunks.map((c, ordinal) => ({ documentId: doc.id, ordinal, ...c }));
}

type Piece = Omit<Chunk, "documentId" | "ordinal">;

function markdownPieces(doc: KnowledgeDocument): Piece[] {
  const lines = doc.body.split("\n");
  return parseSections(lines).flatMap((section) => {
    // A leading "# Title" heading would only repeat the title in the header.
    const path = section.path[0] === doc.title ? section.path.slice(1) : section.path;
    const header = path.length > 0 ? `${doc.title} — ${path.join(" > ")}` : doc.title;
    return pack(splitParagraphs(lines.slice(section.start, section.end))).map((text) => ({
      sectionPath: section.path,
      text: `${header}\n\n${text}`,
    }));
  });
}

function fieldPieces(doc: KnowledgeDocument): Piece[] {
  if (doc.body.length <= MAX_CHUNK_CHARS) return [{ sectionPath: [], text: doc.body }];
  const parts = renderParts(doc);
  const overview = join([parts.head, parts.symptoms, parts.cause]);
  const fix = join([parts.fix, parts.tail]);
  return [
    { sectionPath: [], text: overview },
    ...(fix ? [{ sectionPath: ["Fix"], text: join([`# ${doc.title}`, fix]) }] : []),
  ];
}

/** Greedily pack paragraphs into pieces of at most MAX_CHUNK_CHARS (a longer paragraph stays whole). */
function pack(paragraphs: readonly string[]): string[] {
  const pieces: string[] = [];
  let current = "";
  for (const p of paragraphs) {
    if (current && current.length + 2 + p.length > MAX_CHUNK_CHARS) {
      pieces.push(current);
      current = p;
    } else {
      current = current ? `${current}\n\n${p}` : p;
    }
  }
  if (current) pieces.push(current);
  return pieces;
}
