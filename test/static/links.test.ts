import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../common/paths.js";

/** The documentation a clone carries: every link in it must lead somewhere in the clone. */
const DOCUMENTS = [
  "README.md",
  "BENCHMARKS.md",
  "schema/operations/README.md",
  ...readdirSync(join(PROJECT_ROOT, "docs")).map((file) => `docs/${file}`),
];

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, "")
    .replace(/\s/g, "-");

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(join(PROJECT_ROOT, file), "utf8");
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1]!.replace(/`/g, ""))));
}

/** Links written in a document: `[text](target)`, leaving out code spans and blocks. */
function linksOf(file: string): string[] {
  const text = readFileSync(join(PROJECT_ROOT, file), "utf8")
    .replace(/```[\s\S]*?```/g, "")
    .replace(/`[^`\n]*`/g, "");
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

describe("documentation links", () => {
  it.each(DOCUMENTS)("%s links only to files and headings in the repository", (file) => {
    const broken = linksOf(file).filter((link) => {
      if (/^https?:/.test(link)) return true; // a clone may be read offline: nothing outside it
      const [path, anchor] = link.split("#") as [string, string | undefined];
      const target = path ? relative(PROJECT_ROOT, join(PROJECT_ROOT, dirname(file), path)) : file;
      if (target.startsWith("..") || !existsSync(join(PROJECT_ROOT, target))) return true;
      return anchor !== undefined && target.endsWith(".md") && !anchorsOf(target).has(anchor);
    });
    expect(broken).toEqual([]);
  });
});
