import "reflect-metadata";
import { DEFAULT_PORTS, isMain, runSubgraph, type SubgraphDefinition } from "../common/subgraph.js";
import { startAssociationEffects } from "./associationEffects.js";
import { ConsumptionRecord } from "./entities/consumptionRecord.js";
import { EventCheckpoint } from "./entities/eventCheckpoint.js";
import { FundTransfer } from "./entities/fundTransfer.js";
import { VoucherOperation } from "./entities/voucherOperation.js";
import { Customer } from "./entities/customer.js";
import { CustomerBalance } from "./entities/customerBalance.js";
import { Staff } from "./entities/staff.js";
import { Voucher } from "./entities/voucher.js";
import { createLoaders, type BillingLoaders } from "./loaders.js";
import { CreateBilling1763856000000 } from "./migrations/1763856000000-CreateBilling.js";
import { FundsAndVoucherOperations1763942400000 } from "./migrations/1763942400000-FundsAndVoucherOperations.js";
import { customerReference, CustomerBillingResolver } from "./resolvers/customerBilling.resolver.js";
import { seedBilling } from "./seed.js";

/** Billing: consumption, balances, vouchers and funds of the partner's customers. */
export const billing: SubgraphDefinition<BillingLoaders> = {
  name: "billing",
  defaultPort: DEFAULT_PORTS.billing,
  entities: [ConsumptionRecord, CustomerBalance, Voucher, FundTransfer, VoucherOperation, EventCheckpoint],
  migrations: [CreateBilling1763856000000, FundsAndVoucherOperations1763942400000],
  federation: {
    resolvers: [CustomerBillingResolver],
    orphanedTypes: [Customer, Staff],
    references: { Customer: customerReference },
  },
  createLoaders,
  start: startAssociationEffects,
  seededWhen: CustomerBalance,
  seed: seedBilling,
};

if (isMain(import.meta.url)) await runSubgraph(billing as SubgraphDefinition<never>);
