/**
 * The in-process queue over the store's job journal, on PGlite and on the machine's PostgreSQL:
 * a job is journaled before enqueue resolves, close() lets the running job end and leaves the
 * queued one journaled, and a new queue over the same journal (a restarted server) runs the jobs
 * left unfinished, whether they were queued or running, but not another owner's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/client.js";
import { createDbJournal } from "../../src/jobs/db-journal.js";
import { createInProcessQueue } from "../../src/jobs/in-process.js";
import type { JobJournal, JobQueue } from "../../src/jobs/queue-port.js";
import { createTestDatabase, type TestDatabase } from "../helpers/postgres.js";
import { tempDir } from "../helpers/tmp.js";

interface Input {
  name: string;
}

/** A handler whose jobs end only when the test says so. */
function controlledHandler() {
  const started: string[] = [];
  const finishers = new Map<string, (result: string) => void>();
  const handler = (input: Input) =>
    new Promise<string>((resolve) => {
      started.push(input.name);
      finishers.set(input.name, resolve);
    });
  const finish = (name: string) => finishers.get(name)?.(`done ${name}`);
  return { handler, started, finish };
}

const tick = () => new Promise((r) => setTimeout(r, 10));

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500 && !(await check()); i++) await tick();
}

function queueOver(journal: JobJournal<Input, string>, handler: (i: Input) => Promise<string>) {
  const errors: unknown[] = [];
  const queue: JobQueue<Input, string> = createInProcessQueue(handler, {
    concurrency: 1,
    journal,
    onJournalError: (err) => errors.push(err),
  });
  return { queue, errors };
}

function suite(open: () => Promise<Database>) {
  let store: Database;
  beforeAll(async () => {
    store = await open();
  }, 120_000);
  afterAll(() => store.close());

  it("journals jobs, leaves queued ones at close and resumes them in a new queue", async () => {
    const journal = createDbJournal<Input, string>(store.db, "host-a:/data");
    const first = controlledHandler();
    const { queue, errors } = queueOver(journal, first.handler);
    const a = await queue.enqueue({ name: "a" }, 10);
    const b = await queue.enqueue({ name: "b" }, 20);
    expect(await journal.find(b.id)).toMatchObject({ state: "queued" });
    await until(() => first.started.length === 1);
    expect(queue.depth()).toEqual({ queued: 1, running: 1 });
    const closed = queue.close();
    await expect(queue.enqueue({ name: "c" }, 1)).rejects.toThrow(/shutting down/);
    first.finish("a");
    await closed;
    expect(first.started).toEqual(["a"]);
    expect(await journal.find(a.id)).toMatchObject({
      state: "succeeded",
      result: "done a",
      progress: { bytes: 10, totalBytes: 10 },
    });
    expect(await journal.find(b.id)).toMatchObject({ state: "queued" });

    // Another server on the same database: its jobs are not ours to run.
    const theirs = {
      id: "theirs",
      state: "queued" as const,
      createdAt: new Date().toISOString(),
      progress: { bytes: 0, totalBytes: 1 },
    };
    const other = createDbJournal<Input, string>(store.db, "host-b:/data");
    await other.add({ status: theirs, input: { name: "theirs" } });

    const second = controlledHandler();
    const restarted = queueOver(journal, second.handler);
    expect(await restarted.queue.recover()).toBe(1);
    await until(() => second.started.length === 1);
    expect(second.started).toEqual(["b"]);
    second.finish("b");
    await until(async () => (await restarted.queue.get(b.id))?.state === "succeeded");
    expect(await restarted.queue.get(a.id)).toMatchObject({ state: "succeeded" });
    expect(await journal.find(theirs.id)).toMatchObject({ state: "queued" });
    await restarted.queue.close();
    expect(await journal.find(b.id)).toMatchObject({ state: "succeeded", result: "done b" });
    expect([...errors, ...restarted.errors]).toEqual([]);
  });

  it("runs again a job that was running when its server stopped", async () => {
    const journal = createDbJournal<Input, string>(store.db, "host-c:/data");
    const createdAt = new Date().toISOString();
    const status = { id: "crashed", createdAt, progress: { bytes: 0, totalBytes: 5 } };
    await journal.add({ status: { ...status, state: "queued" }, input: { name: "crashed" } });
    await journal.update({ ...status, state: "running" });

    const handler = controlledHandler();
    const { queue } = queueOver(journal, handler.handler);
    expect(await queue.recover()).toBe(1);
    await until(() => handler.started.length === 1);
    expect(handler.started).toEqual(["crashed"]);
    handler.finish("crashed");
    await queue.close();
    expect(await journal.find("crashed")).toMatchObject({ state: "succeeded" });
    expect(await queue.recover()).toBe(0);
  });
}

describe("job queue on PGlite", () => {
  const dataDir = tempDir("logsage-jobs-");
  suite(() => openDatabase({ dataDir }));
});

describe("job queue on PostgreSQL", () => {
  let database: TestDatabase;
  afterAll(() => database?.drop());
  suite(async () => {
    database = await createTestDatabase();
    return openDatabase({ dataDir: tempDir("logsage-jobs-pg-"), databaseUrl: database.url });
  });
});
