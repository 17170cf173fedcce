/**
 * mine: messages -> templates, with a Drain-style online miner (drain.ts) behind variable masking
 * (mask.ts) and a shape cache: a message whose masked form was seen before returns its cluster
 * without touching the tree, which is what makes repetitive logs cheap.
 *
 * Memory is bounded by `maxClusters`: once that many templates exist, a message that matches
 * nothing joins the most similar template in its leaf whatever the similarity, or, if its leaf is
 * empty, one shared overflow template `<*>`. Existing templates keep their indices, so earlier
 * records never change group. The shape cache is bounded by entries and is simply cleared when
 * full.
 */
import type { MineConfig } from "../../config.js";
import { type Cluster, DrainTree } from "./drain.js";
import { hash64 } from "./hash.js";
import { maskMessage, WILDCARD } from "./mask.js";
import { skeleton } from "./skeleton.js";

export interface Miner {
  /** Assign a message to a template; returns the template's index, stable for this run. */
  add(message: string): number;
  /** The template's current text, variables printed as <*>. */
  template(index: number): string;
  /** A stable id: a hash of the template's current text. */
  templateId(index: number): string;
  /** Number of templates. */
  size(): number;
  /** Messages assigned to the template so far. */
  count(index: number): number;
}

/**
 * The cache key: the message with every hex-and-digit run that masking always turns into <*>
 * replaced by "0", natively (a JS loop over the characters costs several times more).
 * A run qualifies when no letter precedes it and it starts with a digit or holds two digits, so
 * ids, hashes, numbers and addresses collapse while `ssh2`, `md5` and `IPv6` (named versions,
 * which masking keeps) stay as they are: equal keys still mean equal masked shapes.
 */
const DIGIT_RUNS = /(?<![A-Za-z])(?:\d[\dA-Fa-f]*|[A-Fa-f]*\d[A-Fa-f]*\d[\dA-Fa-f]*)/g;
const CACHE_MAX_KEY = 1024;
/** Shapes remembered; the cache is cleared when full. Sized for hit rate, not template count. */
const CACHE_ENTRIES = 32_768;

export function createMiner(config: MineConfig): Miner {
  const tree = new DrainTree(config);
  const counts: number[] = [];
  const ids = new Map<string, string>();
  const cache = new Map<string, number>();
  const cacheEntries = CACHE_ENTRIES;
  let overflow = -1;
  const text = (group: number): string => tree.clusters[groups[group] ?? -1]?.text ?? "";

  // Public indices are groups of tree clusters sharing a skeleton; a group shows its first
  // cluster's template.
  const groupOf: number[] = [];
  const groups: number[] = [];
  const bySkeleton = new Map<string, number>();

  const created = (cluster: number): number => {
    const key = skeleton(tree.clusters[cluster]?.tokens ?? []);
    let group = bySkeleton.get(key);
    if (group === undefined) {
      group = groups.length;
      groups.push(cluster);
      bySkeleton.set(key, group);
    }
    groupOf[cluster] = group;
    return cluster;
  };

  /** The tree cluster for a shape not in the cache. */
  const assign = (shape: string): number => {
    const tokens = shape === "" ? [] : shape.split(" ");
    const found = tree.match(tokens);
    if (found >= 0) {
      tree.merge(found, tokens);
      return found;
    }
    if (tree.clusters.length < config.maxClusters) return created(tree.create(tokens));
    const { index } = tree.search(tokens);
    if (index >= 0) {
      tree.merge(index, tokens);
      return index;
    }
    if (overflow < 0) overflow = created(tree.create([WILDCARD]));
    return overflow;
  };

  return {
    add(message) {
      // split/join rather than replace: join returns a flat string, which the Map hashes and
      // compares about twice as fast as the rope that replace builds.
      const key = message.length > CACHE_MAX_KEY ? message : message.split(DIGIT_RUNS).join("0");
      let index = cache.get(key);
      if (index === undefined) {
        index = assign(maskMessage(message));
        if (cache.size >= cacheEntries) cache.clear();
        cache.set(key, index);
      }
      const cluster = tree.clusters[index] as Cluster;
      cluster.seen++;
      const group = groupOf[index] as number;
      counts[group] = (counts[group] ?? 0) + 1;
      return group;
    },
    template: (index) => text(index),
    templateId(index) {
      const t = text(index);
      let id = ids.get(t);
      if (id === undefined) {
        if (ids.size >= config.maxClusters * 2) ids.clear();
        id = hash64(t);
        ids.set(t, id);
      }
      return id;
    },
    size: () => groups.length,
    count: (index) => counts[index] ?? 0,
  };
}
