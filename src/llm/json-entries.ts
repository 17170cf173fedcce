/**
 * Reads the entries of the first top-level JSON object in a model's answer as the text arrives:
 * which key each piece of text belongs to (to stream a batch answer per finding), and the raw
 * text of every entry that was completed. An answer cut short by max_tokens, or with one broken
 * entry, still yields its complete entries, so one bad finding does not cost the others.
 * Prose or Markdown fences around the object are skipped.
 */

/** A piece of the answer inside the value of `key`; string values arrive decoded. */
export interface EntryText {
  key: string;
  text: string;
}

type Phase = "before" | "key" | "colon" | "value" | "after-value" | "done";

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f" };

export class JsonEntries {
  /** Completed entries, key -> raw JSON text of the value. */
  readonly entries = new Map<string, string>();
  private phase: Phase = "before";
  private key = "";
  private raw = "";
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Collecting a \uXXXX escape of a top-level string value, for its decoded stream. */
  private unicode: string | undefined;

  /** Feeds the next piece of the answer; returns what of it belongs to which entry. */
  feed(text: string): EntryText[] {
    const out: EntryText[] = [];
    const emit = (piece: string) => {
      const last = out[out.length - 1];
      if (last && last.key === this.key) last.text += piece;
      else out.push({ key: this.key, text: piece });
    };
    for (const ch of text) this.step(ch, emit);
    return out;
  }

  private step(ch: string, emit: (piece: string) => void): void {
    switch (this.phase) {
      case "before":
        if (ch === "{") this.phase = "key";
        return;
      case "key":
        this.readKey(ch);
        return;
      case "colon":
        if (ch === ":") {
          this.phase = "value";
          this.raw = "";
        }
        return;
      case "value":
        this.readValue(ch, emit);
        return;
      case "after-value":
        if (ch === ",") this.phase = "key";
        else if (ch === "}") this.phase = "done";
        return;
      case "done":
        return;
    }
  }

  private readKey(ch: string): void {
    if (!this.inString) {
      if (ch === '"') {
        this.inString = true;
        this.raw = '"';
      } else if (ch === "}") this.phase = "done";
      return;
    }
    this.raw += ch;
    if (this.escaped) this.escaped = false;
    else if (ch === "\\") this.escaped = true;
    else if (ch === '"') {
      this.inString = false;
      this.key = decodeKey(this.raw);
      this.phase = "colon";
    }
  }

  private readValue(ch: string, emit: (piece: string) => void): void {
    if (this.raw === "" && /\s/.test(ch)) return;
    if (!this.inString && this.depth === 0 && this.raw !== "" && (ch === "," || ch === "}")) {
      // The end of a number, true, false or null.
      this.finish();
      this.phase = ch === "," ? "key" : "done";
      return;
    }
    this.raw += ch;
    const stringValue = this.raw.startsWith('"');
    if (this.inString) {
      if (stringValue && this.depth === 0) this.decodeStream(ch, emit);
      else emit(ch);
      if (this.escaped) this.escaped = false;
      else if (ch === "\\") this.escaped = true;
      else if (ch === '"') {
        this.inString = false;
        if (this.depth === 0) this.finish();
      }
      return;
    }
    if (!stringValue) emit(ch);
    if (ch === '"') this.inString = true;
    else if (ch === "{" || ch === "[") this.depth++;
    else if (ch === "}" || ch === "]") {
      this.depth--;
      if (this.depth === 0) this.finish();
    }
  }

  /** A top-level string value streams as the text it holds, not as JSON. */
  private decodeStream(ch: string, emit: (piece: string) => void): void {
    if (this.unicode !== undefined) {
      this.unicode += ch;
      if (this.unicode.length === 4) {
        emit(String.fromCharCode(Number.parseInt(this.unicode, 16) || 0xfffd));
        this.unicode = undefined;
      }
    } else if (this.escaped) {
      if (ch === "u") this.unicode = "";
      else emit(ESCAPES[ch] ?? ch);
    } else if (ch !== "\\" && ch !== '"') emit(ch);
  }

  private finish(): void {
    this.entries.set(this.key, this.raw);
    this.raw = "";
    this.phase = "after-value";
  }
}

function decodeKey(raw: string): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.slice(1, -1);
  }
}

/** Stands for an entry whose value is not valid JSON. */
export const NOT_JSON: unique symbol = Symbol("not JSON");

/** The completed entries of a whole answer, values parsed. */
export function readEntries(text: string): Map<string, unknown> {
  const scanner = new JsonEntries();
  scanner.feed(text);
  const values = new Map<string, unknown>();
  for (const [key, raw] of scanner.entries) {
    try {
      values.set(key, JSON.parse(raw));
    } catch {
      values.set(key, NOT_JSON);
    }
  }
  return values;
}
