/// <reference lib="dom" />
// A frontend on another origin, as a team would write it with Apollo Client's defaults: bundled
// by the CORS test and opened in Chromium.
import { ApolloClient, gql, HttpLink, InMemoryCache } from "@apollo/client";
import { relayStylePagination } from "@apollo/client/utilities";

const CUSTOMERS = gql`
  query Customers($first: Int!, $after: String) {
    customers(first: $first, after: $after) {
      edges {
        node {
          id
        }
      }
      pageInfo {
        endCursor
      }
    }
  }
`;
const RESULTS = gql`
  subscription Results($after: String) {
    approvalResults(after: $after) {
      id
    }
  }
`;

function client(url: string, token: string): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: url, headers: { authorization: `Bearer ${token}` } }),
    cache: new InMemoryCache({ typePolicies: { Query: { fields: { customers: relayStylePagination() } } } }),
  });
}

/** Two pages of customers by cursor, merged by relayStylePagination: their ids. */
async function pageCustomers(url: string, token: string): Promise<string[]> {
  const apollo = client(url, token);
  const watched = apollo.watchQuery({ query: CUSTOMERS, variables: { first: 3 } });
  const ids = (result: { data?: unknown }) =>
    ((result.data as { customers?: { edges: { node: { id: string } }[] } })?.customers?.edges ?? []).map(
      (e) => e.node.id,
    );
  return new Promise((resolve, reject) => {
    let more = false;
    const subscription = watched.subscribe({
      next: (result) => {
        const seen = ids(result);
        if (seen.length === 3 && !more) {
          more = true;
          const after = (result.data as { customers: { pageInfo: { endCursor: string } } }).customers.pageInfo
            .endCursor;
          watched.fetchMore({ variables: { after } }).catch(reject);
        } else if (seen.length === 6) {
          resolve(seen);
          setTimeout(() => subscription.unsubscribe());
        }
      },
      error: reject,
    });
  });
}

/** The first event of a subscription over Apollo Client's default transport (multipart HTTP). */
function firstResult(url: string, token: string, after: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const subscription = client(url, token)
      .subscribe({ query: RESULTS, variables: { after } })
      .subscribe({
        next: (result) => {
          resolve((result.data as { approvalResults: { id: string } }).approvalResults.id);
          setTimeout(() => subscription.unsubscribe());
        },
        error: reject,
      });
  });
}

Object.assign(window, { pageCustomers, firstResult });
