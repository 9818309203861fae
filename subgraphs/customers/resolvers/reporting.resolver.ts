import { Arg, Args, Ctx, Field, InputType, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { requireRole, requireStaff } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import {
  connection,
  ConnectionArgs,
  ConnectionType,
  type Connection,
  type SortOrder,
} from "../../common/pagination.js";
import { CustomerReport } from "../entities/customerReport.js";
import type { CustomersLoaders } from "../loaders.js";
import { fileReport } from "../reporting.js";
import { checkAccountName, checkText } from "../rules.js";

type Context = SubgraphContext<CustomersLoaders>;

@ObjectType({ description: "A page of customer reports by cursor." })
export class CustomerReportConnection extends ConnectionType(CustomerReport) {}

@InputType({ description: "Report a customer (客户报备) to reserve it for my partner for 90 days." })
export class ReportCustomerInput {
  @Field(() => String, { description: "The customer's account name." })
  accountName!: string;

  @Field(() => String, { description: "Why: the opportunity pursued." })
  reason!: string;
}

const NEWEST_FIRST: SortOrder<CustomerReport> = {
  name: "reportedAt:DESC",
  column: "report.reported_at",
  idColumn: "report.id",
  direction: "DESC",
  keyOf: (r) => r.reportedAt,
  idOf: (r) => r.id,
};

@Resolver(() => CustomerReport)
export class ReportingResolver {
  @Mutation(() => CustomerReport, {
    description:
      "Report a customer (客户报备; admin, supervisor or manager): reserves the account for my partner for 90 days. Reporting is per customer; there is no project-level reporting.",
  })
  async reportCustomer(
    @Arg("input", () => ReportCustomerInput, { description: "The account to report, and why." })
    input: ReportCustomerInput,
    @Ctx() { actor, db }: Context,
  ): Promise<CustomerReport> {
    const staff = requireRole(actor, ["admin", "supervisor", "manager"], "report customers");
    checkAccountName("input.accountName", input.accountName);
    const reason = checkText("input.reason", input.reason);
    const ask = { partnerId: staff.partnerId, accountName: input.accountName, reason, subject: staff.subject };
    return db.transaction((tx) => fileReport(tx, ask));
  }

  @Query(() => CustomerReportConnection, { description: "My partner's customer reports, newest first." })
  customerReports(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() { actor, db }: Context,
  ): Promise<Connection<CustomerReport>> {
    const staff = requireStaff(actor);
    return connection(
      db
        .getRepository(CustomerReport)
        .createQueryBuilder("report")
        .where("report.partner_id = :partnerId", { partnerId: staff.partnerId }),
      NEWEST_FIRST,
      args,
    );
  }
}
