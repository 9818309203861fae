import { demoCustomers, demoPartners, type DemoCustomer, type DemoPartner } from "../../common/demo.js";
import { TEST_DEMO } from "./graph.js";

/** The test world's partners and customers, straight from the generator the seeds use. */
export const partners: DemoPartner[] = demoPartners(TEST_DEMO.seed);
export const customers: DemoCustomer[] = [...demoCustomers(TEST_DEMO)];

export const customersOf = (partner: DemoPartner) => customers.filter((c) => c.partnerId === partner.id);
export const staffOf = (partner: DemoPartner, role: string) => partner.staff.filter((s) => s.role === role);
