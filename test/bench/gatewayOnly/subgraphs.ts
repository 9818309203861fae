import { serveSubgraph, type TestSubgraph } from "../../helpers/subgraphServer.js";

/**
 * The four subgraphs of The Guild's gateways benchmark (accounts, inventory, products, reviews),
 * answering from memory in one process, so that a gateway in front of them measures its own
 * cost: `PORTS=a,b,c,d node dist/test/bench/gatewayOnly/subgraphs.js`.
 */
const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@provides", "@shareable"])`;

const users = Array.from({ length: 10 }, (_, i) => ({
  id: String(i + 1),
  name: `User ${i + 1}`,
  username: `user${i + 1}`,
  birthday: 1_000_000 + i,
}));
const products = Array.from({ length: 20 }, (_, i) => ({
  upc: String(i + 1),
  name: `Product ${i + 1}`,
  price: 100 + i * 7,
  weight: 10 + (i % 5),
}));
const reviews = users.flatMap((user, u) =>
  [0, 1, 2].map((k) => ({
    id: String(u * 3 + k + 1),
    body: `Review ${u * 3 + k + 1} by ${user.username}`,
    authorId: user.id,
    upc: products[(u * 3 + k) % products.length]!.upc,
  })),
);
const byId = <T, K extends keyof T>(items: T[], key: K) => new Map(items.map((item) => [item[key], item]));
const userById = byId(users, "id");
const productByUpc = byId(products, "upc");

export const SUBGRAPHS: TestSubgraph[] = [
  {
    name: "accounts",
    link: LINK,
    typeDefs: `
      type Query { me: User users: [User] user(id: ID!): User }
      type User @key(fields: "id") { id: ID! name: String username: String @shareable birthday: Int }`,
    resolvers: {
      Query: { me: () => users[0], users: () => users, user: (_: unknown, { id }: { id: string }) => userById.get(id) },
      User: { __resolveReference: ({ id }: { id: string }) => userById.get(id) },
    },
  },
  {
    name: "inventory",
    link: LINK,
    typeDefs: `
      type Product @key(fields: "upc") {
        upc: String!
        weight: Int @external
        price: Int @external
        inStock: Boolean
        shippingEstimate: Int @requires(fields: "price weight")
      }`,
    resolvers: {
      Product: {
        __resolveReference: (product: { upc: string }) => product,
        inStock: ({ upc }: { upc: string }) => Number(upc) % 3 !== 0,
        shippingEstimate: ({ price, weight }: { price: number; weight: number }) =>
          price > 1000 ? 0 : Math.round(weight * 0.5),
      },
    },
  },
  {
    name: "products",
    link: LINK,
    typeDefs: `
      type Query { topProducts(first: Int = 5): [Product] }
      type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int }`,
    resolvers: {
      Query: { topProducts: (_: unknown, { first }: { first: number }) => products.slice(0, first) },
      Product: { __resolveReference: ({ upc }: { upc: string }) => productByUpc.get(upc) },
    },
  },
  {
    name: "reviews",
    link: LINK,
    typeDefs: `
      type Review @key(fields: "id") { id: ID! body: String author: User @provides(fields: "username") product: Product }
      type User @key(fields: "id") { id: ID! username: String @external reviews: [Review] }
      type Product @key(fields: "upc") { upc: String! reviews: [Review] }`,
    resolvers: {
      Review: {
        author: (review: { authorId: string }) => ({
          id: review.authorId,
          username: userById.get(review.authorId)!.username,
        }),
        product: (review: { upc: string }) => ({ upc: review.upc }),
      },
      User: {
        __resolveReference: ({ id }: { id: string }) => ({ id }),
        reviews: ({ id }: { id: string }) => reviews.filter((review) => review.authorId === id),
      },
      Product: {
        __resolveReference: ({ upc }: { upc: string }) => ({ upc }),
        reviews: ({ upc }: { upc: string }) => reviews.filter((review) => review.upc === upc),
      },
    },
  },
];

/** The benchmark's query: every subgraph, entities three levels deep. */
export const GATEWAY_ONLY_QUERY = `
  fragment User on User { id username name }
  fragment Review on Review { id body }
  fragment Product on Product { inStock name price shippingEstimate upc weight }
  query TestQuery {
    users { ...User reviews { ...Review product { ...Product reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } } } } }
    topProducts { ...Product reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } } }
  }`;

if (process.env.PORTS) {
  const ports = process.env.PORTS.split(",").map(Number);
  await Promise.all(SUBGRAPHS.map((subgraph, i) => serveSubgraph(subgraph, ports[i]!)));
  console.log(`gateway-only subgraphs: serving on ${ports.join(", ")}`);
}
