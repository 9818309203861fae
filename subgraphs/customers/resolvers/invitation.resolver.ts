import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import type { SelectQueryBuilder } from "typeorm";
import { requireCustomer, requireRole, requireStaff, type StaffActor } from "../../../common/actor.js";
import { notFound } from "../../../common/errors.js";
import type { SubgraphContext } from "../../common/context.js";
import {
  connection,
  ConnectionArgs,
  ConnectionType,
  type Connection,
  type SortOrder,
} from "../../common/pagination.js";
import { AssociationType } from "../entities/association.js";
import { Customer } from "../entities/customer.js";
import { Invitation, InvitationStatus } from "../entities/invitation.js";
import { acceptInvitation, answer, assertOpen, createInvitation, inviteeOf } from "../invitations.js";
import type { CustomersLoaders } from "../loaders.js";
import { checkText } from "../rules.js";

type Context = SubgraphContext<CustomersLoaders>;

@ObjectType({ description: "A page of invitations by cursor." })
export class InvitationConnection extends ConnectionType(Invitation) {}

@InputType({ description: "Invite an account to associate with my partner: by account name or by e-mail." })
export class InviteCustomerInput {
  @Field(() => String, {
    nullable: true,
    description: 'The account name (5 to 32 letters, digits, "_" or "-"); give this or email.',
  })
  accountName?: string | null;

  @Field(() => String, { nullable: true, description: "The account's e-mail address; give this or accountName." })
  email?: string | null;

  @Field(() => AssociationType, { description: "The association type offered: consulting sales or resale." })
  associationType!: AssociationType;

  @Field(() => String, { nullable: true, description: "A message for the customer, up to 500 characters." })
  message?: string | null;
}

@InputType({ description: "The customer's answer to an invitation." })
export class InvitationResponseInput {
  @Field(() => ID, { description: "The invitation answered." })
  invitationId!: string;

  @Field(() => Boolean, { description: "true to accept (the association begins), false to decline." })
  accept!: boolean;
}

@ArgsType()
class InvitationsArgs extends ConnectionArgs {
  @Field(() => InvitationStatus, { nullable: true, description: "Only invitations in this state." })
  status?: InvitationStatus | null;
}

const NEWEST_FIRST: SortOrder<Invitation> = {
  name: "invitedAt:DESC",
  column: "invitation.invited_at",
  idColumn: "invitation.id",
  direction: "DESC",
  keyOf: (i) => i.invitedAt,
  idOf: (i) => i.id,
};

/** A partner's invitations a staff member may see: the partner's for admin and analyst, a manager's own, a supervisor's team's. */
async function invitationsVisibleTo(context: Context, staff: StaffActor): Promise<SelectQueryBuilder<Invitation>> {
  const qb = context.db
    .getRepository(Invitation)
    .createQueryBuilder("invitation")
    .where("invitation.partner_id = :partnerId", { partnerId: staff.partnerId });
  if (staff.role === "manager") qb.andWhere("invitation.manager_id = :staffId", { staffId: staff.staffId });
  if (staff.role === "supervisor") {
    const team = await context.loaders.team(staff.staffId!);
    qb.andWhere(team.length ? "invitation.manager_id IN (:...team)" : "1 = 0", { team });
  }
  return qb;
}

/** Invitations addressed to a customer's account: by its account name or its e-mail. */
function addressedTo(context: Context, account: Customer): SelectQueryBuilder<Invitation> {
  return context.db
    .getRepository(Invitation)
    .createQueryBuilder("invitation")
    .where("(invitation.account_name = :accountName OR invitation.email = :email)", {
      accountName: account.accountName,
      email: account.email?.toLowerCase() ?? "",
    });
}

