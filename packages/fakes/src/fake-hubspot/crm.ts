import type { FakeHubSpot } from "./index";
import { registerContactRoutes } from "./contacts";
import { registerEngagementRoutes } from "./engagements";
import { registerMarketingEventRoutes } from "./marketing-events";
import { registerUserRoutes } from "./users";

/** The CRM, marketing, users and timeline areas of the fake (what the sync writes to). */
export function registerCrmRoutes(fake: FakeHubSpot) {
  registerContactRoutes(fake);
  registerUserRoutes(fake);
  registerMarketingEventRoutes(fake);
  registerEngagementRoutes(fake);
}

export { crmOf, archiveContact, contactByEmail, liveContacts, eventKey } from "./crm-store";
