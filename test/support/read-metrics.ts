/** One series of a Prometheus text exposition: its name, labels and value. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The scraped text, read as a Prometheus server would. */
export interface Scrape {
  readonly text: string;
  readonly samples: readonly Sample[];
  /** The value of the series with exactly these labels, or undefined when there is none. */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** The `# TYPE` a metric is declared with. */
  type(name: string): string | undefined;
}

const sampleLine = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/;
const labelPair = /(\w+)="((?:[^"\\]|\\.)*)"/g;

const sameLabels = (a: Readonly<Record<string, string>>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length &&
  Object.entries(b).every(([key, value]) => a[key] === value);

/** Reads Prometheus' text format (version 0.0.4). */
export function readMetrics(text: string): Scrape {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split("\n")) {
    const declared = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (declared) types.set(declared[1]!, declared[2]!);
    const match = sampleLine.exec(line);
    if (!match || line.startsWith("#")) continue;
    const labels = Object.fromEntries(
      [...(match[2] ?? "").matchAll(labelPair)].map((pair) => [pair[1]!, pair[2]!]),
    );
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return {
    text,
    samples,
    value: (name, labels = {}) =>
      samples.find((sample) => sample.name === name && sameLabels(sample.labels, labels))?.value,
    type: (name) => types.get(name),
  };
}

/** GETs /metrics from a running bot on loopback and reads it. */
export async function scrapeMetrics(port: number): Promise<Scrape> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  return readMetrics(await response.text());
}