@Resolver(() => Invitation)
export class InvitationResolver {
  @Mutation(() => Invitation, {
    description:
      "Invite an account to associate with my partner (admin, or a customer manager, who then manages the customer). Refused when the account is associated, reserved by another partner's report, left my partner itself less than 3 months ago, or already has a pending invitation of mine. The customer answers within 7 days.",
  })
  async inviteCustomer(
    @Arg("input", () => InviteCustomerInput, { description: "Whom to invite, in which association type." })
    input: InviteCustomerInput,
    @Ctx() context: Context,
  ): Promise<Invitation> {
    const staff = requireRole(context.actor, ["admin", "manager"], "invite customers");
    const invitee = inviteeOf(input);
    const message = input.message == null ? null : checkText("input.message", input.message);
    return context.db.transaction((tx) =>
      createInvitation(
        tx,
        {
          partnerId: staff.partnerId,
          subject: staff.subject,
          managerId: staff.role === "manager" ? staff.staffId : null,
        },
        invitee,
        {
          associationType: input.associationType,
          message,
        },
      ),
    );
  }

  @Mutation(() => Invitation, {
    description:
      'As a customer: accept or decline an invitation addressed to my account, from my account center ("my partners"). Accepting associates me with the partner in the invited type; refused while I am associated with a partner.',
  })
  async respondToInvitation(
    @Arg("input", () => InvitationResponseInput, { description: "The invitation and the answer." })
    input: InvitationResponseInput,
    @Ctx() context: Context,
  ): Promise<Invitation> {
    const own = requireCustomer(context.actor);
    const account = await context.db.getRepository(Customer).findOneBy({ id: own.customerId });
    const invitation =
      account &&
      (await addressedTo(context, account).andWhere("invitation.id = :id", { id: input.invitationId }).getOne());
    if (!account || !invitation) throw notFound("invitation", input.invitationId);
    assertOpen(invitation, new Date().toISOString());
    await context.db.transaction(async (tx) => {
      if (input.accept) await acceptInvitation(tx, invitation, account);
      else await answer(tx, invitation, InvitationStatus.DECLINED, account.id, new Date().toISOString());
    });
    return invitation;
  }

  @Query(() => InvitationConnection, {
    description:
      "My partner's invitations, newest first: all of them for admin and analyst, a manager's own, a supervisor's team's.",
  })
  async invitations(
    @Args(() => InvitationsArgs) args: InvitationsArgs,
    @Ctx() context: Context,
  ): Promise<Connection<Invitation>> {
    const qb = await invitationsVisibleTo(context, requireStaff(context.actor));
    const now = new Date().toISOString();
    // The stored status lags the expiry: filter as the status field reads.
    if (args.status === InvitationStatus.PENDING)
      qb.andWhere("invitation.status = 'PENDING' AND invitation.expires_at > :now", { now });
    else if (args.status === InvitationStatus.EXPIRED)
      qb.andWhere("invitation.status = 'PENDING' AND invitation.expires_at <= :now", { now });
    else if (args.status) qb.andWhere("invitation.status = :status", { status: args.status });
    return connection(qb, NEWEST_FIRST, args);
  }

  @Query(() => [Invitation], {
    description: "As a customer: invitations to my account waiting for my answer, newest first.",
  })
  async myInvitations(@Ctx() context: Context): Promise<Invitation[]> {
    const own = requireCustomer(context.actor);
    const account = await context.db.getRepository(Customer).findOneBy({ id: own.customerId });
    if (!account) return [];
    return addressedTo(context, account)
      .andWhere("invitation.status = 'PENDING' AND invitation.expires_at > :now", { now: new Date().toISOString() })
      .orderBy("invitation.invited_at", "DESC")
      .getMany();
  }

  @FieldResolver(() => Customer, {
    nullable: true,
    description: "The customer it brought, once accepted, if the caller may see it.",
  })
  customer(@Root() invitation: Invitation, @Ctx() { loaders }: Context): Promise<Customer | null> | null {
    return invitation.storedStatus === InvitationStatus.ACCEPTED && invitation.customerId
      ? loaders.customer.load(invitation.customerId)
      : null;
  }
}
