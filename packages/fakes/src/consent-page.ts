import fs from "node:fs";
import path from "node:path";
import ejs from "ejs";
import type { Request, Response } from "express";

/**
 * The simulated consent pages of the fakes, with the sandbox banner (they are pages of the
 * app in sandbox mode), rendered from the package's views/consent.ejs (one folder up from
 * src/ and from dist/ alike).
 */
const TEMPLATE = path.join(__dirname, "..", "views", "consent.ejs");
const render = (data: Record<string, unknown>) => ejs.render(fs.readFileSync(TEMPLATE, "utf8"), data, { filename: TEMPLATE, cache: true });

export function consentPage(options: {
  service: "HubSpot" | "Zoom";
  question: string;
  details?: string;
  approve: { href: string; text: string };
  deny?: { href: string; text: string };
  stylesheet?: string;
}): string {
  return render({ service: options.service, heading: options.question, details: options.details, approve: options.approve, deny: options.deny, stylesheet: options.stylesheet });
}

/**
 * The page the fakes' authorize step shows for a `redirect_uri` the app did not register:
 * the browser is sent nowhere and no code is issued (no open redirect).
 */
export function refusalPage(service: "HubSpot" | "Zoom", redirectUri: string, stylesheet?: string): string {
  return render({
    service,
    stylesheet,
    heading: "This redirect URL is not registered",
    details: `${redirectUri} is not one of the app's redirect URLs, so ${service} sends nobody there.`,
  });
}

/**
 * The fakes' authorize step: with `?decision=deny` (or a click on Cancel) send the
 * browser back with error=access_denied; with `decision=approve` (or autoApprove) let
 * the caller issue a code; otherwise show the consent page whose links carry the decision.
 * Returns true when the caller should go on and approve.
 */
export function consentDecision(
  req: Request,
  res: Response,
  options: {
    autoApprove: boolean;
    back: URL;
    /** The page's stylesheet URL (the fake's `pageStylesheet`), if any. */
    stylesheet?: string;
    denyDescription?: string;
    page: (links: { approve: string; deny: string }) => Omit<Parameters<typeof consentPage>[0], "approve" | "deny"> & {
      approveText: string;
      denyText: string;
    };
  },
): boolean {
  const decision = req.query.decision ?? (options.autoApprove ? "approve" : undefined);
  if (decision === "approve") return true;
  if (decision === "deny") {
    options.back.searchParams.set("error", "access_denied");
    if (options.denyDescription) options.back.searchParams.set("error_description", options.denyDescription);
    res.redirect(302, options.back.toString());
    return false;
  }
  const link = (value: string) => {
    const u = new URL(req.originalUrl, "http://x");
    u.searchParams.set("decision", value);
    return u.pathname + u.search;
  };
  const links = { approve: link("approve"), deny: link("deny") };
  const { approveText, denyText, ...page } = options.page(links);
  res.type("html").send(consentPage({ ...page, stylesheet: options.stylesheet, approve: { href: links.approve, text: approveText }, deny: { href: links.deny, text: denyText } }));
  return false;
}

