import { isInDomains, webinarSyncDecision, type SyncSettings } from "../../src/settings/rules";
import { isValidEmail, screenByEmail } from "../../src/sync/eligibility";

/**
 * Exclusions (CONTRACT.md §3 settings, §5 "Never synced"), pure: host domains keep a
 * webinar out of the sync, contact domains keep people out of HubSpot, and a webinar is
 * synced only when every switch allows it. Expectations worked out by hand.
 */
describe("isInDomains: an email's domain is a listed domain or a subdomain of one", () => {
  it.each<[string, string, string[], boolean]>([
    ["the same domain", "ann@staff.example", ["staff.example"], true],
    ["a subdomain", "ann@eu.staff.example", ["staff.example"], true],
    ["a deeper subdomain", "ann@a.b.staff.example", ["staff.example"], true],
    ["upper case in the email", "Ann@STAFF.Example", ["staff.example"], true],
    ["upper case in the list", "ann@staff.example", ["Staff.EXAMPLE"], true],
    ["a domain listed with its @", "ann@staff.example", ["@staff.example"], true],
    ["one of several domains", "ann@two.example", ["one.example", "two.example"], true],
    ["a domain that only ends the same way", "ann@notstaff.example", ["staff.example"], false],
    ["the parent of a listed subdomain", "ann@staff.example", ["eu.staff.example"], false],
    ["the domain only in the local part", "staff.example@other.example", ["staff.example"], false],
    ["no domains listed", "ann@staff.example", [], false],
    ["no @ at all", "staff.example", ["staff.example"], false],
    ["nothing after the @", "ann@", ["staff.example"], false],
  ])("%s: %s in %j → %s", (_case, email, domains, expected) => {
    expect(isInDomains(email, domains)).toBe(expected);
  });
});

describe("isValidEmail", () => {
  it.each<[string, boolean]>([
    ["ann@example.org", true],
    ["ann.lee+webinars@mail.example.co.uk", true],
    ["o'neil@example.org", true],
    ["ann@example", false],
    ["ann@example.o", false],
    ["ann.example.org", false],
    ["ann@@example.org", false],
    ["ann lee@example.org", false],
    ["<ann@example.org>", false],
    ["ann@exa,mple.org", false],
    ["", false],
    [`${"a".repeat(240)}@example.org`, true], // 252 characters
    [`${"a".repeat(243)}@example.org`, false], // 255 characters: over 254
  ])("%s → %s", (email, expected) => {
    expect(isValidEmail(email)).toBe(expected);
  });
});

describe("screenByEmail: what the email alone rules out", () => {
  const zero = { hubspot_user: 0, excluded_domain: 0, invalid_email: 0, secondary_email: 0, no_email: 0 };
  it.each<[string, string[], number, string[], Partial<typeof zero>, string[]]>([
    ["nobody", [], 0, [], {}, []],
    ["valid people outside the excluded domains stay", ["ann@example.org", "bob@example.net"], 0, ["staff.example"], {}, ["ann@example.org", "bob@example.net"]],
    ["an excluded contact domain", ["ann@example.org", "eve@staff.example", "sub@eu.staff.example"], 0, ["staff.example"], { excluded_domain: 2 }, ["ann@example.org"]],
    ["an invalid email", ["not-an-email", "ann@example.org"], 0, [], { invalid_email: 1 }, ["ann@example.org"]],
    ["an empty email", ["", "ann@example.org"], 0, [], { no_email: 1 }, ["ann@example.org"]],
    ["participants known without an email are added", ["", "ann@example.org"], 3, [], { no_email: 4 }, ["ann@example.org"]],
    // Invalid is decided before the domain: an invalid address in an excluded domain is invalid.
    ["an invalid address in an excluded domain", ["eve@@staff.example"], 0, ["staff.example"], { invalid_email: 1 }, []],
  ])("%s", (_case, emails, withoutEmail, contactDomains, counts, local) => {
    expect(screenByEmail(emails, withoutEmail, contactDomains)).toEqual({ counts: { ...zero, ...counts }, local });
  });
});

describe("webinarSyncDecision: a webinar is synced when every switch allows it", () => {
  const on: SyncSettings = { webinarSyncEnabled: true, webinarSyncScope: "all", selectedZoomUserIds: [], excludedHostDomains: [] };
  type Webinar = Parameters<typeof webinarSyncDecision>[1];
  const hosted: Webinar = { hostId: "zu_1", hostEmail: "host@zoomco.example", syncEnabled: true };

  it.each<[string, Partial<SyncSettings>, Partial<Webinar>, string]>([
    ["everything on, scope all", {}, {}, "synced"],
    ["the portal's sync off", { webinarSyncEnabled: false }, {}, "sync_off"],
    ["scope none", { webinarSyncScope: "none" }, {}, "scope_none"],
    ["scope selected, host selected", { webinarSyncScope: "selected", selectedZoomUserIds: ["zu_9", "zu_1"] }, {}, "synced"],
    ["scope selected, host not selected", { webinarSyncScope: "selected", selectedZoomUserIds: ["zu_9"] }, {}, "host_not_selected"],
    ["scope selected, host unknown", { webinarSyncScope: "selected", selectedZoomUserIds: ["zu_1"] }, { hostId: null }, "host_not_selected"],
    ["the host's domain excluded", { excludedHostDomains: ["zoomco.example"] }, {}, "host_domain_excluded"],
    ["the host's parent domain excluded", { excludedHostDomains: ["example"] }, {}, "host_domain_excluded"],
    ["the host's domain excluded, in another case", { excludedHostDomains: ["ZoomCo.Example"] }, {}, "host_domain_excluded"],
    ["another host domain excluded", { excludedHostDomains: ["other.example"] }, {}, "synced"],
    ["host domains excluded but the host's email unknown", { excludedHostDomains: ["zoomco.example"] }, { hostEmail: null }, "synced"],
    ["the webinar's own switch off", {}, { syncEnabled: false }, "webinar_off"],
    // When several rules refuse, the first in the contract's order is the reason given.
    ["sync off and scope none", { webinarSyncEnabled: false, webinarSyncScope: "none" }, {}, "sync_off"],
    ["scope none and host excluded", { webinarSyncScope: "none", excludedHostDomains: ["zoomco.example"] }, {}, "scope_none"],
    ["host not selected and host excluded", { webinarSyncScope: "selected", excludedHostDomains: ["zoomco.example"] }, {}, "host_not_selected"],
    ["host excluded and the webinar off", { excludedHostDomains: ["zoomco.example"] }, { syncEnabled: false }, "host_domain_excluded"],
    // Zoom Events webinars are left alone whatever the settings (CONTRACT.md §11).
    ["a Zoom Events webinar, everything on", {}, { zoomEvents: true }, "zoom_events"],
    ["a Zoom Events webinar, sync off", { webinarSyncEnabled: false }, { zoomEvents: true }, "zoom_events"],
    ["Zoom did not say (null)", {}, { zoomEvents: null }, "synced"],
  ])("%s → %s", (_case, settings, webinar, expected) => {
    const decision = webinarSyncDecision({ ...on, ...settings }, { ...hosted, ...webinar });
    expect(decision.synced ? "synced" : decision.reason).toBe(expected);
  });
});
