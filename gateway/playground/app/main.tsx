import { explorerPlugin } from "@graphiql/plugin-explorer";
import "@graphiql/plugin-explorer/style.css";
import type { Fetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import "graphiql/style.css";
import { getOperationAST, parse } from "graphql";
import { createClient, type Client } from "graphql-ws";
import { useEffect, useMemo, useState } from "react";
import { createRoot } from "react-dom/client";
import { PLAYGROUND_EXAMPLES } from "../examples.js";

/** What the gateway tells the page (see servePlayground.ts). */
interface PlaygroundConfig {
  graphqlUrl: string;
  webSocketUrl: string;
  /** Development only: demo identities can be picked and their tokens minted. */
  development: boolean;
}
interface Directory {
  partners: { id: string; name: string; type: string }[];
  roles: string[];
}

const config = (window as unknown as { __PLAYGROUND__: PlaygroundConfig }).__PLAYGROUND__;

/** The picked identity's token; an Authorization header typed in the headers editor wins over it. */
let picked: string | undefined;

const sockets = new Map<string, Client>();
function socketFor(authorization: string | undefined): Client {
  const key = authorization ?? "";
  let client = sockets.get(key);
  if (!client) {
    client = createClient({ url: config.webSocketUrl, connectionParams: authorization ? { authorization } : {} });
    sockets.set(key, client);
  }
  return client;
}

/** Queries and mutations over HTTP, subscriptions over graphql-ws: both with the same identity. */
const fetcher: Fetcher = async (params, options) => {
  const typed = (options?.headers ?? {}) as Record<string, string>;
  const authorization = typed.Authorization ?? typed.authorization ?? (picked ? `Bearer ${picked}` : undefined);
  let isSubscription = false;
  try {
    isSubscription = getOperationAST(parse(params.query), params.operationName)?.operation === "subscription";
  } catch {
    // Not parseable: the server answers with the syntax error.
  }
  if (isSubscription)
    return socketFor(authorization).iterate({
      query: params.query,
      variables: params.variables ?? {},
      operationName: params.operationName ?? undefined,
    });
  const response = await fetch(config.graphqlUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
      ...typed,
      ...(authorization ? { authorization } : {}),
    },
    body: JSON.stringify(params),
  });
  return response.json();
};

function IdentityPicker({ onPicked }: { onPicked(label: string): void }) {
  const [directory, setDirectory] = useState<Directory>();
  const [partner, setPartner] = useState("");
  const [role, setRole] = useState("analyst");
  useEffect(() => {
    void fetch("/playground/identities")
      .then((r) => r.json())
      .then((d: Directory) => {
        setDirectory(d);
        setPartner(d.partners[0]?.id ?? "");
      });
  }, []);
  const use = async () => {
    const response = await fetch(`/playground/token?${new URLSearchParams({ partner, role })}`);
    const { token } = (await response.json()) as { token: string };
    picked = token;
    onPicked(`${role} of ${directory?.partners.find((p) => p.id === partner)?.name ?? "?"}`);
  };
  if (!directory) return <span>loading demo identities…</span>;
  return (
    <span className="identity-picker">
      <select id="playground-partner" value={partner} onChange={(e) => setPartner(e.target.value)}>
        {directory.partners.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ({p.type})
          </option>
        ))}
      </select>
      <select id="playground-role" value={role} onChange={(e) => setRole(e.target.value)}>
        {directory.roles.map((r) => (
          <option key={r}>{r}</option>
        ))}
      </select>
      <button id="playground-use-token" onClick={() => void use()}>
        Use this identity
      </button>
    </span>
  );
}

function App() {
  const [identity, setIdentity] = useState<string>();
  const plugins = useMemo(() => [explorerPlugin()], []);
  const tabs = useMemo(
    () =>
      PLAYGROUND_EXAMPLES.map((e) => ({
        query: e.query,
        variables: e.variables ? JSON.stringify(e.variables, null, 2) : undefined,
      })),
    [],
  );
  return (
    <div className="playground">
      <header className="playground-bar">
        <strong>Partner center graph</strong>
        <span id="playground-identity">
          {identity
            ? `Identity: ${identity}`
            : config.development
              ? "Pick a demo identity, or type an Authorization header below."
              : "Type your Authorization header (Bearer token) in the headers editor below."}
        </span>
        {config.development && <IdentityPicker onPicked={setIdentity} />}
      </header>
      <main className="playground-editor">
        <GraphiQL
          fetcher={fetcher}
          plugins={plugins}
          defaultTabs={tabs}
          isHeadersEditorEnabled
          shouldPersistHeaders={false}
        />
      </main>
    </div>
  );
}

createRoot(document.getElementById("root")!).render(<App />);
