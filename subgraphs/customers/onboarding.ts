import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { badUserInput, conflict } from "../../common/errors.js";
import { startAssignment } from "./assignment.js";
import { Association, AssociationSource, AssociationType } from "./entities/association.js";
import { Customer, type CustomerType, NewCustomerTag, VerificationStatus } from "./entities/customer.js";
import { convertReports, reservingReports } from "./reporting.js";
import { checkAccountName, checkText, refuse } from "./rules.js";

/**
 * A partner creates a customer account (docs/domain.md: created through the partner's API or
 * brought in through IAM integration, always resale). The rules are plain functions of the
 * input and of facts; `createCustomerAccount` gathers the facts and writes in the caller's
 * transaction.
 */

export interface NewCustomer {
  accountName: string;
  realName: string;
  customerType: CustomerType;
  source: AssociationSource;
  email?: string | null;
  phone?: string | null;
}

/** The new account's input as the partner sent it: checked, with its real name trimmed. */
export function checkNewCustomer(input: NewCustomer): NewCustomer {
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
  return { ...input, realName };
}

/** Account names are unique. */
export function assertAccountNameFree(accountName: string, taken: boolean): void {
  if (taken) throw conflict(`The account name "${accountName}" is taken; choose another.`);
}

/** An account another partner reported is reserved for that partner while the report holds. */
export function assertNotReservedForAnother(
  partnerId: string,
  accountName: string,
  reports: readonly { partnerId: string; validUntil: string }[],
): void {
  const reservation = reports.find((r) => r.partnerId !== partnerId);
  if (reservation)
    throw refuse(
      "reported-by-another-partner",
      `Another partner reported "${accountName}"; it is reserved for them until ${reservation.validUntil.slice(0, 10)}.`,
    );
}

/** Who creates: the partner, and the creating manager (null for an admin), who will manage the customer. */
export interface Creator {
  partnerId: string;
  managerId: string | null;
}

/**
 * Creates the account in the caller's transaction, after the rules on its facts: the customer,
 * its resale association (assigned to a creating manager), and the partner's reports of it converted.
 */
export async function createCustomerAccount(
  tx: EntityManager,
  creator: Creator,
  input: NewCustomer,
): Promise<Customer> {
  const { partnerId, managerId } = creator;
  assertAccountNameFree(
    input.accountName,
    await tx.getRepository(Customer).existsBy({ accountName: input.accountName }),
  );
  const now = new Date().toISOString();
  assertNotReservedForAnother(partnerId, input.accountName, await reservingReports(tx, input.accountName, now));
  const customer = tx.getRepository(Customer).create({
    id: randomUUID(),
    realName: input.realName,
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
  customer.association = tx.getRepository(Association).create({
    id: randomUUID(),
    customerId: customer.id,
    partnerId,
    associationType: AssociationType.RESALE,
    source: input.source,
    associatedAt: now,
    label: null,
    managerId,
    managerAssignedAt: managerId ? now : null,
    endedAt: null,
  });
  await tx.getRepository(Association).insert(customer.association);
  if (managerId) await startAssignment(tx, { partnerId, customerId: customer.id, managerId }, now);
  await convertReports(tx, input.accountName, partnerId, now);
  return customer;
}
