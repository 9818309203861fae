import { randomUUID } from "node:crypto";
import { Arg, Ctx, Field, InputType, Mutation, Resolver } from "type-graphql";
import { IsNull, MoreThan } from "typeorm";
import { requireRole } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { badUserInput, conflict } from "../../../common/errors.js";
import { Association, AssociationSource, AssociationType } from "../entities/association.js";
import { Customer, CustomerType, NewCustomerTag, VerificationStatus } from "../entities/customer.js";
import { CustomerReport } from "../entities/customerReport.js";
import { ManagerAssignment } from "../entities/managerAssignment.js";
import type { CustomersLoaders } from "../loaders.js";
import { checkAccountName, checkText, refuse } from "../rules.js";

type Context = SubgraphContext<CustomersLoaders>;

@InputType({ description: "A new customer account, created by my partner (always resale)." })
export class CreateCustomerInput {
  @Field(() => String, {
    description: 'Account name: 5 to 32 letters, digits, "_" or "-", not starting with a digit; unique.',
  })
  accountName!: string;

  @Field(() => String, { description: "Real name of the company or person, up to 64 characters." })
  realName!: string;

  @Field(() => CustomerType, { description: "Company or person." })
  customerType!: CustomerType;

  @Field(() => AssociationSource, {
    defaultValue: AssociationSource.PARTNER_API,
    description: "PARTNER_API (create-customer API) or IAM (IAM integration); both associate as resale.",
  })
  source!: AssociationSource;

  @Field(() => String, { nullable: true, description: "Contact e-mail." })
  email?: string | null;

  @Field(() => String, { nullable: true, description: "Contact mobile number." })
  phone?: string | null;
}

@Resolver()
export class OnboardingResolver {
  @Mutation(() => Customer, {
    description:
      "Create a customer account associated with my partner as resale (admin or customer manager; a manager's new customer is assigned to them). Refused if another partner reported the account.",
  })
  async createCustomer(
    @Arg("input", () => CreateCustomerInput, { description: "The new customer's account." }) input: CreateCustomerInput,
    @Ctx() { actor, db }: Context,
  ): Promise<Customer> {
    const staff = requireRole(actor, ["admin", "manager"], "create customers");
    checkAccountName("input.accountName", input.accountName);
    const realName = checkText("input.realName", input.realName, 64);
    if (input.source === AssociationSource.INVITATION)
      throw badUserInput(
        "input.source",
        "A created customer comes from PARTNER_API or IAM; invitations are accepted by the customer.",
      );
    if (input.email != null && !/^[^@\s]{1,64}@[^@\s]{1,100}$/.test(input.email))
      throw badUserInput("input.email", "email is not an e-mail address.");
    if (input.phone != null && !/^\+?\d{6,15}$/.test(input.phone))
      throw badUserInput("input.phone", "phone must be 6 to 15 digits, optionally after +.");
    return db.transaction(async (tx) => {
      if (await tx.getRepository(Customer).existsBy({ accountName: input.accountName })) {
        throw conflict(`The account name "${input.accountName}" is taken; choose another.`);
      }
      const now = new Date().toISOString();
      const reports = await tx
        .getRepository(CustomerReport)
        .findBy({ accountName: input.accountName, validUntil: MoreThan(now), convertedAt: IsNull() });
      if (reports.some((r) => r.partnerId !== staff.partnerId)) {
        throw refuse(
          "reported-by-another-partner",
          `Another partner reported "${input.accountName}"; it is reserved for them until ${reports.find((r) => r.partnerId !== staff.partnerId)!.validUntil.slice(0, 10)}.`,
        );
      }
      const customer = tx.getRepository(Customer).create({
        id: randomUUID(),
        realName,
        accountName: input.accountName,
        customerType: input.customerType,
        newCustomerTag: NewCustomerTag.UNDETERMINED,
        email: input.email ?? null,
        phone: input.phone ?? null,
        verificationStatus: VerificationStatus.NONE,
        level: "V0",
        frozen: false,
        enterpriseMembers: 0,
        reservedInstancesUntil: null,
      });
      await tx.getRepository(Customer).insert(customer);
      const managerId = staff.role === "manager" ? staff.staffId : null;
      customer.association = tx.getRepository(Association).create({
        id: randomUUID(),
        customerId: customer.id,
        partnerId: staff.partnerId,
        associationType: AssociationType.RESALE,
        source: input.source,
        associatedAt: now,
        label: null,
        managerId,
        managerAssignedAt: managerId ? now : null,
        endedAt: null,
      });
      await tx.getRepository(Association).insert(customer.association);
      if (managerId)
        await tx.getRepository(ManagerAssignment).insert({
          id: randomUUID(),
          partnerId: staff.partnerId,
          customerId: customer.id,
          managerId,
          assignedAt: now,
          endedAt: null,
        });
      await tx
        .getRepository(CustomerReport)
        .update(
          { accountName: input.accountName, partnerId: staff.partnerId, convertedAt: IsNull() },
          { convertedAt: now },
        );
      return customer;
    });
  }
}
