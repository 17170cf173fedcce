/**
 * A faithful re-implementation of Drain3's default template miner (logpai/Drain3 `drain.py`,
 * TemplateMiner with no config file): depth 4, similarity 0.4, max children 100, no masking,
 * numeric tokens routed to <*>, whitespace tokenisation. Drain3 itself (PyPI) cannot be installed
 * here, so the benchmark measures this port as the peer, in the same process and run.
 */

const PARAM = "<*>";

interface Node {
  children: Map<string, Node>;
  clusterIds: number[];
}

interface RefCluster {
  id: number;
  tokens: string[];
}

const node = (): Node => ({ children: new Map(), clusterIds: [] });
const hasNumbers = (s: string): boolean => /\d/.test(s);

export class DrainReference {
  private readonly root = node();
  private readonly clusters = new Map<number, RefCluster>();
  private readonly maxNodeDepth: number;

  constructor(
    depth = 4,
    private readonly simTh = 0.4,
    private readonly maxChildren = 100,
  ) {
    this.maxNodeDepth = depth - 2;
  }

  /** Returns the id of the cluster the message joined or created (ids start at 1). */
  add(content: string): number {
    const tokens = content
      .trim()
      .split(/\s+/)
      .filter((t) => t !== "");
    let match = this.treeSearch(tokens);
    if (!match) {
      match = { id: this.clusters.size + 1, tokens };
      this.clusters.set(match.id, match);
      this.addToTree(match);
    } else {
      match.tokens = match.tokens.map((t, i) => (t === tokens[i] ? t : PARAM));
    }
    return match.id;
  }

  template(id: number): string {
    return this.clusters.get(id)?.tokens.join(" ") ?? "";
  }

  private treeSearch(tokens: string[]): RefCluster | undefined {
    let cur = this.root.children.get(String(tokens.length));
    if (!cur) return undefined;
    if (tokens.length === 0) return this.clusters.get(cur.clusterIds[0] ?? -1);
    let depth = 1;
    for (const token of tokens) {
      if (depth >= this.maxNodeDepth || depth === tokens.length) break;
      const next: Node | undefined = cur.children.get(token) ?? cur.children.get(PARAM);
      if (!next) return undefined;
      cur = next;
      depth++;
    }
    return this.fastMatch(cur.clusterIds, tokens);
  }

  private fastMatch(ids: number[], tokens: string[]): RefCluster | undefined {
    let maxSim = -1;
    let maxParams = -1;
    let best: RefCluster | undefined;
    for (const id of ids) {
      const c = this.clusters.get(id);
      if (!c) continue;
      let sim = 0;
      let params = 0;
      c.tokens.forEach((t, i) => {
        if (t === PARAM) params++;
        else if (t === tokens[i]) sim++;
      });
      const s = c.tokens.length === 0 ? 1 : sim / c.tokens.length;
      if (s > maxSim || (s === maxSim && params > maxParams)) {
        maxSim = s;
        maxParams = params;
        best = c;
      }
    }
    return maxSim >= this.simTh ? best : undefined;
  }

  private addToTree(cluster: RefCluster): void {
    const count = cluster.tokens.length;
    let first = this.root.children.get(String(count));
    if (!first) {
      first = node();
      this.root.children.set(String(count), first);
    }
    let cur = first;
    if (count === 0) {
      cur.clusterIds = [cluster.id];
      return;
    }
    let depth = 1;
    for (const token of cluster.tokens) {
      if (depth >= this.maxNodeDepth || depth >= count) {
        cur.clusterIds = [...cur.clusterIds.filter((id) => this.clusters.has(id)), cluster.id];
        break;
      }
      cur = this.child(cur, token);
      depth++;
    }
  }

  /** Drain3's add_seq_to_prefix_tree branch choice, including its max_children rules. */
  private child(cur: Node, token: string): Node {
    const existing = cur.children.get(token);
    if (existing) return existing;
    const make = (key: string): Node => {
      const n = node();
      cur.children.set(key, n);
      return n;
    };
    const param = cur.children.get(PARAM);
    if (hasNumbers(token)) return param ?? make(PARAM);
    if (param) return cur.children.size < this.maxChildren ? make(token) : param;
    if (cur.children.size + 1 < this.maxChildren) return make(token);
    if (cur.children.size + 1 === this.maxChildren) return make(PARAM);
    return param ?? make(PARAM);
  }
}
