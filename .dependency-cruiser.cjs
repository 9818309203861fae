/**
 * The module boundaries `npm test` holds (test/static/boundaries.test.ts): no import cycles;
 * common/ is the light module the gateway and the subgraphs share; the gateway reaches nothing
 * of the subgraphs' stack.
 */
const SUBGRAPH_STACK =
  "node_modules/(typeorm|type-graphql|@apollo/subgraph|better-sqlite3|pg|class-validator|dataloader)/";

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment: "Modules that import each other cannot be read, tested or loaded one without the other.",
      from: {},
      to: { circular: true },
    },
    {
      name: "common-is-light",
      severity: "error",
      comment: "common/ is shared by the gateway and the subgraphs: it imports neither, nor the subgraphs' stack.",
      from: { path: "^common/" },
      to: { path: ["^gateway/", "^subgraphs/", SUBGRAPH_STACK] },
    },
    {
      name: "gateway-not-subgraph-stack",
      severity: "error",
      comment: "The gateway imports no package of the subgraphs' stack (what it reaches in common/ is held above).",
      from: { path: "^gateway/" },
      to: { path: SUBGRAPH_STACK },
    },
    {
      name: "gateway-not-subgraphs",
      severity: "error",
      comment: "The gateway process never loads a subgraph's code or its stack (ORM, type-graphql, @apollo/subgraph).",
      from: { path: "^gateway/" },
      to: { path: "^subgraphs/", reachable: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "^dist/" },
  },
};
