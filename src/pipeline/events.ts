/**
 * Named counters each stage reports through: what it received, dropped and failed. No stage writes
 * to the console; the shell (CLI, server, worker) decides what to show.
 */
export interface StageEvents {
  count(name: string, by?: number): void;
  warn(message: string): void;
}

export class EventLog implements StageEvents {
  readonly counters = new Map<string, number>();
  readonly warnings: string[] = [];
  private readonly maxWarnings: number;

  constructor(maxWarnings = 100) {
    this.maxWarnings = maxWarnings;
  }

  count(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  warn(message: string): void {
    if (this.warnings.length < this.maxWarnings) this.warnings.push(message);
    else this.count("warnings.dropped");
  }

  get(name: string): number {
    return this.counters.get(name) ?? 0;
  }
}
