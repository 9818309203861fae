/** One bar: a system's requests per second in a scenario. */
export interface Bar {
  scenario: string;
  system: string;
  requestsPerSecond: number;
  p99: number;
}

const COLORS: Record<string, string> = {
  "this gateway": "#2f7d32",
  "Apollo Gateway": "#5c6bc0",
  "Hive Gateway": "#f9a825",
  subgraph: "#9e9e9e",
};
const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/** A horizontal bar chart of requests/s, one group per scenario, as a standalone SVG. */
export function barChart(bars: Bar[], title: string): string {
  const scenarios = [...new Set(bars.map((b) => b.scenario))];
  const rowHeight = 18;
  const left = 260;
  const width = 900;
  const max = Math.max(...bars.map((b) => b.requestsPerSecond), 1);
  let y = 50;
  const parts: string[] = [];
  for (const scenario of scenarios) {
    parts.push(`<text x="10" y="${y + 13}" font-weight="bold">${escape(scenario)}</text>`);
    y += rowHeight + 4;
    for (const bar of bars.filter((b) => b.scenario === scenario)) {
      const length = Math.max(1, Math.round(((width - left - 140) * bar.requestsPerSecond) / max));
      const system = bar.system.startsWith("subgraph") ? "subgraph" : bar.system;
      parts.push(`<text x="20" y="${y + 13}">${escape(bar.system)}</text>`);
      parts.push(
        `<rect x="${left}" y="${y}" width="${length}" height="${rowHeight - 4}" fill="${COLORS[system] ?? "#777"}"/>`,
      );
      parts.push(
        `<text x="${left + length + 6}" y="${y + 12}">${bar.requestsPerSecond} req/s · p99 ${bar.p99} ms</text>`,
      );
      y += rowHeight;
    }
    y += 12;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 10}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="10" y="24" font-size="16" font-weight="bold">${escape(title)}</text>
${parts.join("\n")}
</svg>
`;
}
