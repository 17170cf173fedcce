/**
 * mine: messages -> templates. PLACEHOLDER interface; the real implementation replaces it.
 */
import type { MineConfig } from "../../config.js";

export interface Miner {
  /** Assign a message to a template; returns the template's index, stable for this run. */
  add(message: string): number;
  /** The template's current text, variables printed as <*>. */
  template(index: number): string;
  /** A stable id: a hash of the template's current text. */
  templateId(index: number): string;
  /** Number of templates. */
  size(): number;
}

export function createMiner(config: MineConfig): Miner {
  void config;
  const ids = new Map<string, number>();
  const texts: string[] = [];
  return {
    add(message) {
      const t = message.replace(/\S*\d\S*/g, "<*>");
      let i = ids.get(t);
      if (i === undefined) {
        i = texts.length;
        ids.set(t, i);
        texts.push(t);
      }
      return i;
    },
    template: (i) => texts[i] ?? "",
    templateId: (i) => String(i),
    size: () => texts.length,
  };
}
