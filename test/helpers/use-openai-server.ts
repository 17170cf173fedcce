/**
 * One OpenAI-compatible test server per test file: started before the tests, closed after, its
 * request log cleared (and its default reply set, if given) before each test.
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import {
  type OpenAiServer,
  type RecordedRequest,
  type Reply,
  startOpenAiServer,
} from "./openai-server.js";

export function useOpenAiServer(reply?: (request: RecordedRequest) => Reply): () => OpenAiServer {
  let server: OpenAiServer | undefined;
  const get = (): OpenAiServer => {
    if (!server) throw new Error("the test server is not running (use it inside a test)");
    return server;
  };
  beforeAll(async () => {
    server = await startOpenAiServer();
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    get().requests.length = 0;
    if (reply) get().reply = reply;
  });
  return get;
}
