/**
 * Reciprocal rank fusion: the seam for dense vectors. When an embedder is configured, its ranking
 * and the lexical one are fused by rank, not by score, because their scores are not comparable.
 */

/** The constant from Cormack et al. (2009); it damps the weight of the very first ranks. */
const RRF_K = 60;

/** Fuses rankings (ids best first) into one list of ids with their fused scores, best first. */
export function fuse(
  rankings: readonly (readonly string[])[],
  k = RRF_K,
): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  for (const ranking of rankings) {
    ranking.forEach((id, rank) => {
      scores.set(id, (scores.get(id) ?? 0) + 1 / (k + rank + 1));
    });
  }
  return [...scores.entries()]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
