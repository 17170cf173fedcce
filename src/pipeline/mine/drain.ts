/**
 * The Drain prefix tree (He et al., ICWS 2017): messages are routed by token count and then by
 * their leading tokens (tokens holding a variable go to the <*> branch, and a node that already
 * has `maxChildren` children sends new tokens there too); in the leaf, a message joins the most
 * similar template if at least `similarity` of its tokens are equal, and positions that differ
 * become <*>. The tree is stored flat: one map from a path key to the clusters in that leaf.
 */
import { WILDCARD } from "./mask.js";

export interface Cluster {
  tokens: string[];
  /** Messages assigned so far (counted by the caller, cache hits included). */
  seen: number;
  /** tokens.join(" "), kept in step with tokens. */
  text: string;
}

export interface DrainOptions {
  depth: number;
  similarity: number;
  maxChildren: number;
  /**
   * After this many messages, a template's constant tokens are trusted: a message that differs
   * in one of them is a different event, not a new value of a variable.
   */
  matureAfter: number;
}

const SEP = "\u0001";

function isVariable(token: string): boolean {
  return token.includes(WILDCARD);
}

export class DrainTree {
  readonly clusters: Cluster[] = [];
  /** Per cluster, which of its tokens hold a variable: search compares them on every miss. */
  private readonly variables: boolean[][] = [];
  private readonly leaves = new Map<string, number[]>();
  private readonly childCount = new Map<string, number>();
  private readonly nodes = new Set<string>();
  private readonly prefixDepth: number;

  constructor(private readonly options: DrainOptions) {
    // depth counts the token-count layer and the leaf layer, as in Drain.
    this.prefixDepth = Math.max(1, options.depth - 2);
  }

  /** The leaf a message belongs to; creates branches only when `create` is set. */
  private leafKey(tokens: readonly string[], create: boolean): string | undefined {
    let key = String(tokens.length);
    // As in Drain, the last token is never a branch: a one-token message is matched by length.
    const depth = Math.min(this.prefixDepth, tokens.length - 1);
    for (let i = 0; i < depth; i++) {
      const token = tokens[i] as string;
      const exact = key + SEP + token;
      const wild = key + SEP + WILDCARD;
      if (!isVariable(token) && this.nodes.has(exact)) {
        key = exact;
      } else if (isVariable(token) || !create) {
        if (!create && !this.nodes.has(wild)) return undefined;
        key = wild;
        if (create) this.nodes.add(wild);
      } else {
        const n = this.childCount.get(key) ?? 0;
        const next = n + 1 < this.options.maxChildren ? exact : wild;
        if (!this.nodes.has(next)) {
          this.nodes.add(next);
          this.childCount.set(key, n + 1);
        }
        key = next;
      }
    }
    return key;
  }

  /** Most similar cluster in the message's leaf and its similarity (-1 if the leaf is empty). */
  search(tokens: readonly string[]): { index: number; similarity: number } {
    const key = this.leafKey(tokens, false);
    const ids = key === undefined ? undefined : this.leaves.get(key);
    const variable = ids ? tokens.map(isVariable) : [];
    let best = -1;
    let bestSim = -1;
    let bestParams = -1;
    for (const id of ids ?? []) {
      const cluster = this.clusters[id] as Cluster;
      const t = cluster.tokens;
      const clusterVariable = this.variables[id] as boolean[];
      let same = 0;
      let params = 0;
      let bothVariable = 0;
      let wordsDiffer = false;
      // A mature template that differs in a word is skipped whatever its similarity.
      const mature = cluster.seen >= this.options.matureAfter;
      for (let i = 0; i < t.length; i++) {
        const a = t[i] as string;
        const b = tokens[i] as string;
        if (a === WILDCARD) {
          params++;
          if (b === WILDCARD) bothVariable++;
        } else if (a === b) same++;
        else if (!clusterVariable[i] && !variable[i]) {
          wordsDiffer = true;
          if (mature) break;
        }
      }
      if (wordsDiffer && mature) continue;
      // Positions that are variables on both sides say nothing about whether this is the same
      // event; Drain counted them as different, which penalises templates with many variables.
      const compared = t.length - bothVariable;
      const sim = compared === 0 ? 1 : same / compared;
      if (sim > bestSim || (sim === bestSim && params > bestParams)) {
        best = id;
        bestSim = sim;
        bestParams = params;
      }
    }
    return { index: best, similarity: bestSim };
  }

  /** Best cluster if similar enough, otherwise -1. */
  match(tokens: readonly string[]): number {
    const { index, similarity } = this.search(tokens);
    return index >= 0 && similarity >= this.options.similarity ? index : -1;
  }

  create(tokens: string[]): number {
    const index = this.clusters.length;
    this.clusters.push({ tokens, text: tokens.join(" "), seen: 0 });
    this.variables.push(tokens.map(isVariable));
    const key = this.leafKey(tokens, true) as string;
    const leaf = this.leaves.get(key);
    if (leaf) leaf.push(index);
    else this.leaves.set(key, [index]);
    return index;
  }

  /** Generalise cluster `index` so that it also covers `tokens`; true if its template changed. */
  merge(index: number, tokens: readonly string[]): boolean {
    const cluster = this.clusters[index] as Cluster;
    let changed = false;
    const t = cluster.tokens;
    for (let i = 0; i < t.length; i++) {
      if (t[i] !== tokens[i] && t[i] !== WILDCARD) {
        t[i] = WILDCARD;
        (this.variables[index] as boolean[])[i] = true;
        changed = true;
      }
    }
    if (changed) cluster.text = t.join(" ");
    return changed;
  }
}
