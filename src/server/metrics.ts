/**
 * Prometheus metrics for GET /metrics, in the text exposition format: request counts and latency
 * histograms per route, analyses, findings, the LLM calls, tokens and failures analyses made, and
 * the job queue's depth (read from the queue when scraped).
 * Hand-rolled because it is this small; labels are route patterns, never raw paths, so the
 * number of series stays bounded.
 */
import type { Report } from "../pipeline/types.js";

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

type Labels = Record<string, string>;

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, "_")}"`);
  return parts.length > 0 ? `{${parts.join(",")}}` : "";
}

class Counter {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [labels, value] of this.values) lines.push(`${this.name}${labels} ${value}`);
    return lines;
  }
}

class Histogram {
  private readonly series = new Map<
    string,
    { labels: Labels; counts: number[]; sum: number; n: number }
  >();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  observe(labels: Labels, value: number): void {
    const key = labelText(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels, counts: BUCKETS.map(() => 0), sum: 0, n: 0 };
      this.series.set(key, s);
    }
    BUCKETS.forEach((bound, i) => {
      if (value <= bound && s) s.counts[i] = (s.counts[i] ?? 0) + 1;
    });
    s.sum += value;
    s.n++;
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      BUCKETS.forEach((bound, i) => {
        lines.push(
          `${this.name}_bucket${labelText({ ...s.labels, le: String(bound) })} ${s.counts[i]}`,
        );
      });
      lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: "+Inf" })} ${s.n}`);
      lines.push(`${this.name}_sum${labelText(s.labels)} ${s.sum}`);
      lines.push(`${this.name}_count${labelText(s.labels)} ${s.n}`);
    }
    return lines;
  }
}

/** Jobs waiting and running, as the queue reports them at scrape time. */
export interface QueueDepth {
  queued: number;
  running: number;
}

function queueGauge(depth: QueueDepth): string[] {
  return [
    "# HELP logsage_jobs Analysis jobs in the queue, by state",
    "# TYPE logsage_jobs gauge",
    `logsage_jobs{state="queued"} ${depth.queued}`,
    `logsage_jobs{state="running"} ${depth.running}`,
  ];
}

export function createMetrics() {
  const requests = new Counter("logsage_http_requests_total", "HTTP requests by route and status");
  const latency = new Histogram("logsage_http_request_duration_seconds", "HTTP request latency");
  const analyses = new Counter("logsage_analyses_total", "Analyses completed");
  const findings = new Counter("logsage_findings_total", "Findings reported, by severity");
  const llmCalls = new Counter("logsage_llm_calls_total", "LLM calls by outcome");
  const tokens = new Counter("logsage_llm_tokens_total", "LLM tokens by direction");
  return {
    request(method: string, route: string, status: number, seconds: number): void {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, seconds);
    },
    analysis(report: Report): void {
      analyses.inc();
      for (const f of report.findings) findings.inc({ severity: f.severity });
      const llm = report.stats.llm;
      if (!llm) return;
      llmCalls.inc({ outcome: "called" }, llm.calls);
      llmCalls.inc({ outcome: "cached" }, llm.cached);
      llmCalls.inc({ outcome: "failed" }, llm.failed);
      tokens.inc({ direction: "sent" }, llm.tokensSent);
      tokens.inc({ direction: "received" }, llm.tokensReceived);
    },
    render(depth: QueueDepth): string {
      const all = [requests, latency, analyses, findings, llmCalls, tokens];
      return `${[...all.flatMap((m) => m.render()), ...queueGauge(depth)].join("\n")}\n`;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
