/**
 * A small, line-based Markdown reader for knowledge files: just enough structure (ATX headings,
 * fenced code, list items, paragraphs) to find a runbook's sections and steps and to chunk it.
 * Fenced code is tracked everywhere so that a `# comment` inside a shell block is never a heading.
 */

export interface Section {
  /** Heading text; "" for the preamble before the first heading. */
  heading: string;
  /** 1-6 for headings, 0 for the preamble. */
  level: number;
  /** Headings from the root to this section, this one included. */
  path: string[];
  /** Index of the first content line (the line after the heading). */
  start: number;
  /** End (exclusive) of this section's own content: the next heading. */
  end: number;
  /** End (exclusive) of this section with its subsections: the next heading of a level <= this. */
  subtreeEnd: number;
}

export type Block =
  | { type: "paragraph"; text: string }
  | { type: "code"; text: string }
  | { type: "heading"; text: string }
  | { type: "item"; text: string; nested: boolean };

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const ITEM = /^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+(.*)$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/** For each line, whether it belongs to a fenced code block (fence lines included). */
export function fenceMask(lines: readonly string[]): boolean[] {
  const mask: boolean[] = [];
  let open: string | undefined;
  for (const line of lines) {
    const fence = FENCE.exec(line)?.[1];
    if (open === undefined) {
      if (fence) open = fence;
      mask.push(open !== undefined);
    } else {
      mask.push(true);
      // A fence closes on a run of the same character at least as long, with nothing after it.
      if (fence && fence[0] === open[0] && fence.length >= open.length && line.trim() === fence) {
        open = undefined;
      }
    }
  }
  return mask;
}

/** Sections in document order; the preamble comes first when it has any non-blank line. */
export function parseSections(lines: readonly string[]): Section[] {
  const inCode = fenceMask(lines);
  const headings: { index: number; level: number; heading: string }[] = [];
  lines.forEach((line, index) => {
    const m = inCode[index] ? null : HEADING.exec(line);
    if (m?.[1] && m[2] !== undefined) headings.push({ index, level: m[1].length, heading: m[2] });
  });
  const sections: Section[] = [];
  const firstHeading = headings[0]?.index ?? lines.length;
  if (lines.slice(0, firstHeading).some((l) => l.trim() !== "")) {
    sections.push({
      heading: "",
      level: 0,
      path: [],
      start: 0,
      end: firstHeading,
      subtreeEnd: firstHeading,
    });
  }
  const stack: { level: number; heading: string }[] = [];
  headings.forEach((h, i) => {
    while (stack.length > 0 && (stack.at(-1)?.level ?? 0) >= h.level) stack.pop();
    stack.push(h);
    const next = headings.slice(i + 1);
    sections.push({
      heading: h.heading,
      level: h.level,
      path: stack.map((s) => s.heading),
      start: h.index + 1,
      end: next[0]?.index ?? lines.length,
      subtreeEnd: next.find((n) => n.level <= h.level)?.index ?? lines.length,
    });
  });
  return sections;
}

/** Paragraphs, list items, code blocks and headings of some lines; thematic breaks are dropped. */
export function parseBlocks(lines: readonly string[]): Block[] {
  const inCode = fenceMask(lines);
  const blocks: Block[] = [];
  let current: Block | undefined;
  let afterBlank = false;
  // Indentation of the first item of the current list: deeper items are nested steps.
  let listIndent = 0;
  // A fence indented under a list item: its lines lose that indentation, as Markdown renders them.
  let codeIndent = 0;
  lines.forEach((line, i) => {
    if (inCode[i]) {
      if (current?.type !== "code") {
        codeIndent = line.length - line.trimStart().length;
        current = { type: "code", text: line.trimStart() };
        blocks.push(current);
      } else {
        const indent = Math.min(codeIndent, line.length - line.trimStart().length);
        current.text += `\n${line.slice(indent)}`;
      }
      afterBlank = false;
      return;
    }
    if (current?.type === "code") current = undefined;
    const text = line.trim();
    if (text === "") {
      afterBlank = true;
      return;
    }
    const item = ITEM.exec(line);
    const heading = HEADING.exec(line)?.[2];
    if (heading !== undefined) {
      blocks.push({ type: "heading", text: heading });
      current = undefined;
    } else if (RULE.test(line) && !item) {
      current = undefined;
    } else if (item) {
      const indent = item[1]?.length ?? 0;
      if (current?.type !== "item" || indent < listIndent) listIndent = indent;
      current = { type: "item", text: (item[2] ?? "").trim(), nested: indent > listIndent + 1 };
      blocks.push(current);
    } else if (current && (!afterBlank || (current.type === "item" && /^\s{2,}/.test(line)))) {
      // Continuation: a wrapped line, or an indented paragraph inside a list item.
      current.text += ` ${text}`;
    } else {
      current = { type: "paragraph", text };
      blocks.push(current);
    }
    afterBlank = false;
  });
  return blocks;
}

/** Split lines into paragraphs on blank lines outside code, for chunking long sections. */
export function splitParagraphs(lines: readonly string[]): string[] {
  const inCode = fenceMask(lines);
  const paragraphs: string[] = [];
  let current: string[] = [];
  lines.forEach((line, i) => {
    if (!inCode[i] && line.trim() === "") {
      if (current.length > 0) paragraphs.push(current.join("\n"));
      current = [];
    } else {
      current.push(line);
    }
  });
  if (current.length > 0) paragraphs.push(current.join("\n"));
  return paragraphs;
}
