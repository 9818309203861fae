import { callSubgraph } from "../common/peers.js";

/**
 * Every call of the incentives subgraph to another one, through their GraphQL, never their
 * tables: the caller's taxpayer identity from partners (with the request's gateway token) and
 * closed periods' consumption from billing (with incentives' own service token).
 */

export type TaxpayerType = "GENERAL" | "SMALL_SCALE";

/** The caller's partner's taxpayer identity, which partners owns. */
export async function taxpayerTypeOf(partnersUrl: string, gatewayToken: string): Promise<TaxpayerType> {
  const { partner } = await callSubgraph<{ partner: { taxpayerType: TaxpayerType } }>(
    "partners",
    partnersUrl,
    gatewayToken,
    `{ partner { taxpayerType } }`,
  );
  return partner.taxpayerType;
}

/** One partner's consumption of one service type in one closed period, in yuan. */
export interface PeriodConsumption {
  partnerId: string;
  period: string;
  serviceType: string;
  amount: string;
}

const PERFORMANCE = `query Performance($from: String!, $to: String!) { periodConsumption(fromPeriod: $from, toPeriod: $to) { partnerId period serviceType amount } }`;

/** Every partner's consumption per service type in the periods `from` to `to`, from billing. */
export async function periodConsumption(
  billingUrl: string,
  serviceToken: string,
  from: string,
  to: string,
): Promise<PeriodConsumption[]> {
  const data = await callSubgraph<{ periodConsumption: PeriodConsumption[] }>(
    "billing",
    billingUrl,
    serviceToken,
    PERFORMANCE,
    { from, to },
  );
  return data.periodConsumption;
}
