import { gatewayTokenSecret, signServiceToken } from "../../common/gatewayToken.js";
import { post, type GraphQLResponse, type TestGraph } from "./graph.js";

const RECORD = `mutation($input: ConsumptionLineInput!) { recordConsumption(input: $input) { id billCycle payer fundingSource amount { amount } } }`;

/** Sends billing a consumption line as the platform's billing does (a service token, straight to the subgraph). */
export async function recordLine(graph: TestGraph, input: Record<string, unknown>): Promise<GraphQLResponse> {
  const token = await signServiceToken("platform-billing", gatewayTokenSecret());
  return post(
    graph.subgraphs.billing.graphqlUrl,
    {
      query: RECORD,
      variables: {
        input: {
          serviceType: "ECS",
          chargingMode: "ON_DEMAND",
          billDetailType: "USAGE",
          paymentMethod: "CASH",
          ...input,
        },
      },
    },
    { authorization: `Bearer ${token}` },
  );
}
