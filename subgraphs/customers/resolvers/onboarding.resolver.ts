import { Arg, Ctx, Field, InputType, Mutation, Resolver } from "type-graphql";
import { requireRole } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { AssociationSource } from "../entities/association.js";
import { Customer, CustomerType } from "../entities/customer.js";
import type { CustomersLoaders } from "../loaders.js";
import { checkNewCustomer, createCustomerAccount } from "../onboarding.js";

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
    const checked = checkNewCustomer(input);
    const creator = { partnerId: staff.partnerId, managerId: staff.role === "manager" ? staff.staffId : null };
    return db.transaction((tx) => createCustomerAccount(tx, creator, checked));
  }
}
