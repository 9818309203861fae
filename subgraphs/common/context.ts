import type { DataSource } from "typeorm";
import type { Actor } from "../../common/actor.js";
import type { SubgraphName } from "../../common/services.js";

/** What every resolver of a subgraph receives; made afresh for each request. */
export interface SubgraphContext<Loaders> {
  actor: Actor;
  db: DataSource;
  /** DataLoaders of this request only: never shared between requests or actors. */
  loaders: Loaders;
  /** The gateway's token of this request, for the rare call a subgraph makes to another. */
  gatewayToken: string;
  /** GraphQL URLs of the other subgraphs, for those documented calls. */
  peers: Record<SubgraphName, string>;
  /**
   * A signed link to a download of the gateway (`/certificates/…`, `/exports/…`) for this
   * request's actor: absolute on the graph's origin, valid five minutes (common/downloadLinks.ts).
   */
  downloadLink(path: string, params?: Record<string, string>): string;
}
