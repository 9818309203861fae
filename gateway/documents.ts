import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { GraphQLError } from "graphql";
import { LRUCache } from "lru-cache";
import { badUserInput } from "../common/errors.js";
import { SettingsError } from "../common/settings.js";

/** Apollo's persisted-query manifest: the operations the frontends were built with. */
interface Manifest {
  format: "apollo-persisted-query-manifest";
  version: 1;
  operations: { id: string; name: string; type: string; body: string }[];
}

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The manifest at `path` (TRUSTED_DOCUMENTS); one that cannot be read or is not a manifest stops the start. */
export function loadTrustedDocuments(path: string): Map<string, string> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path, "utf8")) as Manifest;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? "not JSON";
    throw new SettingsError([`TRUSTED_DOCUMENTS=${JSON.stringify(path)} cannot be read (${reason}).`]);
  }
  if (manifest.format !== "apollo-persisted-query-manifest" || !Array.isArray(manifest.operations)) {
    throw new SettingsError([`TRUSTED_DOCUMENTS=${JSON.stringify(path)} is not an Apollo persisted-query manifest.`]);
  }
  return new Map(manifest.operations.map((operation) => [operation.id, operation.body]));
}

/** The parts of a GraphQL request that say which document to run. */
export interface DocumentReference {
  query?: unknown;
  documentId?: unknown;
  extensions?: unknown;
}

const notInList = (message: string) =>
  new GraphQLError(message, { extensions: { code: "PERSISTED_QUERY_NOT_IN_LIST" } });
const notFound = () =>
  new GraphQLError("PersistedQueryNotFound: send the operation's text with its hash once.", {
    extensions: { code: "PERSISTED_QUERY_NOT_FOUND" },
  });

/**
 * Which text a request runs. A request sends the text, or names a document by `documentId`
 * (`sha256:<hash>`) or by an automatic persisted query's hash (Apollo's APQ: an unknown hash
 * asks the client for the text, which registers it). In trusted-documents mode only the
 * manifest's operations run, by id or by their exact text, and nothing can be registered.
 */
export class PersistedDocuments {
  /** Texts registered by APQ, by hash, up to about 8 MB of text. */
  private readonly registered = new LRUCache<string, string>({
    maxSize: 8_000_000,
    sizeCalculation: (text) => text.length + 1,
  });

  constructor(private readonly trusted?: Map<string, string>) {}

  /** The text to run; throws the coded error a refused reference gets. */
  resolve(reference: DocumentReference): string {
    const id = idOf(reference);
    const query = reference.query;
    if (query !== undefined && query !== null && typeof query !== "string") {
      throw badUserInput("query", "Send the operation's text as a string in `query`.");
    }
    if (this.trusted) return this.trustedText(id, query ?? undefined);
    if (id === undefined) {
      if (query === undefined || query === null) {
        throw badUserInput("query", "Send the operation's text in `query` (or a documentId).");
      }
      return query;
    }
    if (query === undefined || query === null) {
      const text = this.registered.get(id);
      if (!text) throw notFound();
      return text;
    }
    if (sha256(query) !== id) throw badUserInput("extensions", "The persisted query's hash does not match its text.");
    this.registered.set(id, query);
    return query;
  }

  private trustedText(id: string | undefined, query: string | undefined): string {
    if (id !== undefined) {
      const text = this.trusted!.get(id);
      if (!text) throw notInList(`Operation ${id} is not a trusted document of this graph.`);
      if (query !== undefined && query !== text) throw notInList("Only the manifest's own text runs with its id.");
      return text;
    }
    if (query !== undefined && this.trusted!.has(sha256(query))) return query;
    throw notInList("Only the trusted documents of this graph run here: send a documentId from the manifest.");
  }
}

/** The id a request names its document by: `documentId`, else an APQ hash; undefined when it names none. */
function idOf(reference: DocumentReference): string | undefined {
  if (typeof reference.documentId === "string") return reference.documentId.replace(/^sha256:/, "");
  if (reference.documentId !== undefined && reference.documentId !== null) {
    throw badUserInput("documentId", "documentId must be a string such as sha256:<hash>.");
  }
  const extensions = reference.extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | null;
  const persisted = extensions?.persistedQuery;
  if (persisted === undefined || persisted === null) return undefined;
  if (persisted.version !== 1 || typeof persisted.sha256Hash !== "string") {
    throw badUserInput("extensions", "extensions.persistedQuery must be { version: 1, sha256Hash: <hex> }.");
  }
  return persisted.sha256Hash;
}
