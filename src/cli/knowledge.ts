/** Opens the knowledge base the flags and config point at, for the commands that need one. */
import { type KnowledgeBase, openKnowledgeBase } from "../knowledge/base.js";
import { configFrom } from "./args.js";

export async function withKnowledge<T>(
  values: Record<string, unknown>,
  options: { seed: boolean },
  run: (knowledge: KnowledgeBase) => Promise<T>,
): Promise<T> {
  const config = configFrom(values);
  const { knowledge, seeded, warnings } = await openKnowledgeBase(config, options);
  for (const warning of warnings) process.stderr.write(`logsage: warning: ${warning}\n`);
  if (seeded) {
    process.stderr.write(
      `logsage: knowledge base was empty: loaded ${seeded.added.length} documents from the bundled kb/\n`,
    );
  }
  try {
    return await run(knowledge);
  } finally {
    await knowledge.close();
  }
}
