/**
 * Readouts: records that only read out values, such as the register lines of a crash dump
 * ("instruction address: 0x00004ed8", "RAX: 0000000000000000 RBX: ffff8880...") or the fields
 * of a status table padded with dots ("machine check enable..............0"). Kernels and firmware
 * print them at the severity of the crash they belong to, one record per register, so their level
 * says which report they are part of, not that something else went wrong. The record that
 * announces the crash carries the event; a readout's level counts for half (vocabulary.ts).
 */

/** Longer records are prose, not a readout: this also bounds the work per record. */
const MAX_LENGTH = 200;

/** A field's value: a number, a flag or a hex number. */
const FIELD_VALUE = /^(?:0x[0-9a-f]+|\d+)$/i;
/** What may follow the value: "...0 (0M)". */
const FIELD_NOTE = /^\(\w+\)$/;

/** A hexadecimal value: "0x02", or a bare word of eight or more hex digits. */
const HEX_VALUE = /^(?:0x[0-9a-f]+|[0-9a-f]{8,})$/i;
/** A label and its hex value in one token: "r24=0x0ffea4c8", "lr:00004ed0". */
const LABELLED_HEX = /^[a-z][\w.()/-]*[:=](?:0x[0-9a-f]+|[0-9a-f]{8,})$/i;

/** The last token of a template that may stand for a readout's value. */
const VALUE_AT_END = /(?:<\*>|\b0x[0-9a-f]+|\b[0-9a-f]{8,}|\d|\(\w+)\)?$/i;

/** Can records of this template be readouts? Spares the per-record test for the rest. */
export function mayBeReadout(template: string): boolean {
  return template.length <= MAX_LENGTH && VALUE_AT_END.test(template);
}

/**
 * Every value is hexadecimal and follows its label's ':' or '=' (or another value, as a 128-bit
 * register prints in 32-bit words), and the record ends with a value.
 */
function hexReadout(message: string): boolean {
  let endsWithValue = false;
  let valueMayFollow = false;
  for (const token of message.split(" ")) {
    if (token === "") continue;
    if (LABELLED_HEX.test(token)) {
      endsWithValue = true;
    } else if (HEX_VALUE.test(token)) {
      if (!valueMayFollow) return false;
      endsWithValue = true;
    } else {
      endsWithValue = false;
    }
    valueMayFollow = endsWithValue || token.endsWith(":") || token.endsWith("=");
  }
  return endsWithValue;
}

/**
 * A label padded with dots to a column, then a value: "store operation...1". Scanned back from the
 * end by hand: a regex over a run of dots backtracks in quadratic time, on the hot path.
 */
function dottedField(message: string): boolean {
  let end = message.length;
  if (message.endsWith(")")) {
    const open = message.lastIndexOf("(");
    if (open === -1 || !FIELD_NOTE.test(message.slice(open))) return false;
    end = skipBack(message, open, " ");
  }
  let start = end;
  while (start > 0 && /[0-9a-fx]/i.test(message[start - 1] as string)) start--;
  if (!FIELD_VALUE.test(message.slice(start, end))) return false;
  const afterDots = skipBack(message, start, " ");
  const label = skipBack(message, afterDots, ".");
  return afterDots - label >= 3 && message.slice(0, label).trim() !== "";
}

/** The index before which `from` is preceded by no more `char`s. */
function skipBack(text: string, from: number, char: string): number {
  let i = from;
  while (i > 0 && text[i - 1] === char) i--;
  return i;
}

/** Does this record only read out a value or a set of values? */
export function isReadout(message: string): boolean {
  if (message.length > MAX_LENGTH) return false;
  return dottedField(message) || hexReadout(message);
}
