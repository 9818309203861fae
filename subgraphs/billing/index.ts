import "reflect-metadata";
import { isMain, runSubgraph, type SubgraphDefinition } from "../common/subgraph.js";
import { DEFAULT_PORTS } from "../../common/services.js";
import { startAssociationEffects } from "./associationEffects.js";
import { ConsumptionDay } from "./entities/consumptionDay.js";
import { ConsumptionRecord } from "./entities/consumptionRecord.js";
import { Customer } from "./entities/customer.js";
import { CustomerBalance } from "./entities/customerBalance.js";
import { CustomerDiscount } from "./entities/customerDiscount.js";
import { EventCheckpoint } from "./entities/eventCheckpoint.js";
import { FundTransfer } from "./entities/fundTransfer.js";
import { IdempotentResult } from "./entities/idempotentResult.js";
import { Invoice } from "./entities/invoice.js";
import { MarketplaceProduct } from "./entities/marketplaceProduct.js";
import { Partner } from "./entities/partner.js";
import { PartnerAccount } from "./entities/partnerAccount.js";
import { ProductDiscount } from "./entities/productDiscount.js";
import { Staff } from "./entities/staff.js";
import { Voucher } from "./entities/voucher.js";
import { VoucherOperation } from "./entities/voucherOperation.js";
import { VoucherQuota } from "./entities/voucherQuota.js";
import { VoucherQuotaApplication } from "./entities/voucherQuotaApplication.js";
import { VoucherRedemption } from "./entities/voucherRedemption.js";
import { createLoaders, type BillingLoaders } from "./loaders.js";
import { CreateBilling1763856000000 } from "./migrations/1763856000000-CreateBilling.js";
import { FundsAndVoucherOperations1763942400000 } from "./migrations/1763942400000-FundsAndVoucherOperations.js";
import { VouchersFundsDiscounts1764028800000 } from "./migrations/1764028800000-VouchersFundsDiscounts.js";
import { DashboardCoveringIndex1764115200000 } from "./migrations/1764115200000-DashboardCoveringIndex.js";
import { ConsumptionDays1764201600000 } from "./migrations/1764201600000-ConsumptionDays.js";
import { VoucherQuotaApplications1764806400000 } from "./migrations/1764806400000-VoucherQuotaApplications.js";
import { PayersAndInvoices1764892800000 } from "./migrations/1764892800000-PayersAndInvoices.js";
import { ConsumptionIntakeResolver } from "./resolvers/consumptionIntake.resolver.js";
import { customerReference, CustomerBillingResolver } from "./resolvers/customerBilling.resolver.js";
import { ExportResolver } from "./resolvers/export.resolver.js";
import { DashboardResolver } from "./resolvers/dashboard.resolver.js";
import { CustomerDiscountResolver, DiscountResolver } from "./resolvers/discount.resolver.js";
import { FundsResolver, PartnerBalancesResolver } from "./resolvers/funds.resolver.js";
import { InvoiceResolver } from "./resolvers/invoice.resolver.js";
import { PeriodConsumptionResolver } from "./resolvers/periodConsumption.resolver.js";
import { QuotaApplicationResolver } from "./resolvers/quotaApplication.resolver.js";
import { RedemptionResolver } from "./resolvers/redemption.resolver.js";
import { CustomerVouchersResolver, VoucherResolver } from "./resolvers/voucher.resolver.js";
import { startQuotaAnnouncements } from "./quotaAnnouncements.js";
import { billingRoutes } from "./routes.js";
import { seedBilling } from "./seed.js";
import { startVoucherExpiry } from "./vouchers.js";

/** Billing: consumption and its dashboard and export, balances and funds, vouchers, discounts. */
export const billing: SubgraphDefinition<BillingLoaders> = {
  name: "billing",
  defaultPort: DEFAULT_PORTS.billing,
  entities: [
    ConsumptionRecord,
    ConsumptionDay,
    CustomerBalance,
    Voucher,
    FundTransfer,
    VoucherOperation,
    EventCheckpoint,
    PartnerAccount,
    VoucherQuota,
    VoucherQuotaApplication,
    VoucherRedemption,
    IdempotentResult,
    CustomerDiscount,
    MarketplaceProduct,
    ProductDiscount,
    Invoice,
  ],
  migrations: [
    CreateBilling1763856000000,
    FundsAndVoucherOperations1763942400000,
    VouchersFundsDiscounts1764028800000,
    DashboardCoveringIndex1764115200000,
    ConsumptionDays1764201600000,
    VoucherQuotaApplications1764806400000,
    PayersAndInvoices1764892800000,
  ],
  federation: {
    resolvers: [
      CustomerBillingResolver,
      DashboardResolver,
      ExportResolver,
      FundsResolver,
      PartnerBalancesResolver,
      VoucherResolver,
      CustomerVouchersResolver,
      RedemptionResolver,
      QuotaApplicationResolver,
      DiscountResolver,
      CustomerDiscountResolver,
      PeriodConsumptionResolver,
      ConsumptionIntakeResolver,
      InvoiceResolver,
    ],
    orphanedTypes: [Customer, Staff, Partner],
    references: {
      Customer: customerReference,
      Partner: { __resolveReference: (reference: { id: string }) => Object.assign(new Partner(), reference) },
    },
  },
  createLoaders,
  routes: billingRoutes,
  // Association effects come from the customers subgraph's outbox; quota decisions go on its feed.
  needs: ["customers"],
  start: (scope) => {
    const stops = [
      startAssociationEffects(scope),
      startVoucherExpiry(scope.db, scope.intervalMs, scope.log),
      startQuotaAnnouncements(scope),
    ];
    return async () => {
      for (const stop of stops) await stop();
    };
  },
  seededWhen: CustomerBalance,
  seed: seedBilling,
};

if (isMain(import.meta.url)) await runSubgraph(billing as SubgraphDefinition<never>);
