import { explorerPlugin } from "@graphiql/plugin-explorer";
import "@graphiql/plugin-explorer/style.css";
import type { TabsState } from "@graphiql/react";
import type { Fetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import "graphiql/style.css";
import { getOperationAST, parse } from "graphql";
import { createClient, type Client } from "graphql-ws";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import { PLAYGROUND_EXAMPLES } from "../examples.js";

/** What the gateway tells the page (see servePlayground.ts). */
interface PlaygroundConfig {
  graphqlUrl: string;
  /** Development only: demo identities can be picked and their tokens minted. */
  development: boolean;
}
interface Directory {
  partners: { id: string; name: string; type: string }[];
  roles: string[];
}
interface Identity {
  partner: string;
  role: string;
}

const config = (window as unknown as { __PLAYGROUND__: PlaygroundConfig }).__PLAYGROUND__;
/** ws behind http, wss behind https: the socket follows the page. */
const webSocketUrl = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${config.graphqlUrl}`;
/** The identity last used on this browser, so that a reload keeps it. */
const REMEMBERED = "partner-center-playground-identity";

const sockets = new Map<string, Client>();
function socketFor(authorization: string | undefined): Client {
  const key = authorization ?? "";
  let client = sockets.get(key);
  if (!client) {
    client = createClient({ url: webSocketUrl, connectionParams: authorization ? { authorization } : {} });
    sockets.set(key, client);
  }
  return client;
}

/**
 * Queries and mutations over HTTP, subscriptions over graphql-ws, with the picked identity's
 * token; an Authorization header typed in the headers editor wins over it. A new one is made
 * whenever the identity or the headers change: GraphiQL then fetches the schema again.
 */
function fetcherFor(token: string | undefined): Fetcher {
  return async (params, options) => {
    // Header names are case-insensitive: "Authorization" and "authorization" would be sent as one, joined by a comma.
    const typed = Object.fromEntries(
      Object.entries((options?.headers ?? {}) as Record<string, string>).map(([name, value]) => [
        name.toLowerCase(),
        value,
      ]),
    );
    const authorization = typed.authorization ?? (token ? `Bearer ${token}` : undefined);
    let isSubscription = false;
    try {
      isSubscription = getOperationAST(parse(params.query), params.operationName)?.operation === "subscription";
    } catch {
      // Not parseable: the server answers with the syntax error.
    }
    if (isSubscription) {
      return socketFor(authorization).iterate({
        query: params.query,
        variables: params.variables ?? {},
        operationName: params.operationName ?? undefined,
      });
    }
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
}

async function tokenOf(identity: Identity): Promise<string> {
  const response = await fetch(`/playground/token?${new URLSearchParams({ ...identity })}`);
  return ((await response.json()) as { token: string }).token;
}

function remembered(directory: Directory): Identity {
  try {
    const saved = JSON.parse(localStorage.getItem(REMEMBERED) ?? "null") as Identity | null;
    if (saved && directory.partners.some((p) => p.id === saved.partner) && directory.roles.includes(saved.role)) {
      return saved;
    }
  } catch {
    // Nothing usable saved: the default below.
  }
  return { partner: directory.partners[0]?.id ?? "", role: "analyst" };
}

/** Demo identities (development only): the picked one, remembered, and switched to a tab's role. */
function useIdentity() {
  const [directory, setDirectory] = useState<Directory>();
  const [identity, setIdentity] = useState<Identity>();
  const [token, setToken] = useState<string>();
  const use = useCallback(async (next: Identity) => {
    setToken(await tokenOf(next));
    setIdentity(next);
    localStorage.setItem(REMEMBERED, JSON.stringify(next));
  }, []);
  useEffect(() => {
    if (!config.development) return;
    void fetch("/playground/identities")
      .then((r) => r.json())
      .then(async (d: Directory) => {
        setDirectory(d);
        await use(remembered(d));
      });
  }, [use]);
  const label = identity
    ? `${identity.role} of ${directory?.partners.find((p) => p.id === identity.partner)?.name ?? "?"}`
    : undefined;
  return { directory, identity, token, label, use };
}

function IdentityPicker({
  directory,
  identity,
  onUse,
}: {
  directory: Directory;
  identity: Identity;
  onUse(identity: Identity): void;
}) {
  const [partner, setPartner] = useState(identity.partner);
  const [role, setRole] = useState(identity.role);
  useEffect(() => {
    setPartner(identity.partner);
    setRole(identity.role);
  }, [identity]);
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
      <button id="playground-use-token" onClick={() => onUse({ partner, role })}>
        Use this identity
      </button>
    </span>
  );
}

/** The saved examples as GraphiQL's tabs. */
const TABS = PLAYGROUND_EXAMPLES.map((e) => ({
  query: e.query,
  variables: e.variables ? JSON.stringify(e.variables, null, 2) : undefined,
}));

/**
 * On a first visit GraphiQL 4.1 opens the first tab with its query but not its variables: its
 * variables editor starts from what it stored last, which is nothing yet. So the first tab's
 * variables are stored for it, and its Run works at once.
 */
function seedFirstVisit(): void {
  if (localStorage.getItem("graphiql:tabState") === null && TABS[0]?.variables)
    localStorage.setItem("graphiql:variables", TABS[0].variables);
}

function App() {
  const { directory, identity, token, label, use } = useIdentity();
  const [headers, setHeaders] = useState("");
  const plugins = useMemo(() => [explorerPlugin()], []);
  // The headers are part of the fetcher's identity: typing a token fetches the schema again.
  const fetcher = useMemo(() => fetcherFor(token), [token, headers]);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const activeTab = useRef<string | undefined>(undefined);
  const onTabChange = (state: TabsState) => {
    const active = state.tabs[state.activeTabIndex];
    const switched = activeTab.current !== undefined && active?.id !== activeTab.current;
    activeTab.current = active?.id;
    const example = PLAYGROUND_EXAMPLES.find((e) => e.title === active?.title);
    // Switching to a saved example runs it as the role it was written for, in the same partner.
    if (switched && example && identity && example.role !== identity.role)
      void use({ ...identity, role: example.role });
    clearTimeout(pending.current);
    pending.current = setTimeout(() => setHeaders(active?.headers ?? ""), 400);
  };
  const status = label
    ? `Identity: ${label}`
    : config.development
      ? "Loading demo identities…"
      : "Type your Authorization header (Bearer token) in the headers editor below.";
  return (
    <div className="playground">
      <header className="playground-bar">
        <strong>Partner center graph</strong>
        <span id="playground-identity">{status}</span>
        {directory && identity && <IdentityPicker directory={directory} identity={identity} onUse={use} />}
      </header>
      <main className="playground-editor">
        {/* In development the demo identity comes first: the schema is then fetched with its token. */}
        {(!config.development || token) && (
          <GraphiQL
            fetcher={fetcher}
            plugins={plugins}
            defaultTabs={TABS}
            onTabChange={onTabChange}
            isHeadersEditorEnabled
            shouldPersistHeaders={false}
          />
        )}
      </main>
    </div>
  );
}

seedFirstVisit();
createRoot(document.getElementById("root")!).render(<App />);
