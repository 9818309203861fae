import type { NextFunction, Request, Response } from "express";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { GraphQLError } from "graphql";
import { badUserInput } from "../common/errors.js";
import { sendGraphQLError } from "../common/httpErrors.js";

/** Apollo's persisted-query manifest: the operations the frontends were built with. */
interface Manifest {
  format: "apollo-persisted-query-manifest";
  version: 1;
  operations: { id: string; name: string; type: string; body: string }[];
}

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export function loadTrustedDocuments(path: string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(path, "utf8")) as Manifest;
  if (manifest.format !== "apollo-persisted-query-manifest")
    throw new Error(`${path} is not an Apollo persisted-query manifest.`);
  return new Map(manifest.operations.map((operation) => [operation.id, operation.body]));
}

interface GraphQLParams {
  query?: unknown;
  documentId?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } };
}

const notInList = (message: string) =>
  new GraphQLError(message, { extensions: { code: "PERSISTED_QUERY_NOT_IN_LIST" } });

/**
 * Trusted-documents mode: only operations of the committed manifest run. A request names one
 * by `documentId` (or an APQ hash) or sends its exact text; anything else is refused before
 * Apollo Server sees it. A named operation gets its text filled in, so APQ never has to
 * register it.
 */
export function trustedDocumentsOnly(documents: Map<string, string>) {
  /** Fills in the text of a named trusted operation; returns why the request is refused, or null. */
  const admit = (params: GraphQLParams): string | null => {
    const id =
      typeof params.documentId === "string"
        ? params.documentId.replace(/^sha256:/, "")
        : params.extensions?.persistedQuery?.sha256Hash;
    if (typeof id === "string") {
      const text = documents.get(id);
      if (!text) return `Operation ${id} is not a trusted document of this graph.`;
      params.query = text;
      delete params.documentId;
      delete params.extensions?.persistedQuery; // APQ is off in this mode: the text is all Apollo Server needs
      return null;
    }
    if (typeof params.query === "string" && documents.has(sha256(params.query))) return null;
    return "Only the trusted documents of this graph run here: send a documentId from the manifest.";
  };
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.method === "GET") {
      const url = new URL(request.url, "http://graph");
      const extensions = url.searchParams.get("extensions");
      const params: GraphQLParams = {
        query: url.searchParams.get("query") ?? undefined,
        documentId: url.searchParams.get("documentId") ?? undefined,
      };
      try {
        if (extensions) params.extensions = JSON.parse(extensions);
      } catch {
        return sendGraphQLError(
          response,
          400,
          badUserInput("extensions", "The extensions parameter is not valid JSON."),
        );
      }
      const problem = admit(params);
      if (problem) return sendGraphQLError(response, 400, notInList(problem));
      url.searchParams.set("query", params.query as string);
      url.searchParams.delete("documentId");
      if (params.extensions) url.searchParams.set("extensions", JSON.stringify(params.extensions));
      request.url = `${url.pathname}${url.search}`;
      return next();
    }
    const bodies: GraphQLParams[] = Array.isArray(request.body) ? request.body : [request.body ?? {}];
    for (const body of bodies) {
      const problem =
        typeof body === "object" && body !== null ? admit(body) : "Send a JSON object naming a trusted document.";
      if (problem) return sendGraphQLError(response, 400, notInList(problem));
    }
    next();
  };
}
