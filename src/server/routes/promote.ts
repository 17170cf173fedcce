/**
 * POST /v1/analyses/:id/findings/:findingId/promote (curators): the corrected finding becomes an
 * incident document, written exactly as POST /v1/kb/documents writes one (store, index, audit,
 * snapshot), so the next analysis retrieves it. 409 when that problem was promoted already.
 */
import { Hono } from "hono";
import {
  AlreadyExistsError,
  NotFoundError,
  ValidationError,
  VersionConflictError,
} from "../../errors.js";
import { limitedText } from "../body.js";
import type { RouteDeps } from "../deps.js";
import type { AppEnv } from "../env.js";
import { incidentFrom, PromoteBody } from "../promote.js";
import { validate } from "../validate.js";
import { storeDocument } from "./documents.js";

const BODY_LIMIT = 1024 * 1024;

/** An empty body is fine: everything then comes from the finding and its feedback. */
async function overridesOf(request: Request): Promise<unknown> {
  const text = await limitedText(request, BODY_LIMIT);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ValidationError(`body: not valid JSON (${(err as Error).message})`);
  }
}

function alreadyPromoted(findingId: string, documentId: string): AlreadyExistsError {
  return new AlreadyExistsError(
    `finding ${findingId} was already promoted to knowledge document "${documentId}"; ` +
      `change it with PUT /v1/kb/documents/${documentId}`,
  );
}

export function promoteRoutes({ analyses, knowledge, guard }: RouteDeps): Hono<AppEnv> {
  return new Hono<AppEnv>().post(
    "/v1/analyses/:id/findings/:findingId/promote",
    guard("curator"),
    async (c) => {
      const { id, findingId } = c.req.param();
      const overrides = validate(PromoteBody, await overridesOf(c.req.raw), "body");
      const analysis = await analyses.get(id);
      const finding = analysis.report.findings.find((f) => f.id === findingId);
      if (!finding) throw new NotFoundError(`analysis ${id} has no finding "${findingId}"`);
      const document = incidentFrom(
        { analysisId: id, analyzedAt: analysis.createdAt, finding, feedback: analysis.feedback },
        overrides,
      );
      if (await knowledge.repository.get(document.id)) {
        throw alreadyPromoted(findingId, document.id);
      }
      try {
        return await storeDocument(c, knowledge, document, 0);
      } catch (err) {
        // Another promotion of the same problem won the race between the check and the write.
        if (err instanceof VersionConflictError) throw alreadyPromoted(findingId, document.id);
        throw err;
      }
    },
  );
}
