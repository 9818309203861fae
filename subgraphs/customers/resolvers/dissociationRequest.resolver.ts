import { Args, ArgsType, Ctx, Field, FieldResolver, ObjectType, Query, Resolver, Root } from "type-graphql";
import { requireStaff } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { connection, ConnectionArgs, ConnectionType, type Connection } from "../../common/pagination.js";
import { WHILE_PENDING } from "../dissociationRequests.js";
import { Customer } from "../entities/customer.js";
import { DissociationRequest, DissociationRequestStatus } from "../entities/dissociationRequest.js";
import { PartnerAssociation } from "../entities/partnerAssociation.js";
import type { CustomersLoaders } from "../loaders.js";

type Context = SubgraphContext<CustomersLoaders>;

@ObjectType({ description: "A page of dissociation requests by cursor." })
export class DissociationRequestConnection extends ConnectionType(DissociationRequest) {}

@ArgsType()
class DissociationRequestsArgs extends ConnectionArgs {
  @Field(() => DissociationRequestStatus, { nullable: true, description: "Only requests in this state." })
  status?: DissociationRequestStatus | null;
}

const NEWEST_FIRST = {
  name: "requestedAt:DESC",
  column: "request.requested_at",
  idColumn: "request.id",
  direction: "DESC" as const,
  keyOf: (r: DissociationRequest) => r.requestedAt,
  idOf: (r: DissociationRequest) => r.id,
};

@Resolver(() => DissociationRequest)
export class DissociationRequestResolver {
  @Query(() => DissociationRequestConnection, {
    description:
      "My partner's dissociation requests, either side's, newest first: all for admin and analyst; for managers and supervisors those of customers they see now (so not the ones that took effect).",
  })
  async dissociationRequests(
    @Args(() => DissociationRequestsArgs) args: DissociationRequestsArgs,
    @Ctx() { actor, db, loaders }: Context,
  ): Promise<Connection<DissociationRequest>> {
    const staff = requireStaff(actor);
    const qb = db
      .getRepository(DissociationRequest)
      .createQueryBuilder("request")
      .where("request.partner_id = :partnerId", { partnerId: staff.partnerId });
    if (staff.role === "manager" || staff.role === "supervisor") {
      const visible = (await loaders.visible()).select("customer.id");
      qb.andWhere(`request.customer_id IN (${visible.getQuery()})`).setParameters({
        ...qb.getParameters(),
        ...visible.getParameters(),
      });
    }
    if (args.status) qb.andWhere("request.status = :status", { status: args.status });
    return connection(qb, NEWEST_FIRST, args);
  }

  @FieldResolver(() => Customer, { nullable: true, description: "The customer, if the caller may (still) see it." })
  customer(@Root() request: DissociationRequest, @Ctx() { loaders }: Context): Promise<Customer | null> {
    return loaders.customer.load(request.customerId);
  }
}

@Resolver(() => PartnerAssociation)
export class PartnerAssociationResolver {
  @FieldResolver(() => DissociationRequest, {
    nullable: true,
    description: "The pending dissociation request of this association, by either side; null when none.",
  })
  pendingDissociation(
    @Root() association: PartnerAssociation,
    @Ctx() { loaders }: Context,
  ): Promise<DissociationRequest | null> {
    return loaders.pendingDissociation.load(association.id);
  }
}

@Resolver(() => Customer)
export class CustomerDissociationResolver {
  @FieldResolver(() => DissociationRequest, {
    nullable: true,
    description: `The pending dissociation request, by the partner or the customer; null when none. ${WHILE_PENDING}`,
  })
  pendingDissociation(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<DissociationRequest | null> {
    return loaders.pendingDissociation.load(customer.association.id);
  }
}
