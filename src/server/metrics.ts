/**
 * Prometheus text exposition for Baton's own counters and latency histograms, without a dependency: a few
 * maps and a formatter. Labels are from fixed sets (tool names, outcomes, status classes), never user input,
 * so the series count stays bounded.
 */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

type Labels = Record<string, string>;

class Counter {
  readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
  render(): string[] {
    return [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} counter`,
      ...[...this.values].map(([key, value]) => `${this.name}${key} ${value}`),
    ];
  }
}

class Histogram {
  readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  observe(seconds: number, labels: Labels = {}): void {
    const key = labelText(labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    for (let i = 0; i < BUCKETS.length; i++)
      if (seconds <= (BUCKETS[i] as number)) (entry.counts[i] as number)++;
    entry.sum += seconds;
    entry.count++;
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [key, entry] of this.series) {
      const base = key === '' ? '' : key.slice(1, -1);
      BUCKETS.forEach((bound, i) => {
        lines.push(`${this.name}_bucket{${base ? `${base},` : ''}le="${bound}"} ${entry.counts[i]}`);
      });
      lines.push(`${this.name}_bucket{${base ? `${base},` : ''}le="+Inf"} ${entry.count}`);
      lines.push(`${this.name}_sum${key} ${entry.sum}`, `${this.name}_count${key} ${entry.count}`);
    }
    return lines;
  }
}

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',')}}`;
}

export class Metrics {
  readonly toolCalls = new Counter('baton_tool_calls_total', 'Tool calls by tool, transport and outcome.');
  readonly toolSeconds = new Histogram('baton_tool_call_seconds', 'Tool call latency in seconds, by tool.');
  readonly requests = new Counter('baton_http_requests_total', 'HTTP requests by surface and status class.');
  readonly events = new Counter(
    'baton_board_events_total',
    'Board events by action (claims, lease expiries, scans…).',
  );
  readonly rateLimited = new Counter(
    'baton_rate_limited_total',
    'Requests refused by the per-token rate limit.',
  );

  render(): string {
    return `${[this.toolCalls, this.toolSeconds, this.requests, this.events, this.rateLimited].flatMap((m) => m.render()).join('\n')}\n`;
  }
}
