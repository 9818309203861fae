import { Arg, Args, Ctx, ID, Query, Resolver } from "type-graphql";
import { requireStaff } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { DayRangeArgs } from "../../common/dayRange.js";
import { NOT_A_BILL } from "../entities/consumptionRecord.js";
import type { BillingLoaders } from "../loaders.js";
import { instantsOf } from "./customerBilling.resolver.js";

type Context = SubgraphContext<BillingLoaders>;

@Resolver()
export class ExportResolver {
  @Query(() => String, {
    description: `A link to download the caller's consumption details in the range as CSV (UTF-8 with a byte-order mark, so Excel shows Chinese names; \`bom: false\` leaves it out), for a browser's \`<a href>\`: signed for you, valid 5 minutes, no Authorization header needed. Staff only; the same visibility as the graph. ${NOT_A_BILL}`,
  })
  consumptionExportUrl(
    @Args(() => DayRangeArgs) range: DayRangeArgs,
    @Arg("customerId", () => ID, { nullable: true, description: "Only this customer's records." })
    customerId: string | undefined,
    @Arg("bom", () => Boolean, { defaultValue: true, description: "Begin with a UTF-8 byte-order mark (for Excel)." })
    bom: boolean,
    @Ctx() { actor, downloadLink }: Context,
  ): string {
    requireStaff(actor);
    instantsOf(range); // a range that ends before it starts is refused now, not at the download
    const params: Record<string, string> = { from: range.from, to: range.to };
    if (customerId) params.customerId = customerId;
    if (!bom) params.bom = "0";
    return downloadLink("/exports/consumption.csv", params);
  }
}
